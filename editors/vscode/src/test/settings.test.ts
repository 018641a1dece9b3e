import { test } from 'node:test';
import * as assert from 'node:assert/strict';

import {
  ConfigSource,
  DEFAULT_MAX_FILE_SIZE,
  DEFAULT_MAX_DIAGNOSTICS,
  answerConfigurationItem,
  cleanRules,
  readSettings,
  serverInvocation,
  toServerConfig,
} from '../settings';

const source = (values: Record<string, unknown>): ConfigSource => ({
  get: <T>(key: string) => values[key] as T | undefined,
});

test('defaults', () => {
  const settings = readSettings(source({}));
  assert.deepEqual(settings, {
    serverPath: 'credsum',
    include: [],
    exclude: [],
    rules: {},
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    maxDiagnostics: DEFAULT_MAX_DIAGNOSTICS,
    httpEnvironment: '',
  });
  // Nothing set: nothing sent, so credsum.toml's values stay in force.
  assert.deepEqual(toServerConfig(settings), {});
  assert.deepEqual(serverInvocation(settings), { command: 'credsum', args: ['lsp'] });
});

test('settings become the server keys and nothing else', () => {
  const settings = readSettings(
    source({
      'server.path': ' /opt/credsum/bin/credsum ',
      include: ['requests/**/*.json', '', 42],
      exclude: ['**/fixtures/**'],
      rules: { 'id-in-body': 'off', 'unknown-value': 'Warning' },
      maxFileSize: 1024.7,
      maxDiagnostics: 0,
      'http.environment': ' dev ',
      'trace.server': 'verbose',
    }),
  );
  assert.deepEqual(serverInvocation(settings), { command: '/opt/credsum/bin/credsum', args: ['lsp'] });
  const config = toServerConfig(settings);
  assert.deepEqual(config, {
    include: ['requests/**/*.json'],
    exclude: ['**/fixtures/**'],
    rules: { 'id-in-body': 'off', 'unknown-value': 'warning' },
    'max-file-size': 1024,
    'max-diagnostics': 0,
    http: { environment: 'dev' },
  });
  // The server denies unknown fields: only its five keys and the server-only `http` go over the wire.
  assert.deepEqual(Object.keys(config).sort(), ['exclude', 'http', 'include', 'max-diagnostics', 'max-file-size', 'rules']);
});

test('bad values fall back and are reported', () => {
  const problems: string[] = [];
  const settings = readSettings(
    source({ 'server.path': '', include: 'not-a-list', rules: { syntax: 'loud', schema: 'error' }, maxFileSize: -5, maxDiagnostics: 'many' }),
    problems,
  );
  assert.equal(settings.serverPath, 'credsum');
  assert.deepEqual(settings.include, []);
  assert.deepEqual(settings.rules, { schema: 'error' });
  assert.equal(settings.maxFileSize, DEFAULT_MAX_FILE_SIZE);
  assert.equal(settings.maxDiagnostics, DEFAULT_MAX_DIAGNOSTICS);
  assert.equal(problems.length, 3);
  assert.match(problems.join('\n'), /syntax/);
  assert.match(problems.join('\n'), /maxFileSize/);
  assert.match(problems.join('\n'), /maxDiagnostics/);
});

test('cleanRules ignores non-objects', () => {
  assert.deepEqual(cleanRules(null), {});
  assert.deepEqual(cleanRules(['error']), {});
  assert.deepEqual(cleanRules('error'), {});
  assert.deepEqual(cleanRules({ ' duplicate-key ': ' hint ' }), { 'duplicate-key': 'hint' });
});

test('workspace/configuration answers the credsum section only', () => {
  const config = toServerConfig(readSettings(source({ include: ['a.json'] })));
  assert.deepEqual(answerConfigurationItem('credsum', () => config), config);
  assert.equal(answerConfigurationItem('http', () => config), undefined);
  assert.equal(answerConfigurationItem(undefined, () => config), undefined);
});
