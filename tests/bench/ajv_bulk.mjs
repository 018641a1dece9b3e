// The ajv engine in one Node process, for the credsum lint benchmark (tests/bench/lint_bench.sh):
// compile the draft 2020-12 schema once (ajv/dist/2020 + ajv-formats), then read, parse and
// validate every file of a folder, one after the other. A file that is not JSON counts as a
// parse failure. Prints `files=N valid=V invalid=I parse_failures=P` to standard error.
//
//   node tests/bench/ajv_bulk.mjs SCHEMA DIR
//
// `strict: false` because the schema carries `x-graph-*` annotation keywords, which ajv's strict
// mode rejects; `allErrors: true` so that, like the linters it is compared with, it reports
// every mistake of a file and not only the first.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, dir] = process.argv.slice(2);
if (!schemaPath || !dir) {
  console.error("usage: node ajv_bulk.mjs SCHEMA DIR");
  process.exit(2);
}
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));

let files = 0, valid = 0, invalid = 0, parseFailures = 0;
for (const name of readdirSync(dir)) {
  const text = readFileSync(join(dir, name), "utf8");
  files++;
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    parseFailures++;
    continue;
  }
  if (validate(data)) valid++;
  else invalid++;
}
console.error(`files=${files} valid=${valid} invalid=${invalid} parse_failures=${parseFailures}`);
