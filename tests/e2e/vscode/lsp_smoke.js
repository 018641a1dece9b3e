// Talks to `credsum lsp` the way the extension does, without VS Code: the extension's compiled
// settings module builds initializationOptions and answers workspace/configuration, and
// vscode-jsonrpc (from the extension's node_modules) carries the messages.
//
//   node tests/e2e/vscode/lsp_smoke.js [CREDSUM]      (after `npm run compile` in editors/vscode)
//
// Checks: the server accepts the settings the extension sends (it rejects unknown keys), reports
// docs-placeholder on the fixture body, honours credsum.rules (id-in-body off), reports api-version
// on the fixture .http file and docs-placeholder in the Markdown file, and ignores a JSON file that is not a request body.
'use strict';

const path = require('path');
const fs = require('fs');
const { spawn } = require('child_process');

const root = path.resolve(__dirname, '..', '..', '..');
const ext = path.join(root, 'editors', 'vscode');
const rpc = require(path.join(ext, 'node_modules', 'vscode-jsonrpc', 'node'));
const { readSettings, toServerConfig } = require(path.join(ext, 'out', 'settings.js'));

const credsum = process.argv[2] || 'credsum';
const fixture = path.join(__dirname, 'fixture');
const workspaceSettings = JSON.parse(fs.readFileSync(path.join(fixture, '.vscode', 'settings.json'), 'utf8'));
const vscodeSettings = {
  get: (key) => workspaceSettings[`credsum.${key}`],
};
const problems = [];
const config = toServerConfig(readSettings(vscodeSettings, problems));
if (problems.length) {
  throw new Error(problems.join('\n'));
}

function fail(message) {
  console.error(`lsp_smoke: FAIL: ${message}`);
  process.exit(1);
}

async function main() {
  const child = spawn(credsum, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.on('error', (e) => fail(`cannot run ${credsum} lsp: ${e.message}`));
  const conn = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  const published = new Map();
  const waiters = [];
  const logs = [];
  conn.onNotification('textDocument/publishDiagnostics', (params) => {
    published.set(params.uri, params.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  conn.onNotification('window/logMessage', (p) => logs.push(p.message));
  let configurationAsked = 0;
  conn.onRequest('workspace/configuration', (params) => {
    configurationAsked += 1;
    return params.items.map((item) => (item.section === 'credsum' ? config : null));
  });
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.listen();

  const rootUri = `file://${fixture}`;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'fixture' }],
    initializationOptions: config,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: { publishDiagnostics: { relatedInformation: true } },
      general: { positionEncodings: ['utf-16'] },
    },
  });
  await conn.sendNotification('initialized', {});

  const open = async (name, languageId) => {
    const uri = `${rootUri}/${name}`;
    const text = fs.readFileSync(path.join(fixture, name), 'utf8');
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const deadline = Date.now() + 10000;
    while (!published.has(uri) && Date.now() < deadline) {
      await new Promise((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
    return published.get(uri);
  };

  const body = await open('body.json', 'json');
  const http = await open('requests.http', 'http');
  const markdown = await open('update-summary.md', 'markdown');
  const other = await open('notes.json', 'json');
  const codes = (ds) => (ds || []).map((d) => `${d.source}:${d.code}`);
  console.log(`body.json: ${codes(body).join(', ')}`);
  console.log(`requests.http: ${codes(http).join(', ')}`);
  console.log(`update-summary.md: ${codes(markdown).join(', ')}`);
  console.log(`notes.json: ${other === undefined ? '(nothing published)' : codes(other).join(', ') || '(none)'}`);
  console.log(`workspace/configuration asked ${configurationAsked} time(s)`);

  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  setTimeout(() => child.kill(), 2000).unref();

  const warnings = logs.filter((m) => /ignoring|failed|bad glob/i.test(m));
  if (warnings.length) fail(`the server rejected the settings: ${warnings.join(' | ')}`);
  if (!codes(body).includes('credsum:docs-placeholder')) fail('no docs-placeholder on body.json');
  if (codes(body).includes('credsum:id-in-body')) fail('id-in-body shown although credsum.rules turns it off');
  if (!codes(http).includes('credsum:api-version')) fail('no api-version on requests.http');
  if (!codes(markdown).includes('credsum:docs-placeholder')) fail('no docs-placeholder in update-summary.md');
  if ((other || []).length) fail('diagnostics on a JSON file that is not a request body');
  console.log('lsp_smoke: 6 passed, 0 failed');
}

main().catch((e) => fail(e.stack || String(e)));
