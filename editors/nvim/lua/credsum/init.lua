-- credsum for Neovim: starts `credsum lsp` for Microsoft Graph
-- credentialUserRegistrationsSummary request files.
--
-- Neovim 0.11+: registers the config with vim.lsp.config('credsum', ...) (the defaults live in
-- lsp/credsum.lua) and turns it on with vim.lsp.enable('credsum').
-- Neovim 0.7-0.10: a FileType autocmd starts one client per root directory with
-- vim.lsp.start_client and attaches buffers with vim.lsp.buf_attach_client.
local M = {}

--- The resource's @odata.type: a JSON file is a request file when its first 64 KiB name it.
M.odata_type = '#microsoft.graph.managedTenants.credentialUserRegistrationsSummary'
--- How many leading bytes of a JSON buffer are searched for it.
M.sniff_bytes = 64 * 1024
--- Files that mark a root directory, nearest first.
M.root_markers = { 'credsum.toml', '.git' }

local defaults = {
  cmd = { 'credsum', 'lsp' },
  -- Filetypes the client is considered for; json buffers are sniffed for the @odata.type.
  filetypes = { 'http', 'markdown', 'json', 'jsonc' },
  -- The server's settings: include, exclude, rules, max-file-size, max-diagnostics.
  settings = {},
  -- Extra fields for the client config (on_attach, capabilities, handlers, ...).
  on_attach = nil,
  capabilities = nil,
  handlers = nil,
  -- 'auto' (vim.lsp.enable on 0.11+, vim.lsp.start on 0.8-0.10, else start_client)
  -- | 'enable' | 'start' | 'start_client'.
  method = 'auto',
}

M.options = vim.deepcopy(defaults)
-- root dir -> client id (start_client path).
local clients = {}

local function has(feature)
  return vim.fn.has(feature) == 1
end

--- Which mechanism is in force: 'enable' (0.11+) or 'start_client'.
function M.method()
  local m = M.options.method
  if m == 'auto' or m == nil then
    if has('nvim-0.11') and vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
      return 'enable'
    elseif vim.lsp.start ~= nil then
      return 'start'
    end
    return 'start_client'
  end
  return m
end

--- Registers the `.http`/`.rest` filetype (both are `http`). Idempotent.
function M.filetype_detect()
  if vim.g.credsum_did_ftdetect then
    return
  end
  vim.g.credsum_did_ftdetect = true
  -- vim.filetype.add is honoured from 0.8 on (0.7 only with g:do_filetype_lua).
  if has('nvim-0.8') and vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { http = 'http', rest = 'http' } })
  else
    vim.cmd([[
      augroup credsum_ftdetect
        autocmd!
        autocmd BufRead,BufNewFile *.http,*.rest setlocal filetype=http
      augroup END
    ]])
  end
end

local function buf_path(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return nil
  end
  return vim.fn.fnamemodify(name, ':p')
end

--- The server settings in force: setup()'s, else (0.11+) those of vim.lsp.config('credsum').
local function server_settings()
  local s = M.options.settings
  if (s == nil or next(s) == nil) and type(vim.lsp.config) == 'table' then
    local ok, cfg = pcall(function()
      return vim.lsp.config['credsum']
    end)
    if ok and type(cfg) == 'table' and type(cfg.settings) == 'table' then
      s = cfg.settings
    end
  end
  s = s or {}
  return s.credsum or s
end

local function include_globs()
  local s = server_settings()
  return s.include or {}, s.exclude or {}
end

local function glob_match(globs, path)
  for _, glob in ipairs(globs) do
    local pattern = glob
    if not glob:find('/', 1, true) then
      pattern = '**/' .. glob
    end
    local ok, regex = pcall(vim.fn.glob2regpat, pattern)
    if ok and vim.fn.match(path, regex) >= 0 then
      return true
    end
    -- '**/' also matches a bare file name.
    if not glob:find('/', 1, true) and vim.fn.match(vim.fn.fnamemodify(path, ':t'), vim.fn.glob2regpat(glob)) >= 0 then
      return true
    end
  end
  return false
end

--- Whether the first `M.sniff_bytes` bytes of a buffer contain `needle`.
local function buffer_head_contains(bufnr, needle)
  local budget = M.sniff_bytes
  local line_count = vim.api.nvim_buf_line_count(bufnr)
  local chunk = 256
  local parts, size = {}, 0
  local first = 0
  while first < line_count and size < budget do
    local lines = vim.api.nvim_buf_get_lines(bufnr, first, math.min(first + chunk, line_count), false)
    for _, l in ipairs(lines) do
      parts[#parts + 1] = l
      size = size + #l + 1
      if size >= budget then
        break
      end
    end
    first = first + chunk
  end
  local head = table.concat(parts, '\n'):sub(1, budget)
  return head:find(needle, 1, true) ~= nil
end

--- Whether credsum should attach to a buffer: `.http`/`.rest` and Markdown files always, JSON
--- files when their first 64 KiB contain the resource's @odata.type or an `include` glob of the
--- settings matches them; never when an `exclude` glob matches.
function M.is_request_buffer(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
    return false
  end
  local ft = vim.bo[bufnr].filetype
  local path = buf_path(bufnr)
  local include, exclude = include_globs()
  if path and glob_match(exclude, path) then
    return false
  end
  if path then
    local ext = (path:match('%.([^./]+)$') or ''):lower()
    if ext == 'http' or ext == 'rest' then
      return true
    end
  end
  if ft == 'http' or ft == 'markdown' then
    return true
  end
  if ft == 'json' or ft == 'jsonc' then
    if path and glob_match(include, path) then
      return true
    end
    return buffer_head_contains(bufnr, M.odata_type)
  end
  return false
end

--- The root directory of a buffer: the nearest directory with a root marker, else the file's
--- directory, else the current directory.
function M.root_dir(bufnr)
  local path = buf_path(bufnr)
  local start = path and vim.fn.fnamemodify(path, ':h') or vim.fn.getcwd()
  for _, marker in ipairs(M.root_markers) do
    local found = vim.fn.findfile(marker, start .. ';')
    if found == '' then
      found = vim.fn.finddir(marker, start .. ';')
    end
    if found ~= '' then
      local dir = vim.fn.fnamemodify(found, ':p'):gsub('/$', '')
      return (vim.fn.fnamemodify(dir, ':h'))
    end
  end
  return start
end

--- The server settings as the client sends them: `{ credsum = {...} }` for
--- workspace/configuration, the plain table as initializationOptions.
local function settings_tables()
  local s = M.options.settings or {}
  local plain = s.credsum or s
  return { credsum = plain }, plain
end

--- The client config fields that setup() controls (for both mechanisms).
function M.client_config()
  local settings, init = settings_tables()
  local cfg = {
    cmd = M.options.cmd,
    filetypes = M.options.filetypes,
  }
  -- Left out when empty: Lua's {} would reach the server as a JSON array.
  if next(init) ~= nil then
    cfg.settings = settings
    cfg.init_options = init
  end
  for _, key in ipairs({ 'on_attach', 'capabilities', 'handlers' }) do
    if M.options[key] ~= nil then
      cfg[key] = M.options[key]
    end
  end
  return cfg
end

local function empty_as_object(t)
  if next(t) == nil then
    return vim.empty_dict()
  end
  return t
end

--- The client config of a root directory (the start/start_client paths).
local function root_config(root)
  local base = M.client_config()
  return {
    name = 'credsum',
    cmd = base.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    settings = base.settings or {},
    init_options = empty_as_object(base.init_options or {}),
    on_attach = base.on_attach,
    capabilities = base.capabilities,
    handlers = base.handlers,
  }
end

--- Starts (or reuses) the client of the buffer's root and attaches the buffer (0.7-0.10 path).
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not M.is_request_buffer(bufnr) then
    return nil
  end
  local root = M.root_dir(bufnr)
  if M.method() == 'start' then
    -- vim.lsp.start reuses the client with the same name and root_dir.
    return vim.lsp.start(root_config(root), { bufnr = bufnr })
  end
  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if client == nil or client.is_stopped(client) then
    local config = root_config(root)
    config.on_exit = function()
      if clients[root] == id then
        clients[root] = nil
      end
    end
    id = vim.lsp.start_client(config)
    if not id then
      vim.notify('credsum: could not start ' .. table.concat(config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients[root] = id
  end
  if not vim.lsp.buf_is_attached(bufnr, id) then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- Neovim 0.11+: a JSON file that gains the @odata.type gets credsum once it is saved (re-runs
--- the FileType handler of vim.lsp.enable for it). Idempotent; lsp/credsum.lua calls it too.
function M.watch_writes()
  local group = vim.api.nvim_create_augroup('credsum_write', { clear = true })
  vim.api.nvim_create_autocmd('BufWritePost', {
    group = group,
    pattern = { '*.json', '*.jsonc' },
    callback = function(args)
      if #M.clients(args.buf) == 0 and M.is_request_buffer(args.buf) then
        pcall(vim.api.nvim_exec_autocmds, 'FileType', { group = 'nvim.lsp.enable', buffer = args.buf })
      end
    end,
  })
end

--- Sets credsum up. `opts`: cmd, settings, filetypes, on_attach, capabilities, handlers, method.
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.filetypes then
    M.options.filetypes = opts.filetypes
  end
  if opts and opts.cmd then
    M.options.cmd = opts.cmd
  end
  M.filetype_detect()
  local group = vim.api.nvim_create_augroup('credsum_lsp', { clear = true })
  if M.method() == 'enable' then
    -- lsp/credsum.lua holds the defaults; merge what the user set and enable.
    vim.lsp.config('credsum', M.client_config())
    vim.lsp.enable('credsum')
    M.watch_writes()
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- A JSON file that gains the @odata.type gets credsum once it is saved.
  vim.api.nvim_create_autocmd('BufWritePost', {
    group = group,
    pattern = { '*.json', '*.jsonc' },
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.options.filetypes, vim.bo[buf].filetype) then
      M.attach(buf)
    end
  end
end

--- The running credsum clients (those attached to `bufnr` when given).
function M.clients(bufnr)
  local out = {}
  local all
  if vim.lsp.get_clients then
    all = vim.lsp.get_clients({ bufnr = bufnr })
  elseif bufnr then
    all = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  else
    all = vim.lsp.get_active_clients()
  end
  for _, c in ipairs(all) do
    if c.name == 'credsum' then
      out[#out + 1] = c
    end
  end
  return out
end

return M
