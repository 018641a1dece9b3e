// Keystroke scenarios in a real VS Code (code-server): each writes a file into the workspace,
// opens it, puts the cursor somewhere, TYPES keys and accepts a completion as a user does, saves,
// and asserts the saved text (what was in the buffer), not the server's answer.
//
//   const { runKeystrokes } = require('./keystrokes');
//   await runKeystrokes({ page, workspace, outDir, check, step, openFile });
//
// Scenarios: `"` + `totalU` + Enter in a `.json` body (VS Code's JSON defaults replace) and in an
// `.http` body (the `http` language inserts: once this left `"totalUserCount": 42"`); Ctrl+Space +
// Enter in an empty `update.credsum.json` (the whole body); `$select=tenantD` + Ctrl+Space + Enter
// on a request line; "Fill in the missing properties" with its tab stops (type the first value,
// Tab, the second, Escape). Screenshots of the completion list, the accepted text and the Problems
// panel go to OUT_DIR as keys-*.png (README's images are cropped from these).
'use strict';

const fs = require('fs');
const path = require('path');

const ODATA_TYPE = '#microsoft.graph.managedTenants.credentialUserRegistrationsSummary';
const ITEM_URL =
  'https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries';

/** The first JSON object of `text` (a `.json` file, or the body of an `.http` request), parsed. */
function parsedBody(text) {
  const start = text.indexOf('{');
  try {
    return start < 0 ? undefined : JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
}

/**
 * Runs the scenarios. `page` shows code-server with the credsum server running; `workspace` is its
 * folder on disk; `check(name, ok, detail)` records a result; `openFile(page, name)` opens a file
 * through Quick Open.
 */
async function runKeystrokes({ page, workspace, outDir, check, step, openFile }) {
  const dir = path.join(workspace, 'keys');
  fs.mkdirSync(dir, { recursive: true });
  const editor = page.locator('.part.editor');
  const suggest = page.locator('.editor-widget.suggest-widget.visible');

  async function shot(name, locator = editor) {
    try {
      await locator.screenshot({ path: path.join(outDir, `keys-${name}.png`) });
    } catch (e) {
      console.log(`(screenshot keys-${name} failed: ${e.message})`);
    }
  }

  /** Moves the cursor to 1-based `line`, `column` with Go to Line (Ctrl+G). */
  async function goTo(line, column) {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 10000 }).catch(() => undefined);
  }

  /** Asks for completions (Ctrl+Space) until the list shows a row containing `label`; selects it. */
  async function suggestAndSelect(label) {
    const row = suggest.locator('.monaco-list-row', { hasText: label }).first();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.keyboard.press('Control+Space');
      try {
        await row.waitFor({ state: 'visible', timeout: 6000 });
        break;
      } catch {
        // the server may still be starting on this file: ask again
      }
    }
    await row.waitFor({ state: 'visible', timeout: 2000 });
    // The list is filtered by what was typed; move the selection to `label`'s row.
    for (let i = 0; i < 30; i++) {
      const focused = (await suggest.locator('.monaco-list-row.focused').first().innerText().catch(() => '')) || '';
      if (focused.includes(label)) {
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`could not select ${label} in the completion list`);
  }

  /** Saves the active editor and returns the file's text once it changed from `before`. */
  async function saved(file, before) {
    await page.keyboard.press('Escape'); // leave snippet mode or close a widget
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + 10000;
    let text = before;
    while (Date.now() < deadline) {
      text = fs.readFileSync(file, 'utf8');
      if (text !== before) {
        return text;
      }
      await page.waitForTimeout(200);
    }
    return text;
  }

  /** Writes `name` with `text`, opens it and waits until the server has seen it. */
  async function open(name, text) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    await openFile(page, name);
    await page.locator('.monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
    return file;
  }

  // ---- a key after a typed `"`, in .json (replace mode) and .http (insert mode) ----------------
  const bodyJson = `{\n  "@odata.type": "${ODATA_TYPE}",\n  \n}\n`;
  const request = `PATCH ${ITEM_URL}/42\nContent-Type: application/json\n\n`;
  const cases = [
    { name: 'typed.credsum.json', text: bodyJson, line: 3 },
    { name: 'typed.http', text: `${request}{\n  \n}\n`, line: 5 },
  ];
  for (const c of cases) {
    step(`keystrokes: "totalU + Enter in ${c.name}`);
    const file = await open(c.name, c.text);
    await goTo(c.line, 3);
    await page.keyboard.type('"');
    await page.keyboard.type('totalU', { delay: 50 });
    let line = '';
    try {
      await suggestAndSelect('totalUserCount');
      if (c.name.endsWith('.http')) {
        await shot('http-completion-list');
      }
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      if (c.name.endsWith('.http')) {
        await shot('http-accepted');
      }
      const text = await saved(file, c.text);
      line = text.split('\n')[c.line - 1];
      const body = parsedBody(text);
      check(
        `VS Code ${c.name}: " then totalU, Enter gives the line "totalUserCount": 42 and a body that parses`,
        line === '  "totalUserCount": 42' && body !== undefined && body.totalUserCount === 42,
        JSON.stringify(line),
      );
    } catch (e) {
      await shot(`error-${c.name}`);
      check(`VS Code ${c.name}: " then totalU, Enter`, false, `${e.message} (line ${JSON.stringify(line)})`);
    }
    await page.keyboard.press('Control+W');
  }

  // ---- an empty update.credsum.json: the whole body ---------------------------------------------
  step('keystrokes: Ctrl+Space + Enter in an empty update.credsum.json');
  {
    const file = await open('update.credsum.json', '');
    try {
      await suggestAndSelect('@odata.type');
      await page.keyboard.press('Enter');
      const text = await saved(file, '');
      const body = parsedBody(text);
      check(
        'VS Code empty update.credsum.json: Ctrl+Space, Enter writes the body with its @odata.type',
        body !== undefined && body['@odata.type'] === ODATA_TYPE && text.startsWith('{\n'),
        JSON.stringify(text),
      );
    } catch (e) {
      await shot('error-empty');
      check('VS Code empty update.credsum.json: Ctrl+Space, Enter', false, e.message);
    }
    await page.keyboard.press('Control+W');
  }

  // ---- a query option's value on the request line -----------------------------------------------
  step('keystrokes: $select=tenantD + Ctrl+Space + Enter on a request line');
  {
    const start = `GET ${ITEM_URL}?$select=\n`;
    const file = await open('query.http', start);
    await goTo(1, start.length);
    await page.keyboard.type('tenantD', { delay: 50 });
    try {
      await suggestAndSelect('tenantDisplayName');
      await shot('query-completion-list');
      await page.keyboard.press('Enter');
      const text = await saved(file, start);
      const line = text.split('\n')[0];
      check(
        'VS Code query.http: $select=tenantD, Ctrl+Space, Enter gives $select=tenantDisplayName',
        line === `GET ${ITEM_URL}?$select=tenantDisplayName`,
        JSON.stringify(line),
      );
    } catch (e) {
      await shot('error-query');
      check('VS Code query.http: $select=tenantD, Ctrl+Space, Enter', false, e.message);
    }
    await page.keyboard.press('Control+W');
  }

  // ---- "Fill in the missing properties" with tab stops ------------------------------------------
  step('keystrokes: Fill in the missing properties, two tab stops typed over');
  {
    const start = `{\n  "@odata.type": "${ODATA_TYPE}",\n  "tenantId": "contoso",\n  \n}\n`;
    const file = await open('fill.credsum.json', start);
    await goTo(4, 3);
    try {
      await suggestAndSelect('Fill in the missing properties');
      await shot('fill-completion-list');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      await page.keyboard.type('"Contoso"');
      await page.keyboard.press('Tab');
      await page.keyboard.type('120');
      await shot('fill-tab-stops');
      const text = await saved(file, start);
      const body = parsedBody(text);
      const names = body ? Object.keys(body) : [];
      check(
        'VS Code fill.credsum.json: Fill in the missing properties, type, Tab, type: the two typed values land in the first two tab stops, the rest keep placeholders',
        body !== undefined && names.length > 4 && body[names[2]] === 'Contoso' && body[names[3]] === 120,
        JSON.stringify(text).slice(0, 300),
      );
      // The values left as placeholders are flagged until replaced.
      await page.keyboard.press('Control+Shift+M');
      const panel = page.locator('.markers-panel').first();
      await page.waitForTimeout(2000);
      const problems = (await panel.innerText().catch(() => '')).replace(/\s+/g, ' ');
      await shot('fill-problems', page.locator('.monaco-workbench'));
      check(
        'VS Code fill.credsum.json: the placeholders left are in the Problems panel',
        problems.includes('fill.credsum.json') && /placeholder/.test(problems),
        problems.slice(problems.indexOf('fill.credsum.json'), problems.indexOf('fill.credsum.json') + 300),
      );
    } catch (e) {
      await shot('error-fill');
      check('VS Code fill.credsum.json: Fill in the missing properties', false, e.message);
    }
    await page.keyboard.press('Control+W');
  }
}

module.exports = { runKeystrokes };
