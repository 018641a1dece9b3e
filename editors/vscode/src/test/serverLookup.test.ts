// Which server the extension runs: the setting when the user set it, else `credsum` on PATH, else
// the binary a platform .vsix carries (dist/build.sh).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';

import { LookupEnv, bundledServerPath, locateServer } from '../executable';

const BUNDLED = '/ext/server/credsum';
const env = (files: string[]): LookupEnv => ({
  PATH: '/usr/bin',
  platform: 'linux',
  isExecutable: (f) => files.includes(f),
});

test('bundledServerPath names server/credsum, with .exe on Windows', () => {
  assert.equal(bundledServerPath('/ext', 'linux'), BUNDLED);
  assert.equal(bundledServerPath('C:\\ext', 'win32'), 'C:\\ext\\server\\credsum.exe');
});

test('credsum on PATH comes before the bundled binary', () => {
  assert.equal(locateServer('credsum', false, '/ext', env(['/usr/bin/credsum', BUNDLED])), '/usr/bin/credsum');
});

test('the bundled binary runs when credsum is not on PATH and no setting is set', () => {
  assert.equal(locateServer('credsum', false, '/ext', env([BUNDLED])), BUNDLED);
  assert.equal(locateServer('credsum', false, '/ext', env([])), undefined);
});

test('a setting the user set wins, even when it names nothing', () => {
  assert.equal(locateServer('/opt/credsum', true, '/ext', env(['/opt/credsum', BUNDLED])), '/opt/credsum');
  assert.equal(locateServer('credsum-not-installed', true, '/ext', env([BUNDLED])), undefined);
});
