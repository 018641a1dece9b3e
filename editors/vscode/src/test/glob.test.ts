import { test } from 'node:test';
import * as assert from 'node:assert/strict';

import { GlobSet, candidatePaths, globToRegExp } from '../glob';

const matches = (glob: string, path: string) => globToRegExp(glob).test(path);

test('a glob without / matches at any depth', () => {
  assert.ok(matches('*.body.json', 'a.body.json'));
  assert.ok(matches('*.body.json', 'requests/deep/a.body.json'));
  assert.ok(matches('*.body.json', '/home/me/ws/a.body.json'));
  assert.ok(!matches('*.body.json', 'a.json'));
});

test('* and ? stay inside one segment, ** spans segments', () => {
  assert.ok(matches('requests/*.json', 'requests/a.json'));
  assert.ok(!matches('requests/*.json', 'requests/sub/a.json'));
  assert.ok(matches('requests/**/*.json', 'requests/a.json'));
  assert.ok(matches('requests/**/*.json', 'requests/x/y/a.json'));
  assert.ok(matches('requests/**', 'requests/x/y/a.json'));
  assert.ok(matches('requests/?.json', 'requests/a.json'));
  assert.ok(!matches('requests/?.json', 'requests/ab.json'));
  assert.ok(!matches('requests/*.json', 'other/requests/a.json'));
});

test('classes, alternations and escapes', () => {
  assert.ok(matches('body[0-9].json', 'x/body7.json'));
  assert.ok(!matches('body[!0-9].json', 'x/body7.json'));
  assert.ok(matches('body[!0-9].json', 'x/bodyA.json'));
  assert.ok(matches('*.{json,http}', 'x/a.http'));
  assert.ok(matches('*.{json,http}', 'x/a.json'));
  assert.ok(!matches('*.{json,http}', 'x/a.md'));
  assert.ok(matches('a+b(1).json', 'a+b(1).json'));
  assert.ok(!matches('a.json', 'axjson'));
});

test('bad globs are reported, not thrown', () => {
  const set = new GlobSet(['good/*.json', 'bad[', 'bad{a,b']);
  assert.equal(set.errors.length, 2);
  assert.ok(set.matchesAny(['good/x.json']));
  assert.ok(!new GlobSet([]).matchesAny(['x']));
  assert.ok(new GlobSet([]).isEmpty);
});

test('candidate paths: absolute and workspace-relative', () => {
  assert.deepEqual(candidatePaths('/ws/req/a.json', '/ws'), ['/ws/req/a.json', 'req/a.json']);
  assert.deepEqual(candidatePaths('/ws/req/a.json', '/ws/'), ['/ws/req/a.json', 'req/a.json']);
  assert.deepEqual(candidatePaths('/other/a.json', '/ws'), ['/other/a.json']);
  assert.deepEqual(candidatePaths('/wsx/a.json', '/ws'), ['/wsx/a.json']);
  assert.deepEqual(candidatePaths('C:\\Ws\\req\\a.json', 'c:\\ws'), ['C:/Ws/req/a.json', 'req/a.json']);
});
