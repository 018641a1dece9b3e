import { test } from 'node:test';
import * as assert from 'node:assert/strict';

import { isCandidate } from '../matching';

test('JSON, .http and Markdown documents on disk or untitled are candidates', () => {
  for (const language of ['json', 'jsonc', 'http', 'markdown']) {
    assert.ok(isCandidate('file', language), language);
    assert.ok(isCandidate('untitled', language), language);
  }
});

test('other languages and schemes are not', () => {
  assert.ok(!isCandidate('file', 'plaintext'));
  assert.ok(!isCandidate('file', 'yaml'));
  assert.ok(!isCandidate('git', 'json'));
  assert.ok(!isCandidate('vscode-userdata', 'json'));
});
