import { test } from 'node:test';
import * as assert from 'node:assert/strict';

import { DocumentInfo, FileFilter, SNIFF_CHARS, isRequestFile, kindOf, mentionsResource } from '../matching';

const BODY = `{
  "@odata.type": "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary",
  "totalUserCount": "Integer"
}`;
const HTTP = `PATCH https://graph.microsoft.com/beta/tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/abc
Content-Type: application/json

{"totalUserCount": 3}
`;
const MARKDOWN = '# Update\n\n```http\nPATCH /tenantRelationships/managedTenants/credentialUserRegistrationsSummaries/{id}\n```\n';

const none = new FileFilter([], []);
const doc = (over: Partial<DocumentInfo>): DocumentInfo => ({
  scheme: 'file',
  fsPath: '/ws/body.json',
  languageId: 'json',
  text: BODY,
  root: '/ws',
  ...over,
});

test('kind by extension first, then language id', () => {
  assert.equal(kindOf('/a/b.json', 'plaintext'), 'json');
  assert.equal(kindOf('/a/b.JSON', 'plaintext'), 'json');
  assert.equal(kindOf('/a/b.rest', 'plaintext'), 'http');
  assert.equal(kindOf('/a/b.http', 'http'), 'http');
  assert.equal(kindOf('/a/b.markdown', 'plaintext'), 'markdown');
  assert.equal(kindOf('/a/b.md', 'markdown'), 'markdown');
  assert.equal(kindOf(undefined, 'jsonc'), 'json');
  assert.equal(kindOf('/a/b.txt', 'markdown'), 'markdown');
  assert.equal(kindOf('/a/b.txt', 'plaintext'), undefined);
  assert.equal(kindOf('/a.dir/b', 'plaintext'), undefined);
});

test('a JSON body is a request file when it names the @odata.type', () => {
  assert.ok(isRequestFile(doc({}), none));
  assert.ok(isRequestFile(doc({ text: '{"@odata.type":"microsoft.graph.managedTenants.credentialUserRegistrationsSummary"}' }), none));
  assert.ok(!isRequestFile(doc({ text: '{"name": "package", "version": "1.0.0"}' }), none));
  // Mentioning the type elsewhere is not enough.
  assert.ok(!isRequestFile(doc({ text: '{"description": "microsoft.graph.managedTenants.credentialUserRegistrationsSummary"}' }), none));
  assert.ok(!isRequestFile(doc({ text: '{"@odata.type": "#microsoft.graph.user"}' }), none));
});

test('.http and Markdown files are request files when they address the entity set', () => {
  assert.ok(isRequestFile(doc({ fsPath: '/ws/r.http', languageId: 'http', text: HTTP }), none));
  assert.ok(isRequestFile(doc({ fsPath: '/ws/r.http', languageId: 'http', text: HTTP.toLowerCase() }), none));
  assert.ok(!isRequestFile(doc({ fsPath: '/ws/r.http', languageId: 'http', text: 'GET https://example.com/\n' }), none));
  assert.ok(isRequestFile(doc({ fsPath: '/ws/README.md', languageId: 'markdown', text: MARKDOWN }), none));
  assert.ok(!isRequestFile(doc({ fsPath: '/ws/README.md', languageId: 'markdown', text: '# Hello\n' }), none));
});

test('include globs add files; exclude globs win', () => {
  const include = new FileFilter(['requests/**/*.json'], []);
  const plain = doc({ fsPath: '/ws/requests/a/plain.json', text: '{"totalUserCount": 3}' });
  assert.ok(!isRequestFile(plain, none));
  assert.ok(isRequestFile(plain, include));
  assert.ok(!isRequestFile(doc({ fsPath: '/ws/other/plain.json', text: '{}' }), include));
  const both = new FileFilter(['requests/**/*.json'], ['**/skip/**']);
  assert.ok(!isRequestFile(doc({ fsPath: '/ws/requests/skip/a.json' }), both));
  const excludeAll = new FileFilter([], ['*.json']);
  assert.ok(!isRequestFile(doc({}), excludeAll));
  // A bare name matches at any depth, against the absolute path too.
  assert.ok(isRequestFile(doc({ fsPath: '/elsewhere/x.body.json', root: undefined, text: '{}' }), new FileFilter(['*.body.json'], [])));
});

test('files of other kinds, and other schemes, are not request files', () => {
  assert.ok(!isRequestFile(doc({ fsPath: '/ws/a.txt', languageId: 'plaintext' }), new FileFilter(['*.txt'], [])));
  assert.ok(!isRequestFile(doc({ scheme: 'git' }), none));
  assert.ok(!isRequestFile(doc({ scheme: 'vscode-userdata' }), none));
  assert.ok(isRequestFile(doc({ scheme: 'untitled', fsPath: undefined, root: undefined }), none));
});

test('only the head of a large document is searched', () => {
  const padding = ' '.repeat(SNIFF_CHARS);
  assert.ok(!mentionsResource('json', `{${padding}"@odata.type": "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary"}`));
  assert.ok(mentionsResource('json', `${BODY}${padding}`));
});
