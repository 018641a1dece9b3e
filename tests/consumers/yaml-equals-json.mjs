// Each YAML file named on the command line loads under js-yaml (YAML 1.2) to exactly the JSON
// file beside it (same name, .json). Exits 1 on the first difference.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import yaml from 'js-yaml';

let failed = false;
for (const file of process.argv.slice(2)) {
  const fromYaml = yaml.load(readFileSync(file, 'utf8'));
  const fromJson = JSON.parse(readFileSync(file.replace(/\.yaml$/, '.json'), 'utf8'));
  if (isDeepStrictEqual(fromYaml, fromJson)) {
    console.log(`${file}: equals its JSON under js-yaml`);
  } else {
    console.error(`${file}: differs from its JSON under js-yaml`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
