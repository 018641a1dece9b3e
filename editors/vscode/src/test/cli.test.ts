import { test } from 'node:test';
import * as assert from 'node:assert/strict';

import { LookupEnv, resolveExecutable } from '../executable';
import { EXPORT_FORMATS, exportArgs } from '../exportFormats';
import { formatLines, lintFailed, parseLintReport, summarize } from '../lintReport';

const env = (files: string[], over: Partial<LookupEnv> = {}): LookupEnv => ({
  PATH: '/usr/local/bin:/usr/bin',
  platform: 'linux',
  isExecutable: (f) => files.includes(f),
  ...over,
});

test('resolveExecutable looks bare names up on PATH', () => {
  assert.equal(resolveExecutable('credsum', env(['/usr/bin/credsum'])), '/usr/bin/credsum');
  assert.equal(resolveExecutable('credsum', env(['/usr/local/bin/credsum', '/usr/bin/credsum'])), '/usr/local/bin/credsum');
  assert.equal(resolveExecutable('credsum', env([])), undefined);
  assert.equal(resolveExecutable('credsum', env(['/usr/bin/credsum'], { PATH: undefined })), undefined);
});

test('resolveExecutable takes paths as paths', () => {
  assert.equal(resolveExecutable('/opt/credsum', env(['/opt/credsum'])), '/opt/credsum');
  assert.equal(resolveExecutable('/opt/credsum', env([])), undefined);
  assert.equal(resolveExecutable('./target/release/credsum', env(['/ws/target/release/credsum'], { cwd: '/ws' })), '/ws/target/release/credsum');
  assert.equal(resolveExecutable('./credsum', env(['/ws/credsum'])), undefined);
  assert.equal(resolveExecutable('~/bin/credsum', env(['/home/me/bin/credsum'], { home: '/home/me' })), '/home/me/bin/credsum');
});

test('resolveExecutable on Windows tries PATHEXT', () => {
  const win = env(['C:\\tools\\credsum.EXE'], { platform: 'win32', PATH: 'C:\\Windows;C:\\tools', PATHEXT: '.COM;.EXE' });
  assert.equal(resolveExecutable('credsum', win), 'C:\\tools\\credsum.EXE');
});

test('export arguments', () => {
  assert.equal(EXPORT_FORMATS.length, 8);
  const yaml = EXPORT_FORMATS.find((f) => f.format === 'openapi-3.1' && f.yaml)!;
  assert.deepEqual(exportArgs(yaml, '/tmp/o.yaml'), ['export', '--format', 'openapi-3.1', '--yaml', '--output', '/tmp/o.yaml']);
  assert.deepEqual(exportArgs(EXPORT_FORMATS[0], '/tmp/s.json'), ['export', '--format', 'json-schema', '--output', '/tmp/s.json']);
  for (const format of EXPORT_FORMATS) {
    assert.ok(
      ['json-schema', 'json-schema-draft-07', 'json-patch-schema', 'json-patch-schema-draft-07', 'openapi-3.0', 'openapi-3.1'].includes(
        format.format,
      ),
    );
    assert.equal(format.fileName.endsWith('.yaml'), format.yaml);
  }
});

const REPORT = JSON.stringify([
  {
    path: 'bodies/mistakes.json',
    uri: 'file:///ws/bodies/mistakes.json',
    diagnostics: [
      {
        range: { start: { line: 2, character: 2 }, end: { line: 2, character: 20 } },
        severity: 1,
        code: 'unknown-property',
        codeDescription: { href: 'https://github.com/credsum/credsum/blob/main/docs/rules.md#unknown-property' },
        source: 'credsum',
        message: 'Unknown property',
      },
      {
        range: { start: { line: 4, character: 0 }, end: { line: 4, character: 1 } },
        severity: 2,
        code: 'id-in-body',
        source: 'credsum',
        message: 'id in body',
      },
    ],
  },
  { path: 'clean.json', uri: 'file:///ws/clean.json', diagnostics: [] },
]);

test('lint report parsing and summary', () => {
  const files = parseLintReport(REPORT);
  assert.equal(files.length, 2);
  assert.equal(files[0].diagnostics[0].href, 'https://github.com/credsum/credsum/blob/main/docs/rules.md#unknown-property');
  assert.equal(files[0].diagnostics[1].href, undefined);
  assert.deepEqual(summarize(files), { files: 1, errors: 1, warnings: 1, others: 0 });
  assert.deepEqual(formatLines(files), [
    'bodies/mistakes.json:3:3: error unknown-property: Unknown property',
    'bodies/mistakes.json:5:1: warning id-in-body: id in body',
  ]);
  assert.deepEqual(parseLintReport('[]'), []);
  assert.throws(() => parseLintReport('error: no'), /did not print JSON/);
  assert.throws(() => parseLintReport('{}'), /not an array/);
});

test('lint exit codes', () => {
  assert.ok(!lintFailed(0));
  assert.ok(!lintFailed(1));
  assert.ok(lintFailed(2));
  assert.ok(lintFailed(null));
});
