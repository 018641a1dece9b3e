-- End-to-end test of the credsum Neovim plugin (editors/nvim) against the real `credsum lsp`.
--
-- Run from anywhere (run_editors.sh does this for Neovim 0.7 and 0.11):
--   CREDSUM_BIN=target/release/credsum \
--   nvim --headless -u NONE --cmd 'set rtp^=editors/nvim' -c 'luafile tests/e2e/nvim/e2e.lua'
--
-- Environment: CREDSUM_BIN (server binary; default <repo>/target/release/credsum),
-- CREDSUM_NVIM_METHOD (auto|enable|start|start_client; default auto),
-- CREDSUM_E2E_TIMEOUT_MS (per wait; default 15000).
--
-- Prints one PASS/FAIL line per check and a closing "N passed, N failed" line; exits with
-- `cquit 1` on any failure (or error), `qall!` otherwise.

local script = debug.getinfo(1, 'S').source:sub(2)
local here = vim.fn.fnamemodify(script, ':p:h')
local repo = vim.fn.fnamemodify(here, ':h:h:h')
local fixtures = here .. '/fixtures'
local bin = os.getenv('CREDSUM_BIN') or (repo .. '/target/release/credsum')
local method = os.getenv('CREDSUM_NVIM_METHOD') or 'auto'
local timeout = tonumber(os.getenv('CREDSUM_E2E_TIMEOUT_MS') or '') or 15000

local v = vim.version()
local label = string.format('nvim-%d.%d.%d', v.major, v.minor, v.patch)
local passed, failed = 0, 0

local function out(line)
  io.stdout:write(line, '\n')
  io.stdout:flush()
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    out(string.format('  PASS %s%s', name, detail and (' (' .. detail .. ')') or ''))
  else
    failed = failed + 1
    out(string.format('  FAIL %s%s', name, detail and (': ' .. detail) or ''))
  end
  return ok
end

local function info(line)
  out('  .... ' .. line)
end

local function finish()
  pcall(function()
    local clients = require('credsum').clients()
    for _, c in ipairs(clients) do
      c.stop(c)
    end
    vim.wait(3000, function()
      for _, c in ipairs(clients) do
        if not c.is_stopped(c) then
          return false
        end
      end
      return true
    end, 50)
  end)
  out(string.format('%s: %d passed, %d failed', label, passed, failed))
  if failed > 0 or passed == 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

-- Clients of `name` attached to a buffer (0.7 has no get_clients).
local function buf_clients(bufnr)
  local list = {}
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ bufnr = bufnr, name = 'credsum' })
  else
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == 'credsum' then
        list[#list + 1] = c
      end
    end
  end
  return list
end

local function open_path(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

local function open(name)
  return open_path(fixtures .. '/' .. name)
end

local function wait_client(bufnr)
  local client
  vim.wait(timeout, function()
    client = buf_clients(bufnr)[1]
    return client ~= nil and client.initialized ~= false and not client.is_stopped(client)
  end, 20)
  return client
end

local function wait_diagnostics(bufnr, pred)
  local diags = {}
  vim.wait(timeout, function()
    diags = vim.diagnostic.get(bufnr)
    return pred(diags)
  end, 50)
  return diags
end

local function find_diag(diags, code)
  for _, d in ipairs(diags) do
    if d.code == code then
      return d
    end
  end
end

local function codes(diags)
  local list = {}
  for _, d in ipairs(diags) do
    list[#list + 1] = tostring(d.code)
  end
  table.sort(list)
  return table.concat(list, ',')
end

-- Position params for (0-based row, 0-based byte col) in the client's encoding.
local function position_params(bufnr, client, row, col)
  vim.api.nvim_win_set_buf(0, bufnr)
  vim.api.nvim_win_set_cursor(0, { row + 1, col })
  return vim.lsp.util.make_position_params(0, client.offset_encoding)
end

local function request(bufnr, method_name, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method_name, params, timeout)
  if not responses then
    return nil, err or 'timeout'
  end
  for _, r in pairs(responses) do
    if r.err then
      return nil, vim.inspect(r.err)
    end
    if r.result ~= nil then
      return r.result
    end
  end
  return nil, 'no result'
end

local function completion_labels(result)
  local items = result and (result.items or result) or {}
  local labels = {}
  for _, item in ipairs(items) do
    labels[item.label] = item
  end
  return labels, #items
end

local function hover_text(result)
  if not result then
    return ''
  end
  local c = result.contents
  if type(c) == 'string' then
    return c
  end
  if c.value then
    return c.value
  end
  local parts = {}
  for _, p in ipairs(c) do
    parts[#parts + 1] = type(p) == 'string' and p or p.value
  end
  return table.concat(parts, '\n')
end

local function run()
  out(string.format('%s: credsum plugin e2e (server %s, method %s)', label, bin, method))
  vim.cmd('filetype on')
  local credsum = require('credsum')
  -- Proves settings reach the server: api-version is an error by default.
  -- include: a JSON file without the @odata.type becomes a request file.
  local settings = { include = { '*.patch.json' }, rules = { ['api-version'] = 'warning' } }
  if method == 'bare' then
    -- Neovim 0.11+ without setup(): lsp/credsum.lua from 'runtimepath' plus the user's overrides.
    vim.lsp.config('credsum', { cmd = { bin, 'lsp' }, settings = { credsum = settings } })
    vim.lsp.enable('credsum')
  else
    credsum.setup({ cmd = { bin, 'lsp' }, method = method, settings = settings })
  end
  info('client mechanism: ' .. credsum.method())

  ---------------------------------------------------------------- JSON body
  local json = open('summary.json')
  check('summary.json has filetype json', vim.bo[json].filetype == 'json', vim.bo[json].filetype)
  local client = wait_client(json)
  if not check('credsum client attached to summary.json', client ~= nil) then
    return
  end
  info('position encoding: ' .. tostring(client.offset_encoding))
  local caps = client.server_capabilities or {}
  info('diagnostics: ' .. (caps.diagnosticProvider and 'pulled (textDocument/diagnostic)' or 'pushed (publishDiagnostics)'))
  local diags = wait_diagnostics(json, function(d)
    return find_diag(d, 'docs-placeholder') ~= nil
  end)
  local d = find_diag(diags, 'docs-placeholder')
  if check('summary.json: docs-placeholder diagnostic', d ~= nil, 'codes: ' .. codes(diags)) then
    local line = vim.api.nvim_buf_get_lines(json, d.lnum, d.lnum + 1, false)[1]
    local s = line:find('"Integer"', 1, true)
    local want_col = s and (s - 1) or -1
    local want_end = want_col + #'"Integer"'
    local utf16 = select(2, vim.str_utfindex(line, want_col))
    check('diagnostic on line 3 (lnum 2)', d.lnum == 2, 'lnum ' .. d.lnum)
    check(
      'byte column of "Integer" after emoji/CJK',
      d.col == want_col and d.end_col == want_end,
      string.format('col %d..%d, want %d..%d; UTF-16 col %d', d.col, d.end_col, want_col, want_end, utf16)
    )
    check('message names totalUserCount and Int32', d.message:find('totalUserCount', 1, true) and d.message:find('Int32', 1, true), d.message)
    check('severity is error', d.severity == vim.diagnostic.severity.ERROR)
    check('source is credsum', d.source == 'credsum', tostring(d.source))
  end

  -- Completion inside the body object (the blank member slot on line 4).
  local lines = vim.api.nvim_buf_get_lines(json, 0, -1, false)
  local row
  for i, l in ipairs(lines) do
    if l:find('"tenantId"', 1, true) then
      row = i - 1
    end
  end
  local key_col = lines[row + 1]:find('"tenantId"', 1, true) -- 1-based quote = 0-based after it
  local result, err = request(json, 'textDocument/completion', position_params(json, client, row, key_col))
  local labels, count = completion_labels(result)
  local names = vim.tbl_keys(labels)
  table.sort(names)
  info('completion labels: ' .. table.concat(names, ' '))
  check(
    'completion in the body offers property names',
    labels['tenantId'] and labels['securityDefaultsEnabled'] and labels['lastRefreshedDateTime'],
    err or (count .. ' items')
  )
  local snippet = false
  for _, item in pairs(labels) do
    if item.insertTextFormat == 2 then
      snippet = true
    end
  end
  local caps = vim.lsp.protocol.make_client_capabilities()
  local offered = caps.textDocument.completion.completionItem.snippetSupport == true
  info('client offers snippets: ' .. tostring(offered))
  check('no snippet items unless the client takes snippets', offered or not snippet)

  -- Hover on the totalUserCount key, after the emoji and CJK text.
  local hrow = 2
  local hcol = lines[hrow + 1]:find('"totalUserCount"', 1, true) + 2
  result, err = request(json, 'textDocument/hover', position_params(json, client, hrow, hcol))
  local md = hover_text(result)
  check('hover on totalUserCount mentions Int32', md:find('Int32', 1, true) ~= nil, err or md:gsub('\n.*', ''))

  -- Quick fix for the placeholder.
  if d then
    -- The whole line (the server clamps the end character).
    local range = {
      start = { line = d.lnum, character = 0 },
      ['end'] = { line = d.lnum, character = 100000 },
    }
    result, err = request(json, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(json) },
      range = range,
      context = { diagnostics = {} },
    })
    local titles = {}
    for _, a in ipairs(result or {}) do
      titles[#titles + 1] = a.title
    end
    check('code actions offer the placeholder fix', table.concat(titles, '|'):find('42', 1, true) ~= nil, err or table.concat(titles, ' | '))
  end

  ---------------------------------------------------------------- .http request
  local http = open('update.http')
  check('update.http has filetype http', vim.bo[http].filetype == 'http', vim.bo[http].filetype)
  local hclient = wait_client(http)
  check('credsum client attached to update.http', hclient ~= nil)
  check('one client for the root (reused)', hclient ~= nil and hclient.id == client.id, hclient and ('client ' .. hclient.id) or nil)
  diags = wait_diagnostics(http, function(ds)
    return find_diag(ds, 'api-version') and find_diag(ds, 'docs-placeholder')
  end)
  local api = find_diag(diags, 'api-version')
  local ph = find_diag(diags, 'docs-placeholder')
  check('update.http: api-version and docs-placeholder diagnostics', api and ph, 'codes: ' .. codes(diags))
  if api then
    local line = vim.api.nvim_buf_get_lines(http, api.lnum, api.lnum + 1, false)[1]
    local s = line:find('v1.0', 1, true)
    check('api-version spans "v1.0"', api.col == s - 1 and api.end_col == s + 3, string.format('col %d..%d', api.col, api.end_col))
    check('settings applied: api-version downgraded to warning', api.severity == vim.diagnostic.severity.WARN, 'severity ' .. tostring(api.severity))
  end
  if ph then
    local line = vim.api.nvim_buf_get_lines(http, ph.lnum, ph.lnum + 1, false)[1]
    local s = line:find('"Boolean"', 1, true)
    check('docs-placeholder on "Boolean"', s and ph.col == s - 1, string.format('line %d col %d', ph.lnum + 1, ph.col))
  end

  ---------------------------------------------------------------- include glob
  local patch = open('body.patch.json')
  check('body.patch.json (include glob) attached to the same client', wait_client(patch) ~= nil and wait_client(patch).id == client.id)
  diags = wait_diagnostics(patch, function(ds)
    return find_diag(ds, 'quoted-value') ~= nil
  end)
  check('body.patch.json: quoted-value diagnostic', find_diag(diags, 'quoted-value') ~= nil, 'codes: ' .. codes(diags))

  ---------------------------------------------------------------- not a request file
  -- The plugin attaches to every candidate file; the server's association (the same as
  -- `credsum lint`'s) decides that unrelated.json is not a request file and reports nothing.
  local other = open('unrelated.json')
  local oclient = wait_client(other)
  check('unrelated.json attached to the same client (a candidate file)', oclient ~= nil and oclient.id == client.id)
  vim.wait(500, function()
    return false
  end)
  check('no diagnostics for a JSON file without the @odata.type', #vim.diagnostic.get(other) == 0, 'codes: ' .. codes(vim.diagnostic.get(other)))
  check('exactly one credsum client running', #credsum.clients() == 1, #credsum.clients() .. ' clients')

  ---------------------------------------------------------------- a JSON file that becomes a request
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local odata_type = '#microsoft.graph.managedTenants.credentialUserRegistrationsSummary'
  -- A request file in the same folder that is never opened, for workspace diagnostics.
  vim.fn.writefile({ '{', '  "@odata.type": "' .. odata_type .. '",', '  "totalUserCount": "Integer"', '}' },
    dir .. '/never-opened.json')
  local late = open_path(dir .. '/late.json')
  vim.api.nvim_buf_set_lines(late, 0, -1, false, { '{', '  "totalUserCount": "7"', '}' })
  vim.cmd('silent write')
  local lclient = wait_client(late)
  check('late.json (another root) has its own client', lclient ~= nil and lclient.id ~= client.id and lclient.config.root_dir == dir,
    lclient and tostring(lclient.config.root_dir) or nil)
  vim.wait(500, function()
    return false
  end)
  check('no diagnostics for late.json before it names the @odata.type', #vim.diagnostic.get(late) == 0, 'codes: ' .. codes(vim.diagnostic.get(late)))
  vim.api.nvim_buf_set_lines(late, 1, 1, false, { '  "@odata.type": "' .. odata_type .. '",' })
  diags = wait_diagnostics(late, function(ds)
    return find_diag(ds, 'quoted-value') ~= nil
  end)
  check('late.json: diagnostics once it names the @odata.type', find_diag(diags, 'quoted-value') ~= nil, 'codes: ' .. codes(diags))

  ---------------------------------------------------------------- definition with no schema/ folder
  -- The folder has no schema/: the server jumps into the schema it wrote to the user cache
  -- ($XDG_CACHE_HOME/credsum/<version>/, a fresh folder per run here).
  if lclient then
    local def, derr = request(late, 'textDocument/definition', position_params(late, lclient, 2, 4))
    local location = def and (def.uri and def or def[1]) or nil
    local target = location and vim.uri_to_fname(location.uri or location.targetUri) or ''
    local cache = (vim.env.XDG_CACHE_HOME or '') .. '/credsum/'
    check('definition from a folder without schema/ opens the cached schema',
      cache ~= '/credsum/' and target:sub(1, #cache) == cache and target:match('credentialUserRegistrationsSummary%.schema%.json$') ~= nil,
      derr or target)
    local range = location and (location.range or location.targetSelectionRange)
    local line = ''
    if range and vim.fn.filereadable(target) == 1 then
      line = vim.fn.readfile(target)[range.start.line + 1] or ''
    end
    check('the cached schema opens at totalUserCount', line:find('"totalUserCount"', 1, true) ~= nil, line)
  end

  ---------------------------------------------------------------- a JSON Patch document
  -- A `.json-patch` file is JSON to Neovim (the plugin's filetype rule) and a patch document
  -- to the server, which offers its conversion to Graph's PATCH body.
  vim.fn.writefile({ '[{"op": "replace", "path": "/totalUserCount", "value": 5}]' }, dir .. '/ops.json-patch')
  local ops = open_path(dir .. '/ops.json-patch')
  check('ops.json-patch has filetype json', vim.bo[ops].filetype == 'json', vim.bo[ops].filetype)
  diags = wait_diagnostics(ops, function(ds)
    return find_diag(ds, 'json-patch-document') ~= nil
  end)
  check('ops.json-patch: json-patch-document diagnostic', find_diag(diags, 'json-patch-document') ~= nil, 'codes: ' .. codes(diags))
  local actions, aerr = request(ops, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(ops) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 1 } },
    context = { diagnostics = {} },
  })
  local titles = {}
  for _, a in ipairs(actions or {}) do
    titles[#titles + 1] = a.title
  end
  check('ops.json-patch: the conversion is a code action', vim.tbl_contains(titles, 'Convert to a Graph PATCH body'),
    aerr or table.concat(titles, ' | '))
  vim.cmd('bwipeout! ' .. ops)

  ---------------------------------------------------------------- workspace diagnostics
  local caps = lclient and lclient.server_capabilities or {}
  local provider = caps.diagnosticProvider
  if type(provider) == 'table' and provider.workspaceDiagnostics then
    local response = lclient.request_sync(lclient, 'workspace/diagnostic', { previousResultIds = {} }, timeout, late)
    local report = response and response.result
    local found
    for _, item in ipairs(report and report.items or {}) do
      if item.uri == vim.uri_from_fname(dir .. '/never-opened.json') then
        found = item
      end
    end
    local item_codes = {}
    for _, d in ipairs(found and found.items or {}) do
      item_codes[#item_codes + 1] = tostring(d.code)
    end
    check('workspace/diagnostic reports the never-opened file', found ~= nil and vim.tbl_contains(item_codes, 'docs-placeholder'),
      found and table.concat(item_codes, ',') or vim.inspect(response and (response.err or response.result)))
    local listed = false
    for _, item in ipairs(report and report.items or {}) do
      listed = listed or item.uri == vim.uri_from_fname(dir .. '/late.json')
    end
    check('workspace/diagnostic leaves the open late.json to document diagnostics', not listed)
  else
    info('workspace diagnostics not offered (the client does not pull diagnostics): skipped')
  end
  vim.cmd('bwipeout! ' .. late)
  vim.fn.delete(dir, 'rf')

  ---------------------------------------------------------------- checkhealth
  info('running :checkhealth credsum')
  vim.cmd('checkhealth credsum')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  local version = vim.trim(vim.fn.system({ bin, '--version' }))
  check('checkhealth reports the server version', report:find(version, 1, true) ~= nil, version)
  check('checkhealth has no errors', not report:find('ERROR', 1, true), (report:match('ERROR[^\n]*')))
  if os.getenv('CREDSUM_E2E_SHOW_HEALTH') then
    out(report)
  end
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  check('e2e script ran without a Lua error', false, err)
end
finish()
