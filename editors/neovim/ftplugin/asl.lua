-- Indentation for Amazon States Language buffers (filetypes json.asl and yaml.asl): two spaces, as AWS's
-- examples and the Helix config use. Neovim sources this after the JSON or YAML ftplugin of the dotted filetype.
vim.bo.expandtab = true
vim.bo.shiftwidth = 2
vim.bo.softtabstop = 2
vim.bo.tabstop = 2
vim.b.undo_ftplugin = (vim.b.undo_ftplugin and (vim.b.undo_ftplugin .. ' | ') or '')
  .. 'setlocal expandtab< shiftwidth< softtabstop< tabstop<'
