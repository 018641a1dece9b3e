// Copies the committed JSON Schema (schema/ at the repository root) into the extension, for the
// `jsonValidation` contribution. The copy is gitignored: the repository's file is the only source.
'use strict';
const fs = require('fs');
const path = require('path');

const name = 'credentialUserRegistrationsSummary.schema.json';
const source = path.resolve(__dirname, '..', '..', '..', 'schema', name);
const targetDir = path.resolve(__dirname, '..', 'schemas');
const target = path.join(targetDir, name);

let text;
try {
  text = fs.readFileSync(source, 'utf8');
} catch (error) {
  console.error(`copy-schema: cannot read ${source}: ${error.message}`);
  process.exit(1);
}
JSON.parse(text); // fail early on a broken schema
fs.mkdirSync(targetDir, { recursive: true });
fs.writeFileSync(target, text);
console.log(`copy-schema: ${path.relative(process.cwd(), source)} -> ${path.relative(process.cwd(), target)}`);
