-- Neovim 0.11+ client config for asl-lsp (Amazon States Language): loaded by vim.lsp.enable('asl').
--
-- Attaches to the `json.asl` and `yaml.asl` filetypes that ../plugin/asl.lua gives to
-- *.asl.json, *.asl.yaml and *.asl.yml files, so plain JSON and YAML files are left alone.
-- Override any field with vim.lsp.config('asl', { ... }).

---@type vim.lsp.Config
return {
  cmd = { 'asl-lsp' },
  filetypes = { 'json.asl', 'yaml.asl' },
  root_markers = { '.git' },
  init_options = {
    -- Milliseconds the server waits after an edit before it publishes diagnostics (0: at once).
    diagnosticsDelayMs = 50,
  },
}
