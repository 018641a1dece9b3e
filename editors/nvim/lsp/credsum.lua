-- The credsum language server's default config for Neovim 0.11+ (`:h lsp-config`).
--
-- With this directory on 'runtimepath', `vim.lsp.enable('credsum')` is enough; override any
-- field with `vim.lsp.config('credsum', {...})` or `require('credsum').setup({...})`.
--
-- root_dir decides per buffer: every `.json`, `.http`/`.rest` and Markdown file gets credsum, and
-- the server's association (credsum.toml, the @odata.type, the endpoint) decides which are request
-- files, as `credsum lint` does. The root is the nearest directory holding credsum.toml or .git,
-- and one client serves each root.

return {
  cmd = { 'credsum', 'lsp' },
  filetypes = { 'http', 'markdown', 'json', 'jsonc' },
  root_markers = { 'credsum.toml', '.git' },
  -- Neovim's LSP completion (vim.lsp.completion.enable with autotrigger); setup({ completion =
  -- false }) or your own on_attach turns it off.
  on_attach = function(client, bufnr)
    require('credsum').enable_completion(client, bufnr)
  end,
  root_dir = function(bufnr, on_dir)
    local credsum = require('credsum')
    if credsum.is_request_buffer(bufnr) then
      on_dir(credsum.root_dir(bufnr))
    end
  end,
}
