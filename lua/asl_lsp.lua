-- Entry point for Neovim plugin managers that install this repository (lazy.nvim, vim-plug, packer, mini.deps):
-- require('asl_lsp').setup() puts editors/neovim on 'runtimepath' (its lsp/asl.lua and ftplugin/asl.lua),
-- gives *.asl.json / *.asl.yaml / *.asl.yml their filetypes, enables the `asl` client and, unless turned off,
-- Neovim's built-in LSP completion with autotrigger for it.
local M = {}

--- editors/neovim of the checkout this file belongs to.
local function editors_dir()
  local source = debug.getinfo(1, 'S').source:gsub('^@', '')
  return vim.fs.joinpath(vim.fs.dirname(vim.fs.dirname(vim.fs.normalize(source))), 'editors', 'neovim')
end

--- Filetype detection: dotted filetypes, so Neovim still loads the JSON or YAML syntax, ftplugin and indent
--- files, and vim.treesitter.language.get_lang() maps them to the json / yaml parsers.
function M.filetypes()
  vim.filetype.add({
    pattern = {
      ['.*%.asl%.json'] = 'json.asl',
      ['.*%.asl%.ya?ml'] = 'yaml.asl',
    },
  })
end

--- @class asl_lsp.Opts
--- @field enable? boolean call vim.lsp.enable('asl') (default true)
--- @field builtin_completion? boolean vim.lsp.completion with autotrigger for asl-lsp (default true; set false
---   with nvim-cmp or blink.cmp)
--- @field config? vim.lsp.Config merged into the `asl` config with vim.lsp.config (cmd, init_options, …)

--- @param opts? asl_lsp.Opts
function M.setup(opts)
  opts = opts or {}
  local dir = editors_dir()
  if not vim.tbl_contains(vim.api.nvim_list_runtime_paths(), dir) then
    vim.opt.runtimepath:append(dir)
  end
  M.filetypes()
  if opts.config then
    vim.lsp.config('asl', opts.config)
  end
  if opts.builtin_completion ~= false then
    vim.api.nvim_create_autocmd('LspAttach', {
      group = vim.api.nvim_create_augroup('asl_lsp_completion', { clear = true }),
      callback = function(args)
        local client = vim.lsp.get_client_by_id(args.data.client_id)
        if client and client.name == 'asl' then
          vim.lsp.completion.enable(true, client.id, args.buf, { autotrigger = true })
        end
      end,
    })
  end
  if opts.enable ~= false then
    vim.lsp.enable('asl')
  end
end

return M
