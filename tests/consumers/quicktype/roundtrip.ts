// The JSON Patch schema through quicktype's TypeScript model (generated into patch.ts by
// .ci/export.sh): every valid patch document of fixtures/json-patch/valid converts to the typed
// model and back with the same operations and values (`value` and `from` are fields, not lost),
// and a document with an unknown `op` is refused by the converter. Usage: node out/roundtrip.js DIR...
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Convert, type PatchDocument } from './patch.js';

/** The operations' values and sources, typed: compiles only while quicktype keeps both fields. */
function members(doc: PatchDocument[]): unknown[] {
  return doc.flatMap((op) => [op.op, op.path, op.value, op.from]);
}

let failures = 0;
const [validDir, invalidDir] = process.argv.slice(2);
for (const name of readdirSync(validDir).filter((n) => n.endsWith('.json')).sort()) {
  const text = readFileSync(join(validDir, name), 'utf8');
  const doc = Convert.toPatchDocument(text);
  const back = JSON.parse(Convert.patchDocumentToJson(doc));
  if (!isDeepStrictEqual(back, JSON.parse(text)) || members(doc).length !== 4 * doc.length) {
    console.error(`${name}: round trip changed the document: ${JSON.stringify(back)}`);
    failures++;
  } else {
    console.log(`${name}: ${doc.length} operation(s) round-trip with their values`);
  }
}
const typo = readFileSync(join(invalidDir, 'op-typo.json'), 'utf8');
try {
  Convert.toPatchDocument(typo);
  console.error('op-typo.json: accepted, expected an unknown op to be refused');
  failures++;
} catch {
  console.log('op-typo.json: refused');
}
process.exit(failures ? 1 : 0);
