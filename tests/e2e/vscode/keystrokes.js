// Keystroke scenarios in a real VS Code (code-server): each writes a file into the workspace's
// keys/ folder, opens it, puts the cursor somewhere, TYPES keys and accepts a completion as a user
// does, saves, and asserts the saved text (what was in the buffer), not the server's answer.
//
//   const { runKeystrokes } = require('./keystrokes');
//   await runKeystrokes({ page, workspace, outDir, check, step });
//
// Scenarios: `"` + `totalU` + Enter in a `.json` body (VS Code's JSON defaults replace) and in an
// `.http` body (the `http` language inserts: once this left `"totalUserCount": 42"`); Ctrl+Space +
// Enter in an empty `update.credsum.json` (the whole body, then `"totalU` + Enter on the line the
// cursor is left on); `$select=tenantD` + Ctrl+Space + Enter on a request line; "Fill in the
// missing properties" with its tab stops (type the first value, Tab, the second, Escape).
// Screenshots of the completion list, the accepted text and the Problems panel go to OUT_DIR as
// keys-*.png (README's docs/images are these, shrunk with pngquant).
'use strict';

const fs = require('fs');
const path = require('path');

const ODATA_TYPE = '#microsoft.graph.managedTenants.credentialUserRegistrationsSummary';
const ITEM_URL =
  'https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries';

/** The folder of the workspace the scenarios' files are written to. */
const DIR = 'keys';

/** Each scenario's file (in WORKSPACE/keys) and its text before the keys. */
const FILES = {
  'typed.credsum.json': `{\n  "@odata.type": "${ODATA_TYPE}",\n  \n}\n`,
  'typed.http': `PATCH ${ITEM_URL}/42\nContent-Type: application/json\n\n{\n  \n}\n`,
  'update.credsum.json': '',
  'query.http': `GET ${ITEM_URL}?$select=\n`,
  'fill.credsum.json': `{\n  "@odata.type": "${ODATA_TYPE}",\n  "tenantId": "contoso",\n  \n}\n`,
};

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
 * folder on disk; `check(name, ok, detail)` records a result; `step(message)` logs progress.
 */
async function runKeystrokes({ page, workspace, outDir, check, step }) {
  const editor = page.locator('.part.editor');
  const suggest = page.locator('.editor-widget.suggest-widget.visible');

  /**
   * A screenshot of the top left `width` x `height` pixels of the editor area; with `panel`, from
   * the editor's top down to the bottom of the panel (Problems).
   */
  async function shot(name, width = 760, height = 230, panel = false) {
    try {
      const box = await editor.boundingBox();
      const bottom = panel ? await page.locator('.part.panel').first().boundingBox() : undefined;
      const h = bottom ? bottom.y + bottom.height - box.y : Math.min(height, box.height);
      const clip = { x: box.x, y: box.y, width: Math.min(width, box.width), height: h };
      await page.screenshot({ path: path.join(outDir, `keys-${name}.png`), clip });
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
    const t0 = Date.now();
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
        console.log(`  (${label} selected after ${Date.now() - t0} ms)`);
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`could not select ${label} in the completion list`);
  }

  /**
   * Saves the active editor and returns the file's text once it differs from `before` and two
   * reads 200 ms apart agree (a read between the save's truncate and write sees an empty file).
   */
  async function saved(file, before) {
    await page.keyboard.press('Escape'); // leave snippet mode or close a widget
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + 10000;
    let last;
    while (Date.now() < deadline) {
      const text = fs.readFileSync(file, 'utf8');
      if (text !== before && text === last) {
        return text;
      }
      last = text;
      await page.waitForTimeout(200);
    }
    return last;
  }

  /**
   * Writes the fixture `name` into WORKSPACE/keys and opens it by typing its absolute path into
   * Quick Open (which lists an existing file by its path before the file index has seen it); its
   * path and text.
   */
  async function open(name) {
    const file = path.join(workspace, DIR, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, FILES[name]);
    const input = page.locator('.quick-input-widget input');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    const tab = page.locator('.tabs-container .tab.active', { hasText: name }).first();
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+P');
      try {
        await input.waitFor({ state: 'visible', timeout: 10000 });
        await input.fill(file);
        await row.waitFor({ state: 'visible', timeout: 10000 });
        await page.keyboard.press('Enter');
        await tab.waitFor({ state: 'visible', timeout: 10000 });
        break;
      } catch (e) {
        await page.keyboard.press('Escape');
        if (attempt === 3) {
          throw new Error(`could not open ${file}: ${e.message}`);
        }
      }
    }
    await page.locator('.monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
    return [file, FILES[name]];
  }

  /** Types `"` and `totalU` at the cursor and accepts totalUserCount (Enter). */
  async function typeTotalUserCount(shots) {
    await page.keyboard.type('"');
    await page.keyboard.type('totalU', { delay: 50 });
    await suggestAndSelect('totalUserCount');
    if (shots) {
      await shot('http-completion-list');
    }
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    if (shots) {
      await shot('http-accepted');
    }
  }

  // ---- a key after a typed `"`, in .json (replace mode) and .http (insert mode) ----------------
  const cases = [
    { name: 'typed.credsum.json', line: 3 },
    { name: 'typed.http', line: 5 },
  ];
  for (const c of cases) {
    step(`keystrokes: "totalU + Enter in ${c.name}`);
    const [file, before] = await open(c.name);
    await goTo(c.line, 3);
    let line = '';
    try {
      await typeTotalUserCount(c.name.endsWith('.http'));
      const text = await saved(file, before);
      line = text.split('\n')[c.line - 1];
      const body = parsedBody(text);
      check(
        `VS Code ${c.name}: " then totalU, Enter gives the line "totalUserCount": 42 and a body that parses`,
        line === '  "totalUserCount": 42' && body !== undefined && body.totalUserCount === 42,
        JSON.stringify(line),
      );
    } catch (e) {
      await shot(`error-${c.name}`, 2000, 2000);
      check(`VS Code ${c.name}: " then totalU, Enter`, false, `${e.message} (line ${JSON.stringify(line)})`);
    }
    await page.keyboard.press('Control+W');
  }

  // ---- an empty update.credsum.json: the whole body ---------------------------------------------
  step('keystrokes: Ctrl+Space + Enter in an empty update.credsum.json');
  {
    const [file, before] = await open('update.credsum.json');
    try {
      await suggestAndSelect('@odata.type');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      // The cursor waits on the line below `@odata.type`: the next member goes there.
      await typeTotalUserCount(false);
      const text = await saved(file, before);
      const body = parsedBody(text);
      check(
        'VS Code empty update.credsum.json: Ctrl+Space, Enter writes the body with its @odata.type; "totalU, Enter on the line it leaves the cursor on makes a body that parses',
        body !== undefined && body['@odata.type'] === ODATA_TYPE && body.totalUserCount === 42,
        JSON.stringify(text),
      );
    } catch (e) {
      await shot('error-empty', 2000, 2000);
      check('VS Code empty update.credsum.json: Ctrl+Space, Enter', false, e.message);
    }
    await page.keyboard.press('Control+W');
  }

  // ---- a query option's value on the request line -----------------------------------------------
  step('keystrokes: $select=tenantD + Ctrl+Space + Enter on a request line');
  {
    const [file, start] = await open('query.http');
    await goTo(1, start.length);
    await page.keyboard.type('tenantD', { delay: 50 });
    try {
      await suggestAndSelect('tenantDisplayName');
      await shot('query-completion-list', 1250, 130);
      await page.keyboard.press('Enter');
      const text = await saved(file, start);
      const line = text.split('\n')[0];
      check(
        'VS Code query.http: $select=tenantD, Ctrl+Space, Enter gives $select=tenantDisplayName',
        line === `GET ${ITEM_URL}?$select=tenantDisplayName`,
        JSON.stringify(line),
      );
    } catch (e) {
      await shot('error-query', 2000, 2000);
      check('VS Code query.http: $select=tenantD, Ctrl+Space, Enter', false, e.message);
    }
    await page.keyboard.press('Control+W');
  }

  // ---- "Fill in the missing properties" with tab stops ------------------------------------------
  step('keystrokes: Fill in the missing properties, two tab stops typed over');
  {
    const [file, start] = await open('fill.credsum.json');
    await goTo(4, 3);
    try {
      await suggestAndSelect('Fill in the missing properties');
      await shot('fill-completion-list', 900, 420);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      await page.keyboard.type('Contoso');
      await page.keyboard.press('Tab');
      await page.keyboard.type('120');
      await shot('fill-tab-stops', 900, 360);
      const text = await saved(file, start);
      const body = parsedBody(text);
      const names = body ? Object.keys(body) : [];
      check(
        'VS Code fill.credsum.json: Fill in the missing properties, type, Tab, type: the two typed values land in the first two tab stops, the rest keep placeholders',
        body !== undefined && names.length > 4 && body[names[2]] === 'Contoso' && body[names[3]] === 120,
        JSON.stringify(text).slice(0, 300),
      );
      // The values left as placeholders are flagged until replaced: Problems, filtered to the file.
      await page.keyboard.press('Control+Shift+M');
      const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
      await filter.fill('**/fill.credsum.json').catch(() => undefined);
      const panel = page.locator('.markers-panel').first();
      let problems = '';
      const deadline = Date.now() + 15000;
      while (Date.now() < deadline && !/docs-placeholder/.test(problems)) {
        await page.waitForTimeout(500);
        problems = (await panel.innerText().catch(() => '')).replace(/\s+/g, ' ');
      }
      await shot('fill-problems', 1000, 0, true);
      await filter.fill('').catch(() => undefined);
      check(
        'VS Code fill.credsum.json: the placeholders left are flagged in the Problems panel, and nothing else',
        problems.includes('fill.credsum.json') && /docs-placeholder/.test(problems) && !/syntax-/.test(problems),
        problems.slice(problems.indexOf('fill.credsum.json'), problems.indexOf('fill.credsum.json') + 300),
      );
    } catch (e) {
      await shot('error-fill', 2000, 2000);
      check('VS Code fill.credsum.json: Fill in the missing properties', false, e.message);
    }
    await page.keyboard.press('Control+W');
  }
}

module.exports = { runKeystrokes };
