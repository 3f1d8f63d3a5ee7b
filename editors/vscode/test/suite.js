// The extension's integration suite: runs inside VS Code's extension host (loaded as extensionTestsPath by
// run.js) against the real asl-lsp. Activation for both languages, diagnostics in the Problems panel,
// completion accepted through the suggest widget, hover, definition, rename, quick fix, formatting, the
// state machine graph panel (read and clicked through run.js; in a template, the machine under the cursor),
// restart, and, with the AWS Toolkit's language contributions present, the aslLsp.awsToolkit choices.
'use strict';

const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const config = JSON.parse(fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8'));
const TIMEOUT = 20000;
const EXTENSION_ID = 'asl-lsp.asl-lsp';
const TOOLKIT_ID = 'amazonwebservices.aws-toolkit-vscode';

function say(line) {
  fs.appendFileSync(config.log, `${line}\n`);
}

function check(condition, message) {
  if (!condition) throw new Error(`FAIL ${message}`);
  say(`ok   ${message}`);
}

async function waitFor(what, predicate, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`FAIL timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function file(name) {
  return vscode.Uri.file(path.join(config.workspace, name));
}

function write(name, text) {
  fs.writeFileSync(path.join(config.workspace, name), text);
  return file(name);
}

async function show(uri) {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor };
}

function ours(uri) {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'asl-lsp');
}

function codeOf(diagnostic) {
  return typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
}

/** The position just after the first occurrence of `needle` (plus `shift` characters). */
function after(document, needle, shift = 0) {
  const offset = document.getText().indexOf(needle);
  if (offset < 0) throw new Error(`FAIL no ${needle} in ${document.uri.fsPath}`);
  return document.positionAt(offset + needle.length + shift);
}

function typoOf(uri) {
  return ours(uri).find((d) => codeOf(d) === 'MISSING_TRANSITION_TARGET' && d.message.includes('"Charge crad"'));
}

async function activation(api) {
  const json = await show(file('mistakes.asl.json'));
  check(json.document.languageId === 'asl', `*.asl.json opens as language asl (got ${json.document.languageId})`);
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  check(extension !== undefined, `${EXTENSION_ID} is loaded`);
  await waitFor('the extension to activate', () => extension.isActive);
  check(
    JSON.stringify(api.servedLanguages()) === '["asl","asl-yaml"]',
    `asl-lsp serves asl and asl-yaml (${JSON.stringify(api.servedLanguages())})`,
  );
  const { command, where } = api.server();
  if (config.bundled) {
    check(
      command === path.join(config.extension, 'server', 'asl-lsp'),
      `with no aslLsp.serverPath the bundled server runs (${command}: ${where})`,
    );
  } else {
    check(!command.startsWith(config.extension), `aslLsp.serverPath is honoured (${command}: ${where})`);
  }
  const yamlUri = write('approval.asl.yaml', 'StartAt: Ask\nStates:\n  Ask:\n    Type: Pass\n    Next: Decied\n  Decide:\n    Type: Succeed\n');
  const yaml = await show(yamlUri);
  check(yaml.document.languageId === 'asl-yaml', `*.asl.yaml opens as language asl-yaml (got ${yaml.document.languageId})`);
  await waitFor('YAML diagnostics', () => ours(yamlUri).some((d) => d.message.includes('"Decied"')));
  check(true, 'YAML: the Next typo "Decied" is reported');
  const plainUri = write('package.json', '{ "name": "app", "StartAt": "x" }\n');
  const plain = await show(plainUri);
  check(plain.document.languageId === 'json', 'package.json stays json');
  return { jsonUri: json.document.uri, yamlUri };
}

async function diagnosticsInProblemsPanel(uri) {
  await show(uri);
  const typo = await waitFor('the Next typo diagnostic', () => typoOf(uri));
  check(
    typo.range.start.line === 32 && typo.range.start.character === 18 && typo.range.end.character === 31,
    `the typo is at 32:18-32:31 (got ${typo.range.start.line}:${typo.range.start.character}-${typo.range.end.character})`,
  );
  check(typo.severity === vscode.DiagnosticSeverity.Error, 'the typo is an error');
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  // run.js reads the panel in the page and writes this file when it lists the typo.
  await waitFor('the Problems panel to list the typo (seen by the browser side)', () => fs.existsSync(config.problemsSeen));
  check(true, 'the Problems panel lists "Charge crad" with MISSING_TRANSITION_TARGET');
}

async function completion() {
  // A state whose Next is half typed: the suggest widget must complete the whole name, spaces and all.
  const source = fs.readFileSync(path.join(config.workspace, 'order.asl.json'), 'utf8');
  const text = source.replace('"Next": "Fulfil"', '"Next": "Wait f"');
  check(text !== source, 'the completion fixture has a half-typed Next');
  const uri = write('complete.asl.json', text);
  const { document, editor } = await show(uri);
  const position = after(document, '"Next": "Wait f');
  const items = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, position);
  const labels = items.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
  check(labels.includes('Wait for restock'), `completion offers "Wait for restock" (${labels.slice(0, 8).join(', ')})`);

  editor.selection = new vscode.Selection(position, position);
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
  // The widget filters as the user typed: "Wait f" leaves "Wait for restock" as the best match.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = document.version;
  let line = '';
  for (let attempt = 0; attempt < 50 && document.version === before; attempt += 1) {
    await vscode.commands.executeCommand('acceptSelectedSuggestion');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  line = document.lineAt(position.line).text;
  check(line.trim() === '"Next": "Wait for restock"', `accepting the suggestion leaves ${JSON.stringify(line.trim())}`);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

async function navigation(uri) {
  const { document } = await show(uri);
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, after(document, '"Type', -1));
  const hoverText = hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
  check(hoverText.length > 20, `hover on "Type" documents it (${hoverText.slice(0, 60).replace(/\n/g, ' ')}…)`);

  const from = after(document, '"Next": "Order rejected', -2);
  const locations = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', uri, from);
  const target = after(document, '"Order rejected": {', -'"Order rejected": {'.length);
  const first = locations[0];
  const range = first.targetRange || first.range;
  check(
    locations.length === 1 && range.start.line === target.line,
    `definition of "Order rejected" is its state, line ${target.line} (got ${range && range.start.line})`,
  );

  const rename = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', uri, from, 'Order refused');
  const edits = rename.get(uri);
  check(edits.length >= 3, `rename changes the state and every transition to it (${edits.length} edits)`);

  const typo = typoOf(uri);
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, typo.range);
  const fix = actions.find((action) => action.title.includes('Charge card') && action.edit);
  check(fix !== undefined, `a quick fix offers "Charge card" (${actions.map((a) => a.title).join('; ')})`);
  check(await vscode.workspace.applyEdit(fix.edit), 'the quick fix applies');
  check(document.lineAt(32).text.includes('"Next": "Charge card"'), 'the quick fix corrects the Next');
  await waitFor('the typo diagnostic to go', () => typoOf(uri) === undefined);
  check(true, 'the diagnostic is gone after the fix');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** A SAM template (VS Code's own YAML language): its state machine's typo is reported, and its quick fix applies. */
async function template() {
  const uri = file('templates/sam.template.yaml');
  const { document } = await show(uri);
  const typo = await waitFor('the typo inside the SAM template', () =>
    ours(uri).find((d) => codeOf(d) === 'MISSING_TRANSITION_TARGET' && d.message.includes('"Notfy"')),
  );
  check(document.getText(typo.range) === 'Notfy', `the template's typo is underlined where it is (${document.getText(typo.range)})`);
  check(
    ours(uri).every((d) => !d.message.includes('AWSTemplateFormatVersion')),
    'nothing of the template itself is reported',
  );
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, typo.range);
  const fix = actions.find((action) => action.title.includes('Notify') && action.edit);
  check(fix !== undefined, `a quick fix offers "Notify" (${actions.map((a) => a.title).join('; ')})`);
  check(await vscode.workspace.applyEdit(fix.edit), 'the quick fix applies in the template');
  await waitFor('the template typo to go', () => !ours(uri).some((d) => d.message.includes('"Notfy"')));
  check(true, 'the template diagnostic is gone after the fix');
}

async function formatting() {
  const uri = write('format.asl.json', '{\n"StartAt": "A",\n      "States": {"A": {"Type": "Succeed"}}\n}\n');
  await show(uri);
  const edits = await vscode.commands.executeCommand('vscode.executeFormatDocumentProvider', uri, {
    tabSize: 2,
    insertSpaces: true,
  });
  check(Array.isArray(edits) && edits.length > 0, `Format Document works on asl documents (${edits ? edits.length : 0} edits)`);
  const edit = new vscode.WorkspaceEdit();
  edit.set(uri, edits);
  await vscode.workspace.applyEdit(edit);
  const document = await vscode.workspace.openTextDocument(uri);
  check(document.lineAt(1).text === '  "StartAt": "A",', `formatting indents by 2 (${JSON.stringify(document.lineAt(1).text)})`);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** Every state name of a definition, at any depth (the keys of each `States`), in the order of the file. */
function stateNames(value, names = []) {
  if (Array.isArray(value)) {
    for (const item of value) stateNames(item, names);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'States' && inner && typeof inner === 'object' && !Array.isArray(inner)) names.push(...Object.keys(inner));
      stateNames(inner, names);
    }
  }
  return names;
}

let graphRequests = 0;

/** Asks run.js, which drives the page, to read the graph panel's webview or click in it. */
async function askGraph(request) {
  const id = ++graphRequests;
  const answerFile = path.join(config.work, 'graph-answer.json');
  const requestFile = path.join(config.work, 'graph-request.json');
  fs.writeFileSync(`${requestFile}.tmp`, JSON.stringify({ id, ...request }));
  fs.renameSync(`${requestFile}.tmp`, requestFile);
  const answer = await waitFor(`the browser side to ${request.action} the graph panel`, () => {
    if (!fs.existsSync(answerFile)) return undefined;
    const read = JSON.parse(fs.readFileSync(answerFile, 'utf8'));
    return read.id === id ? read : undefined;
  });
  fs.unlinkSync(answerFile);
  return answer;
}

/** Reads the graph panel until `predicate` holds of what it shows; the last reading when it never does. */
async function graphShows(what, predicate, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let seen;
  for (;;) {
    seen = await askGraph({ action: 'read' });
    if (seen.found && predicate(seen)) return seen;
    if (Date.now() > deadline) throw new Error(`FAIL timed out waiting for the graph panel to show ${what}: ${JSON.stringify(seen).slice(0, 600)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function graphTabs() {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.label.startsWith('Graph: '));
}

function sameNames(a, b) {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

/** The selection of a click on a state's box: its name, inside the quotes of its key (`quoted`) or not. */
function keySelected(document, key, quoted) {
  const offset = document.getText().indexOf(key);
  if (offset < 0) throw new Error(`FAIL no ${key} in ${document.uri.fsPath}`);
  const name = quoted ? JSON.parse(key.slice(0, key.lastIndexOf(':'))) : key.slice(0, key.lastIndexOf(':'));
  const start = offset + (quoted ? 1 : 0);
  return new vscode.Range(document.positionAt(start), document.positionAt(start + name.length));
}

/**
 * "asl-lsp: Show State Machine Graph": the panel beside the editor shows every state once, under a strict
 * policy and with nothing loaded; an edit redraws it; a click on a box selects the state's key in the text
 * (after non-ASCII names, so the server's UTF-8 offsets are converted); it follows another ASL document,
 * not a plain JSON file; it survives a server restart; and closing it lets go of everything.
 */
async function graphPanel(api, yamlUri) {
  const source = fs.readFileSync(path.join(config.workspace, 'order.asl.json'), 'utf8');
  const names = stateNames(JSON.parse(source));
  check(names.length === 10 && new Set(names).size === names.length, `order.asl.json has 10 distinct states (${names.join(', ')})`);
  const uri = write('graph.asl.json', source);
  const { document, editor } = await show(uri);
  await vscode.commands.executeCommand('aslLsp.showGraph');
  const tab = await waitFor('the graph panel', () => graphTabs()[0]);
  check(tab.label === 'Graph: graph.asl.json', `the panel is titled "Graph: graph.asl.json" (${tab.label})`);
  check(tab.group.viewColumn !== editor.viewColumn, `the panel opens beside the editor (column ${tab.group.viewColumn})`);
  check(vscode.window.activeTextEditor && vscode.window.activeTextEditor.document === document, 'the editor keeps the focus');

  const first = await graphShows('the states of order.asl.json', (seen) => seen.states.length > 0);
  check(
    first.states.length === names.length && sameNames(first.states, names),
    `the SVG shows every state exactly once (${first.states.join(', ')})`,
  );
  check(first.message === '', `no message beside the graph (${first.message})`);
  check(first.cursor === 'pointer', `a state shows a pointer cursor (${first.cursor})`);
  check(first.edgeFill === 'none', `the picture's own style applies under the policy (edge fill ${first.edgeFill})`);
  check(
    /default-src 'none'/.test(first.policy) && /script-src 'nonce-[0-9a-f]{32}'/.test(first.policy) && !/https?:/.test(first.policy),
    `the page has a strict Content-Security-Policy (${first.policy})`,
  );
  check(first.resources.length === 0, `the page loads nothing (${first.resources.join(', ')})`);
  check(graphTabs().length === 1, 'one graph panel');

  // A rename to a name with non-ASCII characters (é takes 2 bytes, the parcel 4 and two UTF-16 units), before
  // the state clicked below.
  const renamed = 'Vérifier la commande 📦';
  const edit = new vscode.WorkspaceEdit();
  const text = document.getText();
  for (let at = text.indexOf('"Validate order"'); at >= 0; at = text.indexOf('"Validate order"', at + 1)) {
    edit.replace(uri, new vscode.Range(document.positionAt(at + 1), document.positionAt(at + 15)), renamed);
  }
  check(edit.size === 1 && edit.get(uri).length === 3, `"Validate order" is written 3 times (${edit.get(uri).length})`);
  check(await vscode.workspace.applyEdit(edit), 'the rename applies');
  const redrawn = await graphShows(`"${renamed}"`, (seen) => seen.states.includes(renamed));
  const expected = names.map((name) => (name === 'Validate order' ? renamed : name));
  check(sameNames(redrawn.states, expected), `the panel redraws after the edit (${redrawn.states.join(', ')})`);

  editor.selection = new vscode.Selection(0, 0, 0, 0);
  const clicked = await askGraph({ action: 'click', state: 'Charge card' });
  check(clicked.found && !clicked.error, `the browser side clicks "Charge card" (${clicked.error || 'done'})`);
  const charge = keySelected(document, '"Charge card": {', true);
  const selected = await waitFor('the selection to move to "Charge card"', () => {
    const active = vscode.window.activeTextEditor;
    return active && active.document === document && active.selection.isEqual(charge) ? active : undefined;
  });
  check(
    document.getText(selected.selection) === 'Charge card',
    `a click on "Charge card" selects its key at ${charge.start.line}:${charge.start.character} after the non-ASCII names`,
  );

  // Another ASL document: the panel follows it. A plain JSON file: it stays.
  await show(yamlUri);
  await waitFor('the panel to follow approval.asl.yaml', () => graphTabs().length === 1 && graphTabs()[0].label === 'Graph: approval.asl.yaml');
  const yaml = await graphShows('the YAML states', (seen) => sameNames(seen.states, ['Ask', 'Decide']));
  check(yaml.states.length === 2, 'the panel follows the active ASL document (approval.asl.yaml: Ask, Decide)');
  const yamlDocument = await vscode.workspace.openTextDocument(yamlUri);
  await askGraph({ action: 'click', state: 'Decide' });
  const decide = keySelected(yamlDocument, 'Decide:', false);
  await waitFor('the selection to move to Decide', () => {
    const active = vscode.window.activeTextEditor;
    return active && active.document === yamlDocument && active.selection.isEqual(decide);
  });
  check(true, 'a click on "Decide" selects the plain YAML key');
  await show(file('package.json'));
  await new Promise((resolve) => setTimeout(resolve, 500));
  check(graphTabs()[0].label === 'Graph: approval.asl.yaml', 'a plain JSON file does not take the panel');
  await vscode.commands.executeCommand('aslLsp.showGraph');
  await graphShows('a message for package.json', (seen) => seen.message.includes('does not read package.json') && seen.states.length === 0);
  check(graphTabs().length === 1 && graphTabs()[0].label === 'Graph: package.json', 'the command on a file asl-lsp does not read explains it in the panel');

  // Back to the definition; a restart: the panel is drawn again by the new server.
  await show(uri);
  await graphShows('the definition again', (seen) => seen.states.includes(renamed));
  await vscode.commands.executeCommand('aslLsp.restartServer');
  await waitFor('the restarted server', () => api.client() && api.client().isRunning());
  const afterRestart = await graphShows('the graph after the restart', (seen) => seen.states.length === names.length && !seen.message && !seen.stale);
  check(afterRestart.states.includes(renamed), 'the graph is drawn again after a server restart');

  // Closing the panel lets go of its listeners; edits after it are no business of the extension's.
  check(api.graph() !== undefined && api.graph().listeners > 0, `the open panel listens (${api.graph() && api.graph().listeners})`);
  await vscode.window.tabGroups.close(graphTabs());
  await waitFor('the panel to close', () => graphTabs().length === 0 && api.graph() === undefined);
  check(true, 'closing the panel disposes it and its listeners');
  const closing = new vscode.WorkspaceEdit();
  closing.insert(uri, new vscode.Position(0, 0), ' ');
  await vscode.workspace.applyEdit(closing);
  await new Promise((resolve) => setTimeout(resolve, 500));
  check(graphTabs().length === 0, 'an edit after closing does not bring the panel back');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** A template of two machines, the second a quoted `DefinitionString`. */
const TWO_MACHINES = `{
  "Description": "Orders — and refunds ✓",
  "Resources": {
    "OrderMachine": {
      "Type": "AWS::StepFunctions::StateMachine",
      "Properties": {
        "Definition": {
          "StartAt": "Take order",
          "States": {
            "Take order": {"Type": "Pass", "Next": "Done"},
            "Done": {"Type": "Succeed"}
          }
        }
      }
    },
    "RefundMachine": {
      "Type": "AWS::StepFunctions::StateMachine",
      "Properties": {
        "DefinitionString": "{\\"StartAt\\": \\"Check refund\\", \\"States\\": {\\"Check refund\\": {\\"Type\\": \\"Pass\\", \\"Next\\": \\"Refunded\\"}, \\"Refunded\\": {\\"Type\\": \\"Succeed\\"}}}"
      }
    }
  }
}
`;

/**
 * The graph of a template of two machines follows the cursor: it draws the machine the cursor is in, asks the
 * server again only when the cursor enters another one, keeps the machine drawn when the cursor leaves them
 * all (an edit there included), and a click on a state of the machine written as a string selects its name
 * between the escaped quotes.
 */
async function graphOfTemplate(api) {
  const uri = write('two.template.json', TWO_MACHINES);
  const { document, editor } = await show(uri);
  const at = (needle) => document.positionAt(document.getText().indexOf(needle) + 2);
  editor.selection = new vscode.Selection(at('"Take order": {'), at('"Take order": {'));
  await vscode.commands.executeCommand('aslLsp.showGraph');
  await graphShows('the first machine', (seen) => sameNames(seen.states, ['Take order', 'Done']));
  await waitFor('the title to name OrderMachine', () => graphTabs()[0] && graphTabs()[0].label === 'Graph: two.template.json (OrderMachine)');
  check(true, 'the panel draws the machine the cursor is in, named in its title');

  editor.selection = new vscode.Selection(at('Check refund\\": {'), at('Check refund\\": {'));
  await graphShows('the machine written as a string', (seen) => sameNames(seen.states, ['Check refund', 'Refunded']));
  await waitFor('the title to name RefundMachine', () => graphTabs()[0].label === 'Graph: two.template.json (RefundMachine)');
  check(true, 'moving the cursor into the other machine draws that one');

  // Moves within the machine drawn ask nothing.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const requests = api.graph().requests;
  for (const needle of ['Refunded\\": {', 'Succeed\\"}', 'StartAt\\"']) {
    editor.selection = new vscode.Selection(at(needle), at(needle));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  check(api.graph().requests === requests, `moves within the machine drawn ask nothing (${api.graph().requests - requests} requests)`);

  const clicked = await askGraph({ action: 'click', state: 'Refunded' });
  check(clicked.found && !clicked.error, `the browser side clicks "Refunded" (${clicked.error || 'done'})`);
  const key = document.getText().indexOf('\\"Refunded\\": {') + 2;
  const refunded = new vscode.Range(document.positionAt(key), document.positionAt(key + 'Refunded'.length));
  const selected = await waitFor('the selection to move to "Refunded"', () => {
    const active = vscode.window.activeTextEditor;
    return active && active.document === document && active.selection.isEqual(refunded) ? active : undefined;
  });
  check(document.getText(selected.selection) === 'Refunded', 'a click on "Refunded" selects its name inside the string');

  // Outside both machines, and typing there: the machine drawn stays.
  const outside = at('"Description"');
  selected.selection = new vscode.Selection(outside, outside);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, document.positionAt(document.getText().indexOf('refunds') + 'refunds'.length), ' too');
  check(await vscode.workspace.applyEdit(edit), 'an edit outside both machines applies');
  await new Promise((resolve) => setTimeout(resolve, 800));
  const kept = await graphShows('the machine drawn after the edit', (seen) => seen.states.length > 0);
  check(sameNames(kept.states, ['Check refund', 'Refunded']), `an edit outside the machines keeps the one drawn (${kept.states.join(', ')})`);

  selected.selection = new vscode.Selection(at('"Done": {'), at('"Done": {'));
  await graphShows('the first machine again', (seen) => sameNames(seen.states, ['Take order', 'Done']));
  check(true, 'moving back into the first machine draws it again');

  await vscode.window.tabGroups.close(graphTabs());
  await waitFor('the panel to close', () => graphTabs().length === 0 && api.graph() === undefined);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

async function restart(api, uri) {
  const before = api.client();
  await vscode.commands.executeCommand('aslLsp.restartServer');
  const after = await waitFor('a new client', () => (api.client() && api.client() !== before && api.client().isRunning() ? api.client() : undefined));
  check(after.isRunning(), '"asl-lsp: Restart Server" starts a new server');
  await show(uri);
  await waitFor('diagnostics after the restart', () => ours(uri).length > 0);
  check(true, 'diagnostics come back after the restart');
}

async function withoutToolkit(api, jsonUri) {
  check(vscode.extensions.getExtension(TOOLKIT_ID) === undefined, 'no AWS Toolkit in this run');
  const settings = vscode.workspace.getConfiguration('aslLsp');
  await settings.update('awsToolkit', 'toolkit', vscode.ConfigurationTarget.Global);
  await waitFor('the restart after the settings change', () => api.client() && api.client().isRunning());
  check(api.servedLanguages().length === 2, 'without the Toolkit, "toolkit" still leaves both languages to asl-lsp');
  await show(jsonUri);
  await waitFor('diagnostics', () => ours(jsonUri).length > 0);
  await settings.update('awsToolkit', undefined, vscode.ConfigurationTarget.Global);
}

/** A missing server: one notification (the issue was two overlapping ones), which names the setting. */
async function missingServer(api) {
  const settings = vscode.workspace.getConfiguration('aslLsp');
  // aslLsp.serverPath is machine-overridable: in a remote window a workspace value applies, a user one does not.
  await settings.update('serverPath', '/nonexistent/asl-lsp', vscode.ConfigurationTarget.Workspace);
  await waitFor('the extension to give up on the missing server', () => api.client() === undefined && api.server().command === undefined);
  await vscode.commands.executeCommand('notifications.showList');
  const answer = path.join(config.work, 'toasts.json');
  fs.writeFileSync(path.join(config.work, 'count-toasts'), '');
  const texts = JSON.parse(await waitFor('the browser side to count notifications', () => fs.existsSync(answer) && fs.readFileSync(answer, 'utf8')));
  check(texts.length === 1, `one notification when the server is missing (${texts.length}: ${JSON.stringify(texts).slice(0, 300)})`);
  check(texts[0].includes('aslLsp.serverPath') && texts[0].includes('Open Settings'), 'it names aslLsp.serverPath and has an Open Settings button');
  await settings.update('serverPath', undefined, vscode.ConfigurationTarget.Workspace);
  await waitFor('the server to start again', () => api.client() && api.client().isRunning());
  check(true, 'the server starts again once the setting is fixed');
}

async function toolkit(api, jsonUri, yamlUri) {
  const stub = vscode.extensions.getExtension(TOOLKIT_ID);
  check(stub !== undefined, 'the AWS Toolkit stand-in is loaded');
  const settings = vscode.workspace.getConfiguration('aslLsp');

  await settings.update('awsToolkit', 'yaml', vscode.ConfigurationTarget.Global);
  await waitFor('asl-lsp to leave YAML to the Toolkit', () => JSON.stringify(api.servedLanguages()) === '["asl"]');
  await waitFor('the restarted client', () => api.client() && api.client().isRunning());
  await show(yamlUri);
  await show(jsonUri);
  await waitFor('JSON diagnostics from asl-lsp', () => ours(jsonUri).length > 0);
  await waitFor('no YAML diagnostics from asl-lsp', () => ours(yamlUri).length === 0);
  check(true, '"yaml": asl-lsp answers for asl, not for asl-yaml');

  await settings.update('awsToolkit', 'toolkit', vscode.ConfigurationTarget.Global);
  await waitFor('asl-lsp to step aside', () => api.servedLanguages().length === 0 && api.client() === undefined);
  await waitFor('no diagnostics from asl-lsp', () => ours(jsonUri).length === 0 && ours(yamlUri).length === 0);
  check(true, '"toolkit": asl-lsp answers for nothing while the Toolkit is there');

  await settings.update('awsToolkit', 'asl-lsp', vscode.ConfigurationTarget.Global);
  await waitFor('asl-lsp to serve both again', () => api.servedLanguages().length === 2);
  await show(yamlUri);
  await waitFor('YAML diagnostics again', () => ours(yamlUri).length > 0);
  check(true, '"asl-lsp": asl-lsp answers for both again');
}

async function run() {
  say(`suite: VS Code ${vscode.version}${config.toolkit ? ', with the AWS Toolkit stand-in' : ''}`);
  try {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const api = extension.isActive ? extension.exports : await extension.activate();
    const { jsonUri, yamlUri } = await activation(api);
    await diagnosticsInProblemsPanel(jsonUri);
    if (config.toolkit) {
      await toolkit(api, jsonUri, yamlUri);
    } else {
      await completion();
      await navigation(jsonUri);
      await template();
      await formatting();
      await graphPanel(api, yamlUri);
      await graphOfTemplate(api);
      await restart(api, jsonUri);
      await withoutToolkit(api, jsonUri);
      await missingServer(api);
    }
    say('vscode: all checks passed');
  } catch (error) {
    say(error && error.stack ? error.stack : String(error));
    throw error;
  }
}

module.exports = { run };
