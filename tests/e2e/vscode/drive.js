// Drives code-server (VS Code in a browser) with headless Chromium: opens the fixture files and
// reads what the credsum extension shows in the Problems panel, then types keys in the editor and
// checks the saved text (keystrokes.js).
//
//   node tests/e2e/vscode/drive.js URL OUT_DIR WORKSPACE CREDSUM
//
// URL is code-server's address with ?folder=WORKSPACE (a copy of the fixture whose
// .vscode/settings.json names a missing credsum.server.path); CREDSUM is the real executable,
// written into those settings once the "not found" notification has been seen, or `bundled`:
// the setting is then removed, and the server inside the platform .vsix must answer. Screenshots and
// text dumps of the Problems panel go to OUT_DIR. Exits 1 when an expectation fails.
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { runKeystrokes } = require('./keystrokes');

const [url, outDir, workspace, credsum] = process.argv.slice(2);
if (!url || !outDir || !workspace || !credsum) {
  console.error('usage: drive.js URL OUT_DIR WORKSPACE CREDSUM');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 60000);

const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

function step(message) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function screenshot(page, name) {
  try {
    await page.screenshot({ path: path.join(outDir, `${name}.png`) });
  } catch (e) {
    console.log(`(screenshot ${name} failed: ${e.message})`);
  }
}

/** Opens a workspace file through Quick Open (Ctrl+P). */
async function openFile(page, name) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    try {
      await input.waitFor({ state: 'visible', timeout: 10000 });
    } catch {
      await page.keyboard.press('Escape');
      continue;
    }
    await input.fill(name);
    // Wait until the file is among the results, then take the first one.
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 15000 });
    } catch {
      await page.keyboard.press('Escape');
      continue;
    }
    await page.keyboard.press('Enter');
    const tab = page.locator('.tabs-container .tab', { hasText: name }).first();
    try {
      await tab.waitFor({ state: 'visible', timeout: 15000 });
      return;
    } catch {
      // try again
    }
  }
  throw new Error(`could not open ${name} with Quick Open`);
}

/** Runs a command by its title through the command palette (F1). */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 15000 });
  await page.keyboard.press('Enter');
}

async function problemsText(page) {
  const panel = page.locator('.markers-panel');
  if ((await panel.count()) === 0) {
    return '';
  }
  return (await panel.first().innerText()).replace(/\s+/g, ' ');
}

/** Waits until the Problems panel text satisfies `predicate`; returns the last text seen. */
async function waitForProblems(page, predicate, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = await problemsText(page);
    if (predicate(text)) {
      return text;
    }
    await page.waitForTimeout(1000);
  }
  return text;
}

/**
 * Waits until the Problems panel, filtered to the files matching `glob`, shows `words` (a rule
 * code or words of a message); clears the filter after and returns the last text seen. The panel renders only the rows scrolled into view,
 * so a finding of an unfiltered list longer than the panel may be missing from its text.
 */
async function waitForCodeIn(page, glob, words) {
  const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
  await filter.fill(glob).catch(() => undefined);
  const text = await waitForProblems(page, (t) => t.includes(words));
  await filter.fill('').catch(() => undefined);
  return text;
}

async function main() {
  const userDataDir = fs.mkdtempSync(path.join(outDir, 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1600, height: 1000 },
  });
  const page = context.pages()[0] || (await context.newPage());
  const consoleLog = fs.createWriteStream(path.join(outDir, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`${m.type()}: ${m.text()}\n`));
  page.on('pageerror', (e) => consoleLog.write(`pageerror: ${e.message}\n`));

  try {
    step(`loading ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: TIMEOUT });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: TIMEOUT });
    // The explorer lists the workspace once the remote file system is up.
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'body.json' })
      .first()
      .waitFor({ state: 'visible', timeout: TIMEOUT });
    step('workbench ready');
    await screenshot(page, '01-workbench');

    step('opening body.json (credsum.server.path names a missing executable)');
    await openFile(page, 'body.json');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'cannot find' }).first();
    let toastText = '';
    try {
      await toast.waitFor({ state: 'visible', timeout: TIMEOUT });
      toastText = (await toast.innerText()).replace(/\s+/g, ' ');
    } catch {
      // reported below
    }
    await screenshot(page, '02-missing-server');
    check(
      'a missing server gives an error notification with an "Install Instructions" button',
      toastText.includes('credsum-not-installed') && toastText.includes('Install Instructions'),
      toastText || '(no notification)',
    );
    await page.keyboard.press('Escape');

    // CREDSUM `bundled`: the setting goes, and the server the platform .vsix carries must start.
    step(credsum === 'bundled' ? 'removing credsum.server.path' : 'writing the real credsum.server.path into the workspace settings');
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    if (credsum === 'bundled') {
      delete settings['credsum.server.path'];
    } else {
      settings['credsum.server.path'] = credsum;
    }
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));

    await page.keyboard.press('Control+Shift+M'); // View: Problems
    await page.locator('.markers-panel').first().waitFor({ state: 'attached', timeout: 30000 }).catch(async () => {
      await runCommand(page, 'View: Focus Problems');
    });
    step('waiting for credsum diagnostics on body.json');
    let text = await waitForProblems(page, (t) => t.includes('docs-placeholder'));
    await screenshot(page, '03-body-problems');
    fs.writeFileSync(path.join(outDir, 'problems-body.txt'), `${text}\n`);
    check('Problems shows credsum docs-placeholder on body.json', /credsum/.test(text) && text.includes('docs-placeholder'), text.slice(0, 400));
    check('credsum.rules from workspace settings reach the server (id-in-body off)', !text.includes('id-in-body'));

    step('go to definition of totalUserCount (the workspace has no schema/ folder)');
    // The server writes its schema to $XDG_CACHE_HOME/credsum/<version>/ and jumps there.
    await page.keyboard.press('Control+P');
    const goTo = page.locator('.quick-input-widget input');
    await goTo.waitFor({ state: 'visible', timeout: 10000 });
    await goTo.fill(':5:6');
    await page.keyboard.press('Enter');
    await page.keyboard.press('F12');
    const schemaName = 'credentialUserRegistrationsSummary.schema.json';
    const schemaTab = page.locator('.tabs-container .tab', { hasText: schemaName }).first();
    let opened = true;
    await schemaTab.waitFor({ state: 'visible', timeout: 20000 }).catch(() => { opened = false; });
    await screenshot(page, '03b-definition');
    const cacheRoot = path.join(process.env.XDG_CACHE_HOME || '', 'credsum');
    const cached = fs.existsSync(cacheRoot)
      ? fs.readdirSync(cacheRoot).map((v) => path.join(cacheRoot, v, schemaName)).find((f) => fs.existsSync(f))
      : undefined;
    const tabPath = opened ? ((await schemaTab.getAttribute('title').catch(() => '')) || '') : '';
    check('go-to-definition opens the schema the server cached (no schema/ in the workspace)',
      opened && cached !== undefined && !fs.existsSync(path.join(workspace, 'schema')) && (tabPath === '' || tabPath.includes(cacheRoot)),
      `tab ${opened ? tabPath || '(no title)' : 'not opened'}; cached ${cached}`);
    const selection = await page.locator('#status\\.editor\\.selection').first().innerText().catch(() => '');
    const lineNo = Number((/Ln (\d+)/.exec(selection) || [])[1] || 0);
    const line = cached && lineNo ? fs.readFileSync(cached, 'utf8').split('\n')[lineNo - 1] || '' : '';
    check('the definition is the totalUserCount property of the cached schema', line.includes('"totalUserCount"'), `${selection}: ${line.trim()}`);
    await page.keyboard.press('Control+W');

    step('opening requests.http');
    await openFile(page, 'requests.http');
    text = await waitForCodeIn(page, '**/requests.http', 'api-version');
    await screenshot(page, '04-http-problems');
    fs.writeFileSync(path.join(outDir, 'problems-http.txt'), `${text}\n`);
    check('Problems shows credsum api-version on requests.http (http language, .http activation)', text.includes('api-version'), text.slice(0, 400));

    step('opening update-summary.md (Markdown with an http block)');
    await openFile(page, 'update-summary.md');
    text = await waitForCodeIn(page, '**/update-summary.md', 'securityDefaultsEnabled');
    check(
      'Problems shows credsum docs-placeholder in the Markdown http block',
      /update-summary\.md.*securityDefaultsEnabled.*docs-placeholder/.test(text),
      text.slice(text.indexOf('update-summary.md'), text.indexOf('update-summary.md') + 200),
    );

    step('opening notes.json (not a request file)');
    await openFile(page, 'notes.json');
    await page.waitForTimeout(3000);
    text = await problemsText(page);
    fs.writeFileSync(path.join(outDir, 'problems-final.txt'), `${text}\n`);
    check('a JSON file that is not a request body gets no diagnostics (notes.json absent from Problems)', !text.includes('notes.json'), text.slice(0, 400));

    step('opening schema-only.credsum.json (jsonValidation with the bundled schema)');
    await openFile(page, 'schema-only.credsum.json');
    text = await waitForCodeIn(page, '**/schema-only.credsum.json', 'Incorrect type');
    await screenshot(page, '05-json-validation');
    fs.writeFileSync(path.join(outDir, 'problems-schema.txt'), `${text}\n`);
    check(
      'jsonValidation: VS Code validates *.credsum.json against the bundled schema',
      text.includes('schema-only.credsum.json') && /Incorrect type/i.test(text),
      text.slice(text.indexOf('schema-only.credsum.json'), text.indexOf('schema-only.credsum.json') + 200),
    );

    step('workspace diagnostics: a file never opened');
    text = await waitForCodeIn(page, '**/unknown-property.json', 'tenantDisplayName');
    fs.writeFileSync(path.join(outDir, 'problems-workspace.txt'), `${text}\n`);
    check(
      'Problems lists a never-opened file\'s findings before any lint command (workspace diagnostics pulled)',
      text.includes('unknown-property.json') && text.includes('tenantDisplayName'),
      text.slice(text.indexOf('unknown-property.json'), text.indexOf('unknown-property.json') + 200),
    );

    step('credsum: Lint workspace');
    await runCommand(page, 'credsum: Lint workspace');
    text = await waitForProblems(page, (t) => t.includes('unknown-property'));
    const lintToast = page.locator('.notifications-toasts .notification-toast', { hasText: 'error(s)' }).first();
    let lintToastText = '';
    try {
      await lintToast.waitFor({ state: 'visible', timeout: 15000 });
      lintToastText = (await lintToast.innerText()).replace(/\s+/g, ' ');
    } catch {
      // reported below
    }
    await screenshot(page, '06-lint-workspace');
    fs.writeFileSync(path.join(outDir, 'problems-lint.txt'), `${text}\n`);
    check(
      'Lint workspace puts a never-opened file\'s findings in Problems (unknown-property in more/unknown-property.json)',
      text.includes('unknown-property.json') && text.includes('unknown-property') && text.includes('tenantDisplayName'),
      text.slice(text.indexOf('unknown-property.json'), text.indexOf('unknown-property.json') + 200),
    );
    check('Lint workspace reports a summary notification', /credsum lint: \d+ error\(s\)/.test(lintToastText), lintToastText);
    await page.keyboard.press('Escape');

    step('credsum: Export schema… (OpenAPI 3.1 YAML)');
    const exported = path.join(workspace, 'openapi-3.1.yaml');
    await runCommand(page, 'credsum: Export schema');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill('OpenAPI 3.1 (YAML)');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'OpenAPI 3.1 (YAML)' }).first().waitFor({ state: 'visible', timeout: 10000 });
    await page.keyboard.press('Enter');
    // The save dialog (VS Code's simple file dialog in the browser) proposes WORKSPACE/openapi-3.1.yaml.
    await page.waitForTimeout(1500);
    const proposed = await input.inputValue().catch(() => '');
    console.log(`save dialog proposes: ${proposed}`);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 30000;
    while (!fs.existsSync(exported) && Date.now() < deadline) {
      await page.waitForTimeout(500);
    }
    await screenshot(page, '07-export');
    const head = fs.existsSync(exported) ? fs.readFileSync(exported, 'utf8').split('\n')[0] : '(not written)';
    check('Export schema writes the chosen format to the chosen file', /^openapi: "3\.1\.\d+"$/.test(head), `${exported}: ${head}`);

    step('credsum: Restart server');
    await page.keyboard.press('Escape');
    await runCommand(page, 'credsum: Restart server');
    await page.waitForTimeout(3000);
    const bodyText = await waitForCodeIn(page, '**/body.json', 'docs-placeholder');
    const requestsText = await waitForCodeIn(page, '**/requests.http', 'api-version');
    check(
      'after credsum: Restart server the diagnostics are back',
      bodyText.includes('docs-placeholder') && requestsText.includes('api-version'),
      `${bodyText.slice(0, 200)} | ${requestsText.slice(0, 200)}`,
    );
    await screenshot(page, '08-final');

    await page.keyboard.press('Escape');
    await runKeystrokes({ page, workspace, outDir, check, step });
  } catch (e) {
    await screenshot(page, 'error');
    check('driving code-server', false, e.message);
  } finally {
    consoleLog.end();
    await context.close().catch(() => undefined);
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
