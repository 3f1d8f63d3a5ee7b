// VS Code extension entry point: runs the asl-lsp language server over stdio for asl-json and asl-yaml documents.
'use strict';

const vscode = require('vscode');
const { LanguageClient, State } = require('vscode-languageclient/node');

const SECTION = 'aslLsp';
const LANGUAGES = ['asl-json', 'asl-yaml'];

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.LogOutputChannel | undefined} */
let output;

/** The settings the server is started with: `aslLsp.serverPath` and `aslLsp.diagnosticsDelayMs`. */
function settings() {
  const config = vscode.workspace.getConfiguration(SECTION);
  const serverPath = String(config.get('serverPath', 'asl-lsp') || 'asl-lsp').trim();
  const delay = Number(config.get('diagnosticsDelayMs', 50));
  const diagnosticsDelayMs = Number.isFinite(delay) && delay >= 0 ? Math.round(delay) : 50;
  return { serverPath, diagnosticsDelayMs };
}

async function start() {
  const { serverPath, diagnosticsDelayMs } = settings();
  // No `transport`: the client talks to the process over its stdin and stdout, with no extra argument.
  const serverOptions = { command: serverPath, args: [] };
  const clientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    initializationOptions: { diagnosticsDelayMs },
    outputChannel: output,
  };
  client = new LanguageClient('aslLsp', 'Amazon States Language (asl-lsp)', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.error(`asl-lsp did not start from "${serverPath}": ${message}`);
    vscode.window.showErrorMessage(
      `asl-lsp could not be started from "${serverPath}". Install it (cargo install --path .) ` +
        'or set "aslLsp.serverPath" to the binary.',
    );
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

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  // A log channel: vscode-languageclient writes to it with .info/.warn/.error.
  output = vscode.window.createOutputChannel('asl-lsp', { log: true });
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration(SECTION)) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
