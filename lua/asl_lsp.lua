-- Entry point for Neovim plugin managers that install this repository (lazy.nvim, vim-plug, packer, mini.deps):
-- require('asl_lsp').setup() puts editors/neovim on 'runtimepath' (its lsp/asl.lua and ftplugin/asl.lua),
-- gives *.asl.json / *.asl.yaml / *.asl.yml their filetypes, enables the `asl` client and, unless turned off,
-- Neovim's built-in LSP completion with autotrigger for it; :AslGraph draws the state machine.
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

--- Draws the state machine of the current buffer (in a template, the one under the cursor) as the server sees
--- it, unsaved changes included: the SVG of asl-lsp's `asl/graph` request, written to a temporary file and opened
--- with the system's viewer (vim.ui.open: xdg-open, open or start). `opts.open` replaces the opener; it is given
--- the file's path.
--- @param opts? { open?: fun(path: string) }
function M.graph(opts)
  opts = opts or {}
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_clients({ bufnr = buf, name = 'asl' })[1]
  if not client then
    vim.notify('asl-lsp: no asl-lsp client is attached to this buffer', vim.log.levels.WARN)
    return
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  client:request('asl/graph', params, function(err, result)
    if err or not result then
      local why = err and err.message or 'the buffer holds no state machine'
      vim.notify('asl-lsp: cannot draw the graph: ' .. why, vim.log.levels.ERROR)
      return
    end
    local path = vim.fn.tempname() .. '.svg'
    local file, open_error = io.open(path, 'w')
    if not file then
      vim.notify('asl-lsp: cannot write ' .. path .. ': ' .. tostring(open_error), vim.log.levels.ERROR)
      return
    end
    file:write(result.svg)
    file:close()
    local opener = opts.open or vim.ui.open
    opener(path)
    vim.notify('asl-lsp: graph of ' .. (result.name or vim.fs.basename(vim.api.nvim_buf_get_name(buf))) .. ' in ' .. path)
  end, buf)
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
  vim.api.nvim_create_user_command('AslGraph', function()
    M.graph()
  end, { desc = 'asl-lsp: draw the state machine of this buffer as SVG and open it' })
  if opts.enable ~= false then
    vim.lsp.enable('asl')
  end
end

return M
