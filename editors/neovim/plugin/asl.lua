-- Filetype detection for Amazon States Language definitions, used by lsp/asl.lua.
--
-- *.asl.json becomes `json.asl` and *.asl.yaml / *.asl.yml become `yaml.asl`: dotted filetypes,
-- so Neovim still loads the JSON or YAML syntax, ftplugin and indent files (then ftplugin/asl.lua sets
-- 2-space indentation), and vim.treesitter.language.get_lang() maps them to the `json` / `yaml` parsers.
vim.filetype.add({
  pattern = {
    ['.*%.asl%.json'] = 'json.asl',
    ['.*%.asl%.ya?ml'] = 'yaml.asl',
  },
})
