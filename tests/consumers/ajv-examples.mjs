// ajv in its default strict mode on example bodies, with and without format assertion:
//   node ajv-examples.mjs SCHEMA draft2020|draft7 --valid DIR... --invalid DIR...
// Every file of a --valid folder must pass and every file of an --invalid folder must fail, in
// both modes; exits 1 otherwise.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [schemaFile, spec, ...rest] = process.argv.slice(2);
const folders = { valid: [], invalid: [] };
let kind = null;
for (const arg of rest) {
  if (arg === '--valid' || arg === '--invalid') kind = arg.slice(2);
  else folders[kind].push(arg);
}
const files = (dirs) =>
  dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f)));
const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
let failed = false;
for (const assertFormats of [true, false]) {
  const Engine = spec === 'draft2020' ? Ajv2020 : Ajv;
  const ajv = new Engine({ validateFormats: assertFormats });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const mode = assertFormats ? 'format assertion' : 'no format assertion';
  for (const [expected, list] of [[true, files(folders.valid)], [false, files(folders.invalid)]]) {
    for (const file of list) {
      const ok = validate(JSON.parse(readFileSync(file, 'utf8')));
      if (ok !== expected) {
        console.error(`${schemaFile} (${mode}): ${file} ${ok ? 'passes' : 'fails'}, expected the opposite`);
        failed = true;
      }
    }
  }
  console.log(`ajv ${spec} (${mode}): ${files(folders.valid).length} valid pass, ${files(folders.invalid).length} invalid fail`);
}
process.exit(failed ? 1 : 0);
