-- The credsum language server's default config for Neovim 0.11+ (`:h lsp-config`).
--
-- With this directory on 'runtimepath', `vim.lsp.enable('credsum')` is enough; override any
-- field with `vim.lsp.config('credsum', {...})` or `require('credsum').setup({...})`.
--
-- root_dir decides per buffer: `.http`/`.rest` and Markdown files always get credsum, JSON files
-- only when their first 64 KiB name the resource's @odata.type (or a `settings.credsum.include`
-- glob matches them). The root is the nearest directory holding credsum.toml or .git, and one
-- client serves each root.
-- JSON files that gain the @odata.type get credsum when saved.
require('credsum').watch_writes()

return {
  cmd = { 'credsum', 'lsp' },
  filetypes = { 'http', 'markdown', 'json', 'jsonc' },
  root_markers = { 'credsum.toml', '.git' },
  root_dir = function(bufnr, on_dir)
    local credsum = require('credsum')
    if credsum.is_request_buffer(bufnr) then
      on_dir(credsum.root_dir(bufnr))
    end
  end,
}
