// VS Code extension entry point: runs the asl-lsp language server over stdio for Amazon States Language
// documents (the `asl` and `asl-yaml` language ids that the AWS Toolkit uses too), formats JSON ones, shows
// the state machine's graph in a panel beside the editor, and decides with the `aslLsp.awsToolkit` setting who
// answers when the AWS Toolkit is installed as well.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, State, RevealOutputChannelOn } = require('vscode-languageclient/node');
const jsonc = require('jsonc-parser');

const SECTION = 'aslLsp';
/** The ids the AWS Toolkit gives these files; both extensions contribute them, so they agree. */
const JSON_LANGUAGE = 'asl';
const YAML_LANGUAGE = 'asl-yaml';
const TOOLKIT_ID = 'amazonwebservices.aws-toolkit-vscode';
const LOG_LEVELS = ['off', 'error', 'warn', 'info', 'debug', 'trace'];

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.LogOutputChannel | undefined} */
let output;
/** @type {vscode.ExtensionContext | undefined} */
let extension;
/** The binary the running server was started from, and how it was found. */
let started = { command: undefined, where: undefined };
/** Serialises start/stop/restart so a settings change during a start does not leave two servers. */
let queue = Promise.resolve();

/** The settings the server is started with. */
function settings() {
  const config = vscode.workspace.getConfiguration(SECTION);
  const serverPath = String(config.get('serverPath', '') || '').trim();
  const delay = Number(config.get('diagnosticsDelayMs', 50));
  const diagnosticsDelayMs = Number.isFinite(delay) && delay >= 0 ? Math.round(delay) : 50;
  const level = String(config.get('logLevel', 'warn'));
  const logLevel = LOG_LEVELS.includes(level) ? level : 'warn';
  const awsToolkit = String(config.get('awsToolkit', 'asl-lsp'));
  const formatEnable = config.get('format.enable', true) !== false;
  const templates = config.get('templates', true) !== false;
  return { serverPath, diagnosticsDelayMs, logLevel, awsToolkit, formatEnable, templates };
}

/**
 * Templates that may hold state machines, by their usual names, in VS Code's own YAML and JSON languages:
 * the server reads a template's state machines and answers nothing for a file that turns out to hold none.
 */
const TEMPLATE_SELECTORS = [
  { scheme: 'file', language: 'yaml', pattern: '**/{template,*.template,serverless}.{yaml,yml}' },
  { scheme: 'file', language: 'json', pattern: '**/{template,*.template}.json' },
  // Terraform, whatever language another extension gives it.
  { scheme: 'file', pattern: '**/*.tf' },
];

/** True when the AWS Toolkit is installed and enabled in this window. */
function toolkitPresent() {
  return vscode.extensions.getExtension(TOOLKIT_ID) !== undefined;
}

/**
 * The language ids asl-lsp serves: both, unless the AWS Toolkit is present and `aslLsp.awsToolkit` hands it
 * the YAML documents (`yaml`) or every document (`toolkit`). Without the Toolkit, asl-lsp always serves both,
 * so no setting can leave a definition with no checker at all.
 */
function servedLanguages(awsToolkit, toolkit = toolkitPresent()) {
  if (!toolkit || awsToolkit === 'asl-lsp') {
    return [JSON_LANGUAGE, YAML_LANGUAGE];
  }
  if (awsToolkit === 'yaml') {
    return [JSON_LANGUAGE];
  }
  return [];
}

/** The documents the server is given: definitions in the languages it serves, and templates unless turned off. */
function documentSelector(languages, templates) {
  return [
    ...languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    ...(templates ? TEMPLATE_SELECTORS : []),
  ];
}

/** True when asl-lsp, with the current settings, is given `document`. */
function served(document) {
  const { awsToolkit, templates } = settings();
  const selector = documentSelector(servedLanguages(awsToolkit), templates);
  return selector.length > 0 && vscode.languages.match(selector, document) > 0;
}

function isExecutableFile(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `name` looked up on PATH (with PATHEXT on Windows), or undefined. */
function onPath(name) {
  const extensions = process.platform === 'win32' ? (process.env.PATHEXT || '.EXE').split(';') : [''];
  for (const folder of (process.env.PATH || '').split(path.delimiter)) {
    if (!folder) continue;
    for (const extensionName of extensions) {
      const candidate = path.join(folder, name + extensionName.toLowerCase());
      if (isExecutableFile(candidate)) return candidate;
      const upper = path.join(folder, name + extensionName);
      if (isExecutableFile(upper)) return upper;
    }
  }
  return undefined;
}

/**
 * The server binary: `aslLsp.serverPath` when set (a path, or a name looked up on PATH), else the one bundled
 * in the extension's `server/` folder, else `asl-lsp` on PATH. `where` says which, for the log.
 */
function resolveServer(serverPath) {
  const binary = process.platform === 'win32' ? 'asl-lsp.exe' : 'asl-lsp';
  if (serverPath) {
    const expanded = serverPath.replace(/^~(?=$|[\\/])/, process.env.HOME || process.env.USERPROFILE || '~');
    if (path.isAbsolute(expanded) || expanded.includes('/') || expanded.includes('\\')) {
      return { command: isExecutableFile(expanded) ? expanded : undefined, where: `aslLsp.serverPath "${serverPath}"` };
    }
    return { command: onPath(expanded), where: `aslLsp.serverPath "${serverPath}" on PATH` };
  }
  const bundled = extension ? extension.asAbsolutePath(path.join('server', binary)) : undefined;
  if (bundled && isExecutableFile(bundled)) {
    return { command: bundled, where: 'the server bundled with the extension' };
  }
  return { command: onPath('asl-lsp'), where: '"asl-lsp" on PATH (no server is bundled with this build)' };
}

/** One notification when the server cannot be found or started, with a button to the setting. */
async function reportMissing(text) {
  output.error(text);
  const choice = await vscode.window.showErrorMessage(text, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.serverPath`);
  } else if (choice === 'Show Output') {
    output.show(true);
  }
}

async function start() {
  const { serverPath, diagnosticsDelayMs, logLevel, awsToolkit, templates } = settings();
  const languages = servedLanguages(awsToolkit);
  if (languages.length === 0) {
    started = { command: undefined, where: 'none: every ASL document is left to the AWS Toolkit' };
    output.info('The AWS Toolkit is installed and aslLsp.awsToolkit is "toolkit": asl-lsp leaves every ASL document to it.');
    return;
  }
  const { command, where } = resolveServer(serverPath);
  if (!command) {
    started = { command: undefined, where };
    // Not started at all, so the language client shows no error of its own: this is the only notification.
    void reportMissing(
      `asl-lsp: no server binary found (looked for ${where}). Install asl-lsp or set "aslLsp.serverPath" to it.`,
    );
    return;
  }
  output.info(`Starting ${command} (${where}) for ${languages.join(', ')}; log level ${logLevel}.`);
  started = { command, where };
  // No `transport`: the client talks to the process over its stdin and stdout, with no extra argument.
  const serverOptions = {
    command,
    args: [],
    options: { env: { ...process.env, ASL_LSP_LOG: logLevel } },
  };
  const clientOptions = {
    documentSelector: documentSelector(languages, templates),
    initializationOptions: { diagnosticsDelayMs, logLevel },
    // The server asks for `aslLsp` (its `rules`) and hears of changes to it.
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // A server that fails its initialize is stopped, not restarted in a loop.
    initializationFailedHandler: () => false,
  };
  const starting = new LanguageClient(SECTION, 'Amazon States Language (asl-lsp)', serverOptions, clientOptions);
  client = starting;
  try {
    await starting.start();
  } catch (error) {
    // The language client has shown its own notification for this failure: log it, without a second one.
    client = undefined;
    const message = error instanceof Error ? error.message : String(error);
    output.error(`asl-lsp could not be started from ${command}: ${message}`);
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (running && running.state !== State.Stopped) {
    try {
      await running.stop();
    } catch (error) {
      output.warn(`asl-lsp did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function enqueue(step) {
  queue = queue.then(step, step);
  return queue;
}

function restart() {
  return enqueue(async () => {
    await stop();
    await start();
    // The graph panel asked while the server was away: draw it again with the new one.
    if (graph) void graph.refresh();
  });
}

/** Once per installation: says how asl-lsp and the AWS Toolkit share the ASL documents, and offers a choice. */
async function explainToolkit(context) {
  if (!toolkitPresent() || context.globalState.get('aslLsp.toolkitNoticeShown')) {
    return;
  }
  await context.globalState.update('aslLsp.toolkitNoticeShown', true);
  const { awsToolkit } = settings();
  output.info(`The AWS Toolkit (${TOOLKIT_ID}) is installed; aslLsp.awsToolkit is "${awsToolkit}".`);
  const choice = await vscode.window.showInformationMessage(
    'The AWS Toolkit is installed and checks Step Functions definitions too. asl-lsp answers for them now; ' +
      'choose "Toolkit only" to leave them to the Toolkit, or "YAML to Toolkit" to share.',
    'Keep asl-lsp',
    'YAML to Toolkit',
    'Toolkit only',
  );
  const value = { 'Keep asl-lsp': 'asl-lsp', 'YAML to Toolkit': 'yaml', 'Toolkit only': 'toolkit' }[choice];
  if (value && value !== awsToolkit) {
    await vscode.workspace.getConfiguration(SECTION).update('awsToolkit', value, vscode.ConfigurationTarget.Global);
  }
}

/** JSON formatting for `asl` documents (a language of their own loses VS Code's JSON formatter). */
function formatEdits(document, range, options) {
  if (!settings().formatEnable) {
    return [];
  }
  const text = document.getText();
  const formatRange = range
    ? { offset: document.offsetAt(range.start), length: document.offsetAt(range.end) - document.offsetAt(range.start) }
    : undefined;
  const edits = jsonc.format(text, formatRange, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    keepLines: true,
  });
  return edits.map(
    (edit) =>
      new vscode.TextEdit(
        new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)),
        edit.content,
      ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The state machine graph: `aslLsp.showGraph` opens one panel beside the editor with the SVG that the server's
// `asl/graph` request draws. The panel follows the active ASL document (one panel for the window, not one per
// document) and, in a template of several machines, the machine the cursor is in (the server says which one it
// drew and where each one is, so moving the cursor asks again only on entering another machine); it is drawn
// again GRAPH_DELAY_MS after the user stops typing, and a click on a state selects its name in the text. The
// page is offline: a strict Content-Security-Policy with a nonce and no resources at all.

/** Milliseconds after the last edit before the graph is drawn again. */
const GRAPH_DELAY_MS = 300;

/** @type {GraphPanel | undefined} */
let graph;

function fileName(uri) {
  return path.posix.basename(uri.path) || uri.toString();
}

function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What the panel shows for `document`: `{ type: 'graph', svg, machine, name, machines }` (the index and name of
 * the machine drawn, and every machine's `{ name, range }`, its range a `vscode.Range`), or
 * `{ type: 'message', text, keep }` where `keep` says the last graph stays on screen (dimmed) because the
 * failure should pass, e.g. a restart. The machine drawn is the one `cursor` (a `vscode.Position`) is in, else
 * the one at index `machine`, else the first.
 */
async function drawGraph(document, token, cursor, machine) {
  const name = fileName(document.uri);
  if (!served(document)) {
    return {
      type: 'message',
      text:
        `asl-lsp does not read ${name}: open a Step Functions definition (*.asl.json, *.asl.yaml) ` +
        'or a template that holds one.',
      keep: false,
    };
  }
  const running = client;
  if (!running || !running.isRunning()) {
    // Stopped, starting or restarting (the output channel says why); a restart draws the graph again.
    const where = started.command ? '' : ` (no server: ${started.where})`;
    return { type: 'message', text: `asl-lsp is not running${where}; the graph is drawn again when it starts.`, keep: true };
  }
  try {
    const params = { textDocument: { uri: running.code2ProtocolConverter.asUri(document.uri) } };
    if (cursor) params.position = running.code2ProtocolConverter.asPosition(cursor);
    if (Number.isInteger(machine)) params.machine = machine;
    const answer = await running.sendRequest('asl/graph', params, token);
    if (!answer || typeof answer.svg !== 'string') {
      return { type: 'message', text: `No state machine in ${name}.`, keep: false };
    }
    const machines = (Array.isArray(answer.machines) ? answer.machines : []).map((each) => ({
      name: typeof each.name === 'string' ? each.name : undefined,
      range: running.protocol2CodeConverter.asRange(each.range),
    }));
    const drawn = Number.isInteger(answer.machine) ? answer.machine : 0;
    const title = typeof answer.name === 'string' ? answer.name : undefined;
    return { type: 'graph', svg: answer.svg, machine: drawn, name: title, machines };
  } catch (error) {
    return { type: 'message', text: `asl-lsp could not draw ${name}: ${errorText(error)}`, keep: true };
  }
}

/** The UTF-16 offset (what `positionAt` takes) of a UTF-8 byte offset into `text`. */
function utf16Offset(text, byteOffset) {
  const bytes = Buffer.from(text, 'utf8');
  const at = Math.max(0, Math.min(Number.isFinite(byteOffset) ? Math.floor(byteOffset) : 0, bytes.length));
  return bytes.subarray(0, at).toString('utf8').length;
}

/**
 * The name of the state whose key starts at the UTF-16 offset `start`: inside the quotes of a JSON or quoted
 * YAML key, inside the escaped quotes (`\"Name\"`) of a key in a definition written as a string, or a plain
 * YAML key up to its colon; an empty range at `start` when the text there is no key.
 */
function keyRange(document, start) {
  const text = document.getText();
  const quote = text[start];
  let end = start;
  if (quote === '\\' && text[start + 1] === '"') {
    // The string's `\\` is a backslash of the JSON inside it: a `\"` after an odd number of them is a quote
    // escaped in the name, not its end.
    let escaped = false;
    let at = start + 2;
    while (at < text.length && text[at] !== '\n') {
      if (text[at] !== '\\') {
        escaped = false;
        at += 1;
        continue;
      }
      const next = text[at + 1];
      if (next === '"' && !escaped) {
        return new vscode.Range(document.positionAt(start + 2), document.positionAt(at));
      }
      escaped = next === '\\' ? !escaped : false;
      at += 2;
    }
  } else if (quote === '"' || quote === "'") {
    let at = start + 1;
    while (at < text.length && text[at] !== '\n') {
      if (quote === '"' && text[at] === '\\') {
        at += 2;
      } else if (text[at] === quote && !(quote === "'" && text[at + 1] === "'")) {
        return new vscode.Range(document.positionAt(start + 1), document.positionAt(at));
      } else {
        at += quote === "'" && text[at] === "'" ? 2 : 1;
      }
    }
  } else {
    const lineEnd = text.indexOf('\n', start);
    const line = text.slice(start, lineEnd < 0 ? text.length : lineEnd);
    const plain = /^[^\s:#][^:]*?(?=\s*:(?:\s|$))/.exec(line);
    if (plain) end = start + plain[0].length;
  }
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

function graphNonce() {
  return crypto.randomBytes(16).toString('hex');
}

/** The panel's page. It is set once; graphs and messages come as messages, so scrolling is kept. */
function graphPage(nonce) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>State machine graph</title>
<style nonce="${nonce}">
  body {
    margin: 0;
    padding: 12px;
    color: var(--vscode-foreground);
    background: var(--vscode-editor-background);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
  }
  #message {
    margin: 0 0 12px;
    padding: 8px 10px;
    border-left: 3px solid var(--vscode-editorInfo-foreground, #3794ff);
    background: var(--vscode-textBlockQuote-background, transparent);
  }
  /* The picture is drawn for a light background, whatever the theme. */
  #message[hidden], #graph[hidden] { display: none; }
  #graph svg { display: block; background: #fff; border-radius: 4px; }
  #graph.stale svg { opacity: 0.45; }
  #graph g.state { cursor: pointer; }
  #graph g.state:hover > .shape, #graph g.state:focus > .shape { stroke-width: 2.5; }
  #graph g.state:focus { outline: none; }
</style>
</head>
<body>
<div id="message" role="status" hidden></div>
<div id="graph" hidden></div>
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const nonce = document.currentScript.nonce;
  const message = document.getElementById('message');
  const graph = document.getElementById('graph');
  let restored = false;

  function say(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  function draw(text) {
    const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
    const svg = parsed.documentElement;
    if (svg.nodeName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) {
      say('The graph from asl-lsp could not be read.');
      return;
    }
    // The picture's own <style> runs under this page's policy: it gets the nonce.
    for (const style of svg.getElementsByTagName('style')) style.setAttribute('nonce', nonce);
    for (const state of svg.querySelectorAll('g.state[data-offset]')) {
      state.setAttribute('tabindex', '0');
      state.setAttribute('role', 'button');
    }
    graph.replaceChildren(document.importNode(svg, true));
    graph.classList.remove('stale');
    graph.hidden = false;
    say('');
    const saved = vscode.getState();
    if (!restored && saved) window.scrollTo(saved.x || 0, saved.y || 0);
    restored = true;
  }

  window.addEventListener('message', (event) => {
    const data = event.data || {};
    if (data.type === 'graph') {
      draw(String(data.svg));
    } else if (data.type === 'message') {
      say(String(data.text));
      if (data.keep && graph.firstChild) {
        graph.classList.add('stale');
      } else {
        graph.replaceChildren();
        graph.hidden = true;
      }
    }
  });

  function reveal(target) {
    const state = target instanceof Element ? target.closest('g.state[data-offset]') : null;
    if (!state) return false;
    const offset = Number(state.getAttribute('data-offset'));
    vscode.postMessage({ type: 'reveal', offset, state: state.getAttribute('data-state') });
    return true;
  }
  graph.addEventListener('click', (event) => {
    if (reveal(event.target)) event.preventDefault();
  });
  graph.addEventListener('keydown', (event) => {
    if ((event.key === 'Enter' || event.key === ' ') && reveal(event.target)) event.preventDefault();
  });
  let saving;
  window.addEventListener('scroll', () => {
    clearTimeout(saving);
    saving = setTimeout(() => vscode.setState({ x: window.scrollX, y: window.scrollY }), 100);
  });
  vscode.postMessage({ type: 'ready' });
})();
</script>
</body>
</html>`;
}

/** The graph panel and what it listens to; everything is disposed with the panel. */
class GraphPanel {
  /**
   * @param {vscode.TextDocument} document
   * @param {vscode.ViewColumn | undefined} column the column of the editor the document is shown in
   */
  constructor(document, column) {
    this.uri = document.uri;
    this.column = column || vscode.ViewColumn.One;
    /** The index of the machine drawn, and every machine of the document with its range (the last answer's). */
    this.machine = undefined;
    this.machines = [];
    /** The last thing sent to the page, sent again when the page (re)loads. */
    this.latest = undefined;
    /** Answers to older requests are dropped. */
    this.sequence = 0;
    this.timer = undefined;
    /** @type {vscode.CancellationTokenSource | undefined} */
    this.pending = undefined;
    this.disposed = false;
    this.panel = vscode.window.createWebviewPanel(
      'aslLsp.graph',
      `Graph: ${fileName(document.uri)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [], enableFindWidget: true },
    );
    this.panel.webview.html = graphPage(graphNonce());
    const same = (other) => other.uri.toString() === this.uri.toString();
    this.listeners = [
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((message) => this.receive(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (same(event.document) && event.contentChanges.length > 0) this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Another ASL document: follow it. The panel itself, other editors and other files: keep this one.
        if (editor && !same(editor.document) && served(editor.document)) this.follow(editor.document, editor.viewColumn);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        // Into another machine of the template: draw that one. Within one, or outside them all: nothing to do.
        if (!same(event.textEditor.document) || this.machines.length < 2 || event.selections.length === 0) return;
        const entered = this.machineAt(event.selections[0].active);
        if (entered === undefined || entered === this.machine) return;
        this.machine = entered;
        void this.refresh();
      }),
      vscode.workspace.onDidCloseTextDocument((closed) => {
        if (same(closed)) this.send({ type: 'message', text: `${fileName(closed.uri)} was closed.`, keep: true });
      }),
      vscode.workspace.onDidOpenTextDocument((opened) => {
        if (same(opened)) void this.refresh();
      }),
    ];
    void this.refresh();
  }

  /** The open document the panel draws, if it is open. */
  document() {
    const uri = this.uri.toString();
    return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
  }

  follow(document, column) {
    this.uri = document.uri;
    if (column) this.column = column;
    this.machine = undefined;
    this.machines = [];
    this.panel.title = `Graph: ${fileName(document.uri)}`;
    void this.refresh();
  }

  /** The index of the machine (of the last answer) whose range holds `position`, if any. */
  machineAt(position) {
    const index = this.machines.findIndex((machine) => machine.range.contains(position));
    return index < 0 ? undefined : index;
  }

  /** The cursor in the document drawn: in the active editor, else in a visible one showing it. */
  cursor() {
    const uri = this.uri.toString();
    const active = vscode.window.activeTextEditor;
    const editor =
      active && active.document.uri.toString() === uri
        ? active
        : vscode.window.visibleTextEditors.find((visible) => visible.document.uri.toString() === uri);
    return editor ? editor.selection.active : undefined;
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), GRAPH_DELAY_MS);
  }

  async refresh() {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending) this.pending.cancel();
    const sequence = ++this.sequence;
    const document = this.document();
    if (!document) {
      this.send({ type: 'message', text: `${fileName(this.uri)} is not open.`, keep: true });
      return;
    }
    const pending = new vscode.CancellationTokenSource();
    this.pending = pending;
    const drawn = await drawGraph(document, pending.token, this.cursor(), this.machine);
    pending.dispose();
    if (this.pending === pending) this.pending = undefined;
    if (this.disposed || sequence !== this.sequence) return;
    if (drawn.type === 'graph') {
      this.machine = drawn.machine;
      this.machines = drawn.machines;
      // A template of several machines: the title says which one is drawn.
      const which = drawn.machines.length > 1 && drawn.name ? ` (${drawn.name})` : '';
      this.panel.title = `Graph: ${fileName(document.uri)}${which}`;
      this.send({ type: 'graph', svg: drawn.svg });
    } else {
      this.send(drawn);
    }
  }

  send(message) {
    this.latest = message;
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  receive(message) {
    if (!message || typeof message !== 'object') return;
    if (message.type === 'ready') {
      if (this.latest) void this.panel.webview.postMessage(this.latest);
    } else if (message.type === 'reveal') {
      this.reveal(Number(message.offset)).catch((error) => {
        output.warn(`asl-lsp: cannot show the state ${JSON.stringify(message.state)}: ${errorText(error)}`);
      });
    }
  }

  /** Selects, in the editor, the key of the state at the UTF-8 byte offset `offset`. */
  async reveal(offset) {
    const document = this.document() || (await vscode.workspace.openTextDocument(this.uri));
    const range = keyRange(document, utf16Offset(document.getText(), offset));
    const uri = document.uri.toString();
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri);
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: visible && visible.viewColumn ? visible.viewColumn : this.column,
      selection: range,
      preserveFocus: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    if (this.pending) this.pending.cancel();
    for (const listener of this.listeners) listener.dispose();
    this.listeners = [];
    if (graph === this) graph = undefined;
    this.panel.dispose();
  }
}

/** `aslLsp.showGraph`, from the palette (the active editor) or an editor's title bar (its resource). */
async function showGraph(resource) {
  const active = vscode.window.activeTextEditor;
  let document = active ? active.document : undefined;
  let column = active ? active.viewColumn : undefined;
  if (resource instanceof vscode.Uri && (!document || document.uri.toString() !== resource.toString())) {
    document = await vscode.workspace.openTextDocument(resource);
    const shown = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    column = shown ? shown.viewColumn : column;
  }
  if (!document) {
    if (graph) {
      graph.panel.reveal(undefined, true);
    } else {
      void vscode.window.showInformationMessage('asl-lsp: open a Step Functions definition to see its graph.');
    }
    return;
  }
  if (graph) {
    graph.follow(document, column);
    graph.panel.reveal(undefined, true);
  } else {
    graph = new GraphPanel(document, column);
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  extension = context;
  let toolkitWasPresent = toolkitPresent();
  // A log channel: vscode-languageclient writes to it with .info/.warn/.error.
  output = vscode.window.createOutputChannel('asl-lsp', { log: true });
  context.subscriptions.push(output);
  const selector = [
    { scheme: 'file', language: JSON_LANGUAGE },
    { scheme: 'untitled', language: JSON_LANGUAGE },
  ];
  context.subscriptions.push(
    vscode.commands.registerCommand('aslLsp.restartServer', () => restart()),
    vscode.commands.registerCommand('aslLsp.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('aslLsp.showGraph', (resource) => showGraph(resource)),
    { dispose: () => graph && graph.dispose() },
    vscode.languages.registerDocumentFormattingEditProvider(selector, {
      provideDocumentFormattingEdits: (document, options) => formatEdits(document, undefined, options),
    }),
    vscode.languages.registerDocumentRangeFormattingEditProvider(selector, {
      provideDocumentRangeFormattingEdits: (document, range, options) => formatEdits(document, range, options),
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      const restartKeys = ['serverPath', 'diagnosticsDelayMs', 'logLevel', 'awsToolkit', 'templates'];
      if (restartKeys.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
        void restart();
      }
    }),
    vscode.extensions.onDidChange(() => {
      // The Toolkit was installed, enabled or removed: who answers may have changed.
      const present = toolkitPresent();
      if (present !== toolkitWasPresent) {
        toolkitWasPresent = present;
        if (settings().awsToolkit !== 'asl-lsp') void restart();
      }
    }),
  );
  await enqueue(() => start());
  void explainToolkit(context);
  // For tests and other extensions: what is served, the client, the binary it runs, and the graph panel.
  return {
    servedLanguages: () => servedLanguages(settings().awsToolkit),
    client: () => client,
    server: () => started,
    graph: () =>
      graph ? { uri: graph.uri.toString(), listeners: graph.listeners.length, requests: graph.sequence } : undefined,
  };
}

function deactivate() {
  return enqueue(() => stop());
}

module.exports = { activate, deactivate };
