-- `:checkhealth credsum`: is the server binary there, and which version is it.
-- Works with vim.health (0.8+: start/ok/warn/error, or report_* before 0.10) and with the
-- health#report_* functions of Neovim 0.7.
local M = {}

local function reporter()
  local h = vim.health
  if type(h) == 'table' and (h.start or h.report_start) then
    return {
      start = h.start or h.report_start,
      ok = h.ok or h.report_ok,
      info = h.info or h.report_info,
      warn = h.warn or h.report_warn,
      error = h.error or h.report_error,
    }
  end
  local function fn(name)
    return function(msg, advice)
      if advice ~= nil then
        vim.fn['health#report_' .. name](msg, advice)
      else
        vim.fn['health#report_' .. name](msg)
      end
    end
  end
  return { start = fn('start'), ok = fn('ok'), info = fn('info'), warn = fn('warn'), error = fn('error') }
end

--- The command in force: setup()'s, else vim.lsp.config's (0.11+), else the default.
local function server_cmd()
  local credsum = require('credsum')
  local cmd = credsum.options and credsum.options.cmd
  if credsum.method() == 'enable' then
    local ok, cfg = pcall(function()
      return vim.lsp.config['credsum']
    end)
    if ok and cfg and type(cfg.cmd) == 'table' then
      cmd = cfg.cmd
    end
  end
  return cmd or { 'credsum', 'lsp' }
end

function M.check()
  local r = reporter()
  local credsum = require('credsum')
  r.start('credsum language server')
  local v = vim.version()
  r.info(string.format('Neovim %d.%d.%d; client started with %s', v.major, v.minor, v.patch, credsum.method()))

  local cmd = server_cmd()
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' then
    r.error('cmd is not a list of strings', { "setup({ cmd = { 'credsum', 'lsp' } })" })
    return
  end
  local exe = cmd[1]
  local path = vim.fn.exepath(exe)
  if vim.fn.executable(exe) ~= 1 or path == '' then
    r.error(
      string.format('server binary `%s` not found (cmd = %s)', exe, table.concat(cmd, ' ')),
      { 'cargo install --path crates/credsum-cli (or put credsum on $PATH)', "or setup({ cmd = { '/path/to/credsum', 'lsp' } })" }
    )
    return
  end
  r.ok(string.format('server binary found: %s', path))
  local out = vim.fn.system({ path, '--version' })
  if vim.v.shell_error ~= 0 then
    r.error(string.format('`%s --version` failed: %s', path, vim.trim(out)))
    return
  end
  r.ok(string.format('`credsum --version`: %s', vim.trim(out)))

  local clients = credsum.clients()
  if #clients == 0 then
    r.info('no credsum client running (open a .http/.rest, Markdown or request .json file)')
  else
    for _, c in ipairs(clients) do
      r.ok(string.format('client %d running, root %s, position encoding %s', c.id, tostring(c.config.root_dir), tostring(c.offset_encoding)))
    end
  end
end

return M
