-- credsum for Neovim: starts `credsum lsp` for Microsoft Graph
-- credentialUserRegistrationsSummary request files.
--
-- Neovim 0.11+: registers the config with vim.lsp.config('credsum', ...) (the defaults live in
-- lsp/credsum.lua) and turns it on with vim.lsp.enable('credsum').
-- Neovim 0.7-0.10: a FileType autocmd starts one client per root directory with
-- vim.lsp.start_client and attaches buffers with vim.lsp.buf_attach_client.
local M = {}

--- File extensions of candidate files: the server is started for them, and its own association
--- (credsum.toml's include/exclude, the @odata.type, the endpoint) decides which are request files.
M.extensions = { json = true, jsonc = true, ['json-patch'] = true, http = true, rest = true, md = true, markdown = true }
--- Files that mark a root directory, nearest first.
M.root_markers = { 'credsum.toml', '.git' }

local defaults = {
  cmd = { 'credsum', 'lsp' },
  -- Filetypes of candidate buffers; the server decides which are request files.
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
  -- Neovim's own LSP completion in credsum buffers: on 0.11+ vim.lsp.completion.enable with
  -- autotrigger, on 0.7-0.10 'omnifunc' (<C-x><C-o>). false leaves completion to a plugin
  -- (nvim-cmp, blink.cmp) or to you.
  completion = true,
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

--- Registers the `.http`/`.rest` filetype (both are `http`) and `.json-patch` (RFC 6902 JSON Patch
--- documents) as `json`. Idempotent.
function M.filetype_detect()
  if vim.g.credsum_did_ftdetect then
    return
  end
  vim.g.credsum_did_ftdetect = true
  -- vim.filetype.add is honoured from 0.8 on (0.7 only with g:do_filetype_lua).
  if has('nvim-0.8') and vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { http = 'http', rest = 'http', ['json-patch'] = 'json' } })
  else
    vim.cmd([[
      augroup credsum_ftdetect
        autocmd!
        autocmd BufRead,BufNewFile *.http,*.rest setlocal filetype=http
        autocmd BufRead,BufNewFile *.json-patch setlocal filetype=json
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

--- Whether credsum should attach to a buffer: a file buffer whose extension or filetype is one of
--- the candidates (`.json`, `.http`/`.rest`, Markdown). The plugin matches no globs and sniffs no
--- text: the server reads credsum.toml and analyses only request files, as `credsum lint` does,
--- so there is one copy of the association.
function M.is_request_buffer(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
    return false
  end
  local path = buf_path(bufnr)
  local ext = path and (path:match('%.([^./]+)$') or ''):lower() or ''
  return M.extensions[ext] == true or vim.tbl_contains(M.options.filetypes, vim.bo[bufnr].filetype)
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

--- Neovim before 0.11 inserts a completion's word as one line, a line break as a NUL: after a
--- multi-line item (the `.http` request template) is accepted, its text replaces what was
--- inserted, line breaks and all.
local function split_multiline_word()
  local item = vim.v.completed_item
  if type(item) ~= 'table' or type(item.word) ~= 'string' or not item.word:find('\n', 1, true) then
    return
  end
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  local start = col - #item.word
  if start < 0 then
    return
  end
  local lines = vim.split(item.word, '\n', { plain = true })
  vim.api.nvim_buf_set_text(0, row - 1, start, row - 1, col, lines)
  local last = #lines == 1 and start + #lines[1] or #lines[#lines]
  vim.api.nvim_win_set_cursor(0, { row + #lines - 1, last })
end

--- Turns on Neovim's LSP completion for the client in the buffer (unless setup's
--- `completion = false`): vim.lsp.completion.enable with autotrigger on 0.11+ (its items keep
--- their text edits and snippets), else 'omnifunc' = vim.lsp.omnifunc (<C-x><C-o>); after a
--- typed `"` the server's items start behind it, so the quote is kept, not doubled.
function M.enable_completion(client, bufnr)
  if M.options.completion == false then
    return
  end
  if vim.lsp.completion ~= nil and vim.lsp.completion.enable ~= nil then
    vim.lsp.completion.enable(true, client.id, bufnr, { autotrigger = true })
    return
  end
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  vim.api.nvim_create_autocmd('CompleteDone', {
    group = vim.api.nvim_create_augroup('credsum_complete_' .. bufnr, { clear = true }),
    buffer = bufnr,
    callback = split_multiline_word,
  })
end

--- The client's on_attach: completion, then the user's own on_attach.
local function on_attach(client, bufnr)
  M.enable_completion(client, bufnr)
  if M.options.on_attach ~= nil then
    M.options.on_attach(client, bufnr)
  end
end

--- The client config fields that setup() controls (for both mechanisms).
function M.client_config()
  local settings, init = settings_tables()
  local cfg = {
    cmd = M.options.cmd,
    filetypes = M.options.filetypes,
    on_attach = on_attach,
  }
  -- Left out when empty: Lua's {} would reach the server as a JSON array.
  if next(init) ~= nil then
    cfg.settings = settings
    cfg.init_options = init
  end
  for _, key in ipairs({ 'capabilities', 'handlers' }) do
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
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.options.filetypes,
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
