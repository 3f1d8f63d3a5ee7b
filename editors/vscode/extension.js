// VS Code extension entry point: runs the asl-lsp language server over stdio for Amazon States Language
// documents (the `asl` and `asl-yaml` language ids that the AWS Toolkit uses too), formats JSON ones, and
// decides with the `aslLsp.awsToolkit` setting who answers when the AWS Toolkit is installed as well.
'use strict';

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
    documentSelector: [
      ...languages.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      ...(templates ? TEMPLATE_SELECTORS : []),
    ],
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
  // For tests and other extensions: what is served, the client, and the binary it runs.
  return { servedLanguages: () => servedLanguages(settings().awsToolkit), client: () => client, server: () => started };
}

function deactivate() {
  return enqueue(() => stop());
}

module.exports = { activate, deactivate };
