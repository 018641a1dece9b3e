// The .http grammar of the extension (editors/vscode/syntaxes/http.tmLanguage.json) tokenized by
// VS Code's own TextMate engine (vscode-textmate + vscode-oniguruma): each part of a request file
// gets its scope, and the body is JSON (scopes of the JSON grammar given, VS Code's own in CI).
//
//   node grammar_test.js HTTP_GRAMMAR JSON_GRAMMAR
//
// Prints one PASS/FAIL line per check and "grammar: N passed, N failed"; exits 1 on a failure.
'use strict';
const fs = require('fs');
const path = require('path');
const tm = require('vscode-textmate');
const onig = require('vscode-oniguruma');

const [httpGrammar, jsonGrammar] = process.argv.slice(2);
const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
const onigLib = onig.loadWASM(wasm).then(() => ({
  createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
  createOnigString: (s) => new onig.OnigString(s),
}));
const files = { 'source.http': httpGrammar, 'source.json': jsonGrammar };
const registry = new tm.Registry({
  onigLib,
  loadGrammar: async (scope) => {
    const file = files[scope];
    return file ? tm.parseRawGrammar(fs.readFileSync(file, 'utf8'), path.resolve(file)) : null;
  },
});

const text = [
  '@graph = https://graph.microsoft.com/beta',
  '# update one summary',
  'PATCH {{graph}}/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/42?$select=id HTTP/1.1',
  'Content-Type: application/json',
  '',
  '{',
  '  "totalUserCount": 42',
  '}',
  '### next request',
  'GET https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries',
].join('\n');

// [line, text of the token, a scope it must have]
const expected = [
  [0, 'graph', 'variable.other.http'],
  [1, '# update one summary', 'comment.line.http'],
  [2, 'PATCH', 'keyword.other.method.http'],
  [2, '{{graph}}', 'variable.parameter.template.http'],
  [2, '$select', 'support.variable.query.http'],
  [2, 'HTTP/1.1', 'constant.language.version.http'],
  [3, 'Content-Type', 'entity.name.tag.header.http'],
  [3, 'application/json', 'string.unquoted.header.http'],
  [6, '42', 'meta.embedded.block.json'],
  [8, '### next request', 'comment.line.separator.http'],
  [9, 'GET', 'keyword.other.method.http'],
];

registry.loadGrammar('source.http').then((grammar) => {
  let state = tm.INITIAL;
  const tokens = text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
  let passed = 0;
  let failed = 0;
  for (const [line, want, scope] of expected) {
    const token = tokens[line].find((t) => t.text === want);
    const ok = token !== undefined && token.scopes.includes(scope);
    console.log(`  ${ok ? 'PASS' : 'FAIL'} line ${line + 1} \`${want}\` is ${scope}` +
      (ok ? '' : `: ${JSON.stringify(tokens[line])}`));
    ok ? passed++ : failed++;
  }
  // The body's JSON scopes come from the JSON grammar: a key is more than the embedding scope.
  const key = tokens[6].find((t) => t.text.includes('totalUserCount'));
  const json = key !== undefined && key.scopes.some((s) => s.endsWith('.json') && s !== 'meta.embedded.block.json');
  console.log(`  ${json ? 'PASS' : 'FAIL'} the body is tokenized by the JSON grammar`);
  json ? passed++ : failed++;
  console.log(`grammar: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}).catch((e) => {
  console.error(e);
  process.exit(1);
});
