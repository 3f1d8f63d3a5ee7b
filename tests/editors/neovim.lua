-- Headless Neovim 0.11 test of the shipped editors/neovim config against the built asl-lsp (run by tests/editors.rs).
--
-- Usage: nvim --headless --clean -l tests/editors/neovim.lua REPO SERVER WORKDIR [config|completion|snippet|graph]
-- `asl-lsp` must resolve to SERVER on PATH, so the shipped `cmd = { 'asl-lsp' }` is used unchanged.
-- `config` (the default) checks filetypes, indentation, attaching, diagnostics, definition and symbols;
-- `completion` accepts a completion of a state name with a space through Neovim's built-in completion;
-- `snippet` accepts a whole-state snippet there and lets vim.snippet expand it;
-- `graph` runs :AslGraph on a template with two machines and reads the SVG it opens.
-- Every wait is vim.wait on a condition. Results go to stdout; a failure ends with `cquit 1`.

local repo, server, work, mode = arg[1], arg[2], arg[3], arg[4] or 'config'
local TIMEOUT = 10000

local function say(line)
  io.stdout:write(line .. '\n')
end

local function fail(message)
  say('FAIL ' .. message)
  io.stdout:flush()
  vim.cmd('cquit 1')
end

local function check(condition, message)
  if condition then
    say('ok   ' .. message)
  else
    fail(message)
  end
end

local function wait_for(what, predicate)
  if not vim.wait(TIMEOUT, predicate, 20) then
    fail('timed out after ' .. TIMEOUT .. ' ms waiting for ' .. what)
  end
end

local function write_file(path, text)
  vim.fn.mkdir(vim.fs.dirname(path), 'p')
  local file = assert(io.open(path, 'w'))
  file:write(text)
  file:close()
end

local function read_file(path)
  local file = assert(io.open(path, 'r'))
  local text = file:read('*a')
  file:close()
  return text
end

local function asl_clients(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'asl' })
end

local function open(path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

--- Opens an ASL file and waits until asl-lsp is attached and has published diagnostics.
local function open_asl(path, filetype)
  local buf = open(path)
  local name = vim.fs.basename(path)
  check(vim.bo[buf].filetype == filetype, name .. ' has filetype ' .. filetype .. ' (got ' .. vim.bo[buf].filetype .. ')')
  wait_for('asl-lsp to attach to ' .. name, function()
    return #asl_clients(buf) == 1 and asl_clients(buf)[1].initialized
  end)
  wait_for('diagnostics of ' .. name, function()
    return #vim.diagnostic.get(buf) > 0
  end)
  return buf
end

--- The 1-based line of the first line containing `needle` (plain text), and the 0-based column of the match.
local function find(buf, needle)
  for index, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return index, col - 1
    end
  end
  fail('no line contains ' .. needle)
end

local function find_diagnostic(buf, code, needle)
  for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
    if diagnostic.code == code and diagnostic.message:find(needle, 1, true) then
      return diagnostic
    end
  end
  local seen = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
    seen[#seen + 1] = ('%d:%d %s %s'):format(diagnostic.lnum, diagnostic.col, diagnostic.code, diagnostic.message)
  end
  fail(('no %s diagnostic mentioning %q; got:\n  %s'):format(code, needle, table.concat(seen, '\n  ')))
end

--- Puts the cursor on the last word of `from` (the first line containing that text: a transition and its
--- target), runs vim.lsp.buf.definition() and waits for the cursor to land where the text `to` starts.
local function check_definition(buf, from, to)
  local from_line, from_col = find(buf, from)
  local to_line, to_col = find(buf, to)
  vim.api.nvim_win_set_cursor(0, { from_line, from_col + #from - 2 })
  vim.lsp.buf.definition()
  wait_for('go to definition from ' .. from, function()
    return vim.api.nvim_win_get_cursor(0)[1] ~= from_line
  end)
  local cursor = vim.api.nvim_win_get_cursor(0)
  check(
    vim.api.nvim_get_current_buf() == buf and cursor[1] == to_line and math.abs(cursor[2] - to_col) <= 1,
    ('definition of %s is at %d:%d (cursor at %d:%d)'):format(from, to_line, to_col, cursor[1], cursor[2])
  )
end

--- Every symbol of a documentSymbol result as the list of names from the top to it, keyed by its own name.
local function symbol_paths(symbols, prefix, paths)
  paths = paths or {}
  for _, symbol in ipairs(symbols or {}) do
    local path = vim.list_extend(vim.deepcopy(prefix or {}), { symbol.name })
    paths[symbol.name] = path
    symbol_paths(symbol.children, path, paths)
  end
  return paths
end

local function document_symbols(buf)
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf) }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol', params, TIMEOUT)
  for _, response in pairs(responses or {}) do
    if response.result then
      return response.result
    end
  end
  fail('no documentSymbol result: ' .. vim.inspect(responses))
end

--- One run of typed keys, as a user types them: `before` (Normal-mode keys ending in Insert mode), then <Cmd>
--- steps (which keep Insert mode and the menu) that ask for completion as the autotrigger does, wait for the
--- menu and pick the item labelled `label` as <C-n>…<C-y> would, then `after`. Insert (or Select) mode is kept
--- when the keys end there. Returns how far it got: 'done' when the item was accepted.
local function complete_with(before, label, after)
  local step = 'ask'
  _G.asl_test = {
    ask = function()
      vim.lsp.completion.get()
      step = 'menu'
    end,
    wait_menu = function()
      if vim.wait(TIMEOUT, function() return vim.fn.pumvisible() == 1 end, 20) then
        step = 'pick'
      else
        say('no completion menu; mode ' .. vim.api.nvim_get_mode().mode .. ', line ' .. vim.api.nvim_get_current_line())
      end
    end,
    pick = function()
      if step ~= 'pick' then
        return
      end
      local labels, picked = {}, nil
      for index, item in ipairs(vim.fn.complete_info({ 'items' }).items) do
        local lsp_item = vim.tbl_get(item, 'user_data', 'nvim', 'lsp', 'completion_item') or {}
        local item_label = lsp_item.label or item.abbr
        labels[#labels + 1] = item_label
        if item_label == label and not picked then
          picked = index
        end
      end
      if not picked then
        say('completion menu: ' .. table.concat(labels, ', '))
        step = 'missing'
        return
      end
      vim.api.nvim_select_popupmenu_item(picked - 1, true, true, {})
      step = 'done'
    end,
  }
  local keys = before
    .. '<Cmd>lua _G.asl_test.ask()<CR><Cmd>lua _G.asl_test.wait_menu()<CR><Cmd>lua _G.asl_test.pick()<CR>'
    .. after
  vim.api.nvim_feedkeys(vim.keycode(keys), 'xt!', false)
  return step
end

--- Opens `text` as NAME.asl.json in a project and waits for the server and the built-in completion.
local function open_for_completion(name, text)
  local project = work .. '/project'
  vim.fn.mkdir(project .. '/.git', 'p')
  local path = project .. '/' .. name .. '.asl.json'
  write_file(path, text)
  local buf = open_asl(path, 'json.asl')
  wait_for('built-in completion to be enabled', function()
    return vim.lsp.completion ~= nil and #vim.api.nvim_get_autocmds({ group = 'asl_lsp_completion' }) > 0
  end)
  -- As the README recommends: the menu even for one match, nothing inserted before a choice.
  vim.o.completeopt = 'menu,menuone,noinsert'
  return buf
end

local function finish(buf, client)
  check(#asl_clients(buf) == 1 and asl_clients(buf)[1].id == client.id, 'the client is still attached')
  say('neovim: all checks passed')
  io.stdout:flush()
  vim.cmd('qall!')
end

--- Neovim's built-in LSP completion, as setup() enables it: in Insert mode after `"Next": "In`, ask for
--- completion, pick "In stock?" in the popup menu as <C-n>…<C-y> would, leave Insert mode and read the line.
local function completion()
  local source = read_file(repo .. '/examples/order.asl.json')
  local text = source:gsub('"Next": "Validate order"', '"Next": "In"', 1)
  check(text ~= source, 'the fixture has a half-typed Next')
  local buf = open_for_completion('complete', text)
  local client = asl_clients(buf)[1]
  local line, col = find(buf, '"Next": "In"')
  -- The cursor on the closing quote: `i` inserts after "In"; <Esc> leaves Insert mode.
  vim.api.nvim_win_set_cursor(0, { line, col + #'"Next": "In' })
  local step = complete_with('i', 'In stock?', '<Esc>')
  check(step == 'done', 'the completion menu offered "In stock?" and it was accepted (' .. step .. ')')
  -- CompleteDone handlers (textEdit, snippets) run on the event loop: let them.
  vim.wait(200, function()
    return false
  end)
  local result = vim.trim(vim.api.nvim_buf_get_lines(buf, line - 1, line, false)[1])
  check(result == '"Next": "In stock?"', 'accepting "In stock?" leaves ' .. result)
  finish(buf, client)
end

--- Error diagnostics of `buf`, one line each.
local function errors(buf)
  local found = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buf, { severity = vim.diagnostic.severity.ERROR })) do
    found[#found + 1] = ('%d:%d %s %s'):format(diagnostic.lnum, diagnostic.col, diagnostic.code, diagnostic.message)
  end
  return found
end

--- Adds a state as a user does: `o` on line `line` opens an indented line below it, completion offers the
--- state snippets there, "Pass state" is accepted and expanded by vim.snippet with its name selected; the name
--- is kept, <Tab> jumps to the Next and `next` is typed, then <Esc>.
local function add_pass_state(line, next)
  vim.api.nvim_win_set_cursor(0, { line, 0 })
  local expanded = false
  _G.asl_snippet = {
    wait = function()
      expanded = vim.wait(TIMEOUT, function()
        return vim.snippet.active()
      end, 20)
      if not expanded then
        say('no snippet session; mode ' .. vim.api.nvim_get_mode().mode)
      end
    end,
    type = function(keys)
      vim.api.nvim_feedkeys(vim.keycode(keys), 't', false)
    end,
  }
  -- vim.snippet selects the name with keys it feeds after the ones already typed: the rest is typed once it has.
  local step = complete_with('o', 'Pass state', '<Cmd>lua _G.asl_snippet.wait()<CR>')
  check(step == 'done', 'the completion menu offered "Pass state" and it was accepted (' .. step .. ')')
  check(expanded, 'vim.snippet expanded the state')
  check(vim.api.nvim_get_mode().mode == 's', 'its name is selected (mode ' .. vim.api.nvim_get_mode().mode .. ')')
  -- <Tab> jumps to the Next: vim.snippet again feeds keys (an <Esc> out of Select mode), and what the user types
  -- next comes after them.
  local typed = vim.fn.escape(next, '\\"') .. '<Lt>Esc>'
  vim.api.nvim_feedkeys(vim.keycode('<Tab><Cmd>lua _G.asl_snippet.type("' .. typed .. '")<CR>'), 'xt', false)
  check(vim.api.nvim_get_mode().mode == 'n', 'back in Normal mode (' .. vim.api.nvim_get_mode().mode .. ')')
end

--- Whole states from the completion menu: one between two states (the snippet brings its own comma), one
--- after the last (the state before it gets its comma), each keeping the unique name the server gave it. The
--- buffer must then be JSON holding both, indented like their neighbours, and the server must find no error.
local function snippet()
  local lines = {
    '{',
    '  "Comment": "The first state goes to one that does not exist yet.",',
    '  "StartAt": "Pass",',
    '  "States": {',
    '    "Pass": {',
    '      "Type": "Pass",',
    '      "Next": "Pass 2"',
    '    },',
    '    "Done": {',
    '      "Type": "Succeed"',
    '    }',
    '  }',
    '}',
  }
  local buf = open_for_completion('snippet', table.concat(lines, '\n') .. '\n')
  local client = asl_clients(buf)[1]
  check(#errors(buf) > 0, 'before: errors for the missing "Pass 2" (' .. table.concat(errors(buf), '; ') .. ')')

  -- Between "Pass" and "Done": "Pass" is taken, so the new state is "Pass 2"; it goes on to "Pass 3".
  add_pass_state(find(buf, '"Next": "Pass 2"') + 1, 'Pass 3')
  -- After "Done", the last state: "Pass 3", going on to "Done".
  add_pass_state(#vim.api.nvim_buf_get_lines(buf, 0, -1, false) - 2, 'Done')

  local result = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  for _, marker in ipairs({ '$0', '$1', '${' }) do
    check(not result:find(marker, 1, true), 'no snippet marker ' .. marker .. ' is left')
  end
  local expected = table.concat({
    '{',
    '  "Comment": "The first state goes to one that does not exist yet.",',
    '  "StartAt": "Pass",',
    '  "States": {',
    '    "Pass": {',
    '      "Type": "Pass",',
    '      "Next": "Pass 2"',
    '    },',
    '    "Pass 2": {',
    '      "Type": "Pass",',
    '      "Next": "Pass 3"',
    '    },',
    '    "Done": {',
    '      "Type": "Succeed"',
    '    },',
    '    "Pass 3": {',
    '      "Type": "Pass",',
    '      "Next": "Done"',
    '    }',
    '  }',
    '}',
  }, '\n')
  check(result == expected, 'the new states are written like their neighbours, with their commas:\n' .. result)
  local ok, decoded = pcall(vim.json.decode, result)
  check(ok and type(decoded) == 'table', 'the buffer is JSON ' .. tostring(not ok and decoded or ''))
  local states = decoded.States or {}
  local names = vim.tbl_keys(states)
  table.sort(names)
  check(table.concat(names, ', ') == 'Done, Pass, Pass 2, Pass 3', 'four states: ' .. table.concat(names, ', '))
  for _, name in ipairs({ 'Pass 2', 'Pass 3' }) do
    check(select(2, result:gsub('"' .. name .. '": {', '')) == 1, 'one key "' .. name .. '" in the buffer')
  end
  check(
    vim.deep_equal(states['Pass 2'], { Type = 'Pass', Next = 'Pass 3' })
      and vim.deep_equal(states['Pass 3'], { Type = 'Pass', Next = 'Done' }),
    'the new states: ' .. vim.inspect({ states['Pass 2'], states['Pass 3'] })
  )

  -- Only the final text has no error: until then a Next names a state still missing.
  wait_for('the server to find no error (' .. table.concat(errors(buf), '; ') .. ')', function()
    return #errors(buf) == 0
  end)
  check(#errors(buf) == 0, 'no error diagnostics once both states are written')
  finish(buf, client)
end

--- :AslGraph, as a user runs it, in a SAM template holding two machines: with the cursor in the second one and an
--- unsaved edit, the SVG it writes and opens (vim.ui.open, replaced here to catch the path) draws that machine's
--- states as the buffer has them.
local function graph()
  local project = work .. '/project'
  vim.fn.mkdir(project .. '/.git', 'p')
  local path = project .. '/template.asl.yaml'
  write_file(
    path,
    table.concat({
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Orders:',
      '    Type: AWS::Serverless::StateMachine',
      '    Properties:',
      '      Definition:',
      '        StartAt: Take order',
      '        States:',
      '          Take order:',
      '            Type: Pass',
      '            End: true',
      '  Refunds:',
      '    Type: AWS::Serverless::StateMachine',
      '    Properties:',
      '      Definition:',
      '        StartAt: Check refund',
      '        States:',
      '          Check refund:',
      '            Type: Pass',
      '            Next: Pay back',
      '          Pay back:',
      '            Type: Succeed',
      '',
    }, '\n')
  )
  local buf = open(path)
  wait_for('asl-lsp to attach to the template', function()
    return #asl_clients(buf) == 1 and asl_clients(buf)[1].initialized
  end)
  local client = asl_clients(buf)[1]
  check(vim.fn.exists(':AslGraph') == 2, 'setup() defines :AslGraph')
  -- An unsaved rename in the second machine, and the cursor there.
  local line = find(buf, 'Pay back:')
  vim.api.nvim_buf_set_lines(buf, line - 1, line, false, { '          Pay back now:' })
  local next_line = find(buf, 'Next: Pay back')
  vim.api.nvim_buf_set_lines(buf, next_line - 1, next_line, false, { '            Next: Pay back now' })
  vim.api.nvim_win_set_cursor(0, { line, 12 })
  local opened
  vim.ui.open = function(file)
    opened = file
  end
  vim.cmd('AslGraph')
  wait_for(':AslGraph to open a file', function()
    return opened ~= nil
  end)
  check(opened:match('%.svg$') ~= nil, 'it opens an .svg file: ' .. opened)
  local svg = read_file(opened)
  check(svg:find('<svg', 1, true) ~= nil, 'the file is an SVG picture')
  check(svg:find('data-state="Check refund"', 1, true) ~= nil, 'it draws the machine under the cursor')
  check(svg:find('data-state="Pay back now"', 1, true) ~= nil, 'as the buffer has it, unsaved')
  check(svg:find('data-state="Take order"', 1, true) == nil, 'and not the other machine')
  finish(buf, client)
end

local function run()
  check(vim.fn.has('nvim-0.11') == 1, 'Neovim is 0.11 or later: ' .. tostring(vim.version()))
  check(vim.fn.exepath('asl-lsp') == server, 'asl-lsp on PATH is the built server ' .. server)

  -- What a plugin manager does with the repository (lazy.nvim, vim-plug, …): put its root on 'runtimepath';
  -- then the README's setup call, which adds editors/neovim, the filetypes, the client and completion.
  vim.opt.runtimepath:prepend(repo)
  require('asl_lsp').setup()
  if mode == 'completion' then
    return completion()
  elseif mode == 'snippet' then
    return snippet()
  elseif mode == 'graph' then
    return graph()
  end

  local expected = {
    ['order.asl.json'] = 'json.asl',
    ['/srv/flows/order.asl.yaml'] = 'yaml.asl',
    ['order.asl.yml'] = 'yaml.asl',
    ['package.json'] = 'json',
    ['cdk.json'] = 'json',
    ['asl.json'] = 'json',
    ['settings.yaml'] = 'yaml',
  }
  for name, filetype in vim.spairs(expected) do
    check(vim.filetype.match({ filename = name }) == filetype, name .. ' is detected as ' .. filetype)
  end

  local project = work .. '/project'
  vim.fn.mkdir(project .. '/.git', 'p')

  -- JSON: the README's example with a typo in a Choice rule's Next.
  local json_path = project .. '/flows/mistakes.asl.json'
  write_file(json_path, read_file(repo .. '/examples/mistakes.asl.json'))
  local json = open_asl(json_path, 'json.asl')
  check(vim.b[json].current_syntax == 'json', 'JSON syntax highlighting is loaded for json.asl')
  check(
    vim.bo[json].shiftwidth == 2 and vim.bo[json].expandtab and vim.bo[json].tabstop == 2,
    ('json.asl indents with 2 spaces (shiftwidth=%d tabstop=%d)'):format(vim.bo[json].shiftwidth, vim.bo[json].tabstop)
  )
  check(vim.bo[json].indentexpr:find('GetJSONIndent', 1, true) ~= nil, 'JSON indent is loaded for json.asl')
  check(vim.treesitter.language.get_lang('json.asl') == 'json', 'treesitter uses the json parser for json.asl')

  local client = asl_clients(json)[1]
  check(client.root_dir == project, 'root is the folder holding .git: ' .. tostring(client.root_dir))
  check(client.config.init_options.diagnosticsDelayMs == 50, 'init_options carry diagnosticsDelayMs')

  local typo = find_diagnostic(json, 'MISSING_TRANSITION_TARGET', '"Charge crad"')
  check(
    typo.lnum == 32 and typo.col == 18 and typo.end_lnum == 32 and typo.end_col == 31,
    ('the Next typo is reported at 32:18-32:31 (0-based; got %d:%d-%d:%d)'):format(
      typo.lnum,
      typo.col,
      typo.end_lnum,
      typo.end_col
    )
  )
  check(typo.severity == vim.diagnostic.severity.ERROR, 'the Next typo is an error')
  check(typo.message:find('Did you mean "Charge card"', 1, true) ~= nil, 'the message suggests "Charge card"')

  check_definition(json, '"Next": "In stock?"', '"In stock?": {')
  check_definition(json, '"Next": "Order rejected"', '"Order rejected": {')

  local symbols = document_symbols(json)
  local paths = symbol_paths(symbols)
  local top = {}
  for _, symbol in ipairs(symbols) do
    top[#top + 1] = symbol.name
  end
  local states = 'Validate order, In stock?, Wait for restock, Charge card, Fulfil, Notify customer, Order rejected'
  check(table.concat(top, ', ') == states, 'top-level symbols are the states in order: ' .. table.concat(top, ', '))
  local courier = table.concat(paths['Book courier'] or {}, ' > ')
  check(
    courier:find('^Fulfil > .*Ship items > .*Book courier$') ~= nil,
    'nested states sit under their Parallel and Map: ' .. courier
  )

  -- YAML, both extensions, same client.
  local yaml_path = project .. '/flows/approval.asl.yaml'
  write_file(
    yaml_path,
    table.concat({
      '# Approval flow with a typo in a Next.',
      'StartAt: Ask',
      'States:',
      '  Ask:',
      '    Type: Pass',
      '    Next: Decied',
      '  Decide:',
      '    Type: Pass',
      '    Next: Done',
      '  Done:',
      '    Type: Succeed',
      '',
    }, '\n')
  )
  local yaml = open_asl(yaml_path, 'yaml.asl')
  check(vim.b[yaml].current_syntax == 'yaml', 'YAML syntax highlighting is loaded for yaml.asl')
  check(vim.bo[yaml].shiftwidth == 2 and vim.bo[yaml].expandtab, 'yaml.asl indents with 2 spaces')
  check(vim.treesitter.language.get_lang('yaml.asl') == 'yaml', 'treesitter uses the yaml parser for yaml.asl')
  local yaml_typo = find_diagnostic(yaml, 'MISSING_TRANSITION_TARGET', '"Decied"')
  check(
    yaml_typo.lnum == 5 and yaml_typo.col == 10 and yaml_typo.end_col == 16,
    ('the YAML Next typo is reported at 5:10-5:16 (got %d:%d-%d:%d)'):format(
      yaml_typo.lnum,
      yaml_typo.col,
      yaml_typo.end_lnum,
      yaml_typo.end_col
    )
  )
  check_definition(yaml, 'Next: Done', 'Done:')
  check(asl_clients(yaml)[1].id == client.id, 'JSON and YAML files of one project share one asl-lsp')

  -- Plain JSON and YAML files of the same project must not get asl-lsp. Attaching happens on FileType, so
  -- opening an ASL file after them and waiting for it to attach proves their turn has passed.
  local plain = {}
  for _, name in ipairs({ 'package.json', 'cdk.json', 'flows/data.json', '.github/workflows/ci.yaml' }) do
    local path = project .. '/' .. name
    write_file(path, name:match('json$') and '{ "name": "app", "StartAt": "x" }\n' or 'on: push\n')
    plain[name] = open(path)
  end
  local yml_path = project .. '/flows/copy.asl.yml'
  write_file(yml_path, read_file(yaml_path))
  local yml = open_asl(yml_path, 'yaml.asl')
  check(#asl_clients(yml) == 1, 'copy.asl.yml gets asl-lsp')
  for name, buf in vim.spairs(plain) do
    local filetype = vim.bo[buf].filetype
    check(filetype == 'json' or filetype == 'yaml', name .. ' keeps filetype ' .. filetype)
    check(#asl_clients(buf) == 0, name .. ' does not get asl-lsp')
  end
  check(#vim.lsp.get_clients({ name = 'asl' }) == 1, 'one asl-lsp client in all')

  say('neovim: all checks passed')
  io.stdout:flush()
  vim.cmd('qall!')
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  fail('error: ' .. tostring(err))
end
