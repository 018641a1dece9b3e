#!/usr/bin/env node
// The `credsum` command of the npm package: runs the binary of the per-platform package npm
// installed beside this one (an optionalDependency whose `os` and `cpu` match this machine; the
// esbuild and biome pattern), passing arguments, standard streams and the exit status through.
'use strict';

const { spawnSync } = require('child_process');

/** The platforms a binary package is published for (`process.platform-process.arch`). */
const PLATFORMS = ['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64', 'win32-x64'];

const platform = `${process.platform}-${process.arch}`;
const exe = process.platform === 'win32' ? 'credsum.exe' : 'credsum';
let binary;
try {
  binary = require.resolve(`@credsum/cli-${platform}/bin/${exe}`);
} catch {
  const why = PLATFORMS.includes(platform)
    ? `its package @credsum/cli-${platform} is not installed (installed with --no-optional?)`
    : `no prebuilt binary is published for ${platform} (only ${PLATFORMS.join(', ')})`;
  console.error(
    `credsum: ${why}; install instead with \`pip install credsum\` or ` +
      '`cargo install --locked --git https://github.com/credsum/credsum credsum`',
  );
  process.exit(1);
}

const run = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
if (run.error) {
  console.error(`credsum: cannot run ${binary}: ${run.error.message}`);
  process.exit(1);
}
if (run.signal) {
  process.kill(process.pid, run.signal);
}
process.exit(run.status ?? 1);
