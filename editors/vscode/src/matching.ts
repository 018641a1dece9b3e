// Which documents are credsum request files. Mirrors the server's association rule
// (crates/credsum-lsp/src/settings.rs `Settings::is_request_file`): excluded files never; files
// matching `include` always; otherwise JSON bodies naming the resource's `@odata.type`, and
// .http/.rest/Markdown files that address the resource's entity set.
// The extension starts the language server only once such a document is open.
// Pure: no `vscode` import, so `node --test` can run it.

import { GlobSet, candidatePaths } from './glob';

/** The resource's OData type (without `#`). */
export const ODATA_TYPE = 'microsoft.graph.managedTenants.credentialUserRegistrationsSummary';
/** The last segment of the resource's entity set path. */
export const ENTITY_SET = 'credentialUserRegistrationsSummaries';

export type FileKind = 'json' | 'http' | 'markdown';

/** Only the first this many characters of a document are searched. */
export const SNIFF_CHARS = 64 * 1024;

/** The kind of a document: by file extension first, then by VS Code language id (as the server does). */
export function kindOf(fileName: string | undefined, languageId: string): FileKind | undefined {
  const ext = fileName?.match(/\.([^./\\]+)$/)?.[1]?.toLowerCase();
  switch (ext) {
    case 'json':
      return 'json';
    case 'http':
    case 'rest':
      return 'http';
    case 'md':
    case 'markdown':
      return 'markdown';
  }
  switch (languageId) {
    case 'json':
    case 'jsonc':
      return 'json';
    case 'http':
    case 'rest':
      return 'http';
    case 'markdown':
      return 'markdown';
    default:
      return undefined;
  }
}

const ODATA_TYPE_MEMBER = new RegExp(
  `"@odata\\.type"\\s*:\\s*"#?${ODATA_TYPE.replace(/\./g, '\\.')}"`,
);
const ENTITY_SET_CI = ENTITY_SET.toLowerCase();

/** Whether `text` of kind `kind` looks like a request for the resource. */
export function mentionsResource(kind: FileKind, text: string): boolean {
  const head = text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text;
  if (kind === 'json') {
    return head.includes(ODATA_TYPE) && ODATA_TYPE_MEMBER.test(head);
  }
  return head.toLowerCase().includes(ENTITY_SET_CI) || head.includes(ODATA_TYPE);
}

/** The compiled `include`/`exclude` settings. */
export class FileFilter {
  readonly include: GlobSet;
  readonly exclude: GlobSet;

  constructor(include: readonly string[], exclude: readonly string[]) {
    this.include = new GlobSet(include);
    this.exclude = new GlobSet(exclude);
  }

  get errors(): string[] {
    return [...this.include.errors, ...this.exclude.errors];
  }
}

/** What the extension knows about a document. */
export interface DocumentInfo {
  /** `file`, `untitled`, … */
  scheme: string;
  /** The file system path, for `file` documents. */
  fsPath?: string;
  languageId: string;
  text: string;
  /** The workspace folder holding the document, if any. */
  root?: string;
}

/** Whether the document is a credsum request file. */
export function isRequestFile(doc: DocumentInfo, filter: FileFilter): boolean {
  if (doc.scheme !== 'file' && doc.scheme !== 'untitled') {
    return false;
  }
  const kind = kindOf(doc.fsPath, doc.languageId);
  const candidates = doc.fsPath ? candidatePaths(doc.fsPath, doc.root) : [];
  if (candidates.length > 0 && filter.exclude.matchesAny(candidates)) {
    return false;
  }
  if (kind === undefined) {
    return false;
  }
  if (candidates.length > 0 && filter.include.matchesAny(candidates)) {
    return true;
  }
  return mentionsResource(kind, doc.text);
}

/** The language ids whose documents go to the server once it runs. */
export const SERVED_LANGUAGES = ['json', 'jsonc', 'http', 'markdown'] as const;
