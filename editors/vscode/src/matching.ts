// Which documents the extension hands to the server. The extension matches no globs and reads no
// text: every candidate document (JSON, .http/.rest, Markdown, on disk or untitled) starts the
// server, and the server's association (crates/credsum-workspace: credsum.toml's include/exclude,
// the @odata.type, a request to the endpoint) decides which are request files, as `credsum lint`
// does. Non-request files get no diagnostics, hover or completion from it.
// Pure: no `vscode` import, so `node --test` can run it.

/** The language ids whose documents go to the server. */
export const SERVED_LANGUAGES = ['json', 'jsonc', 'http', 'markdown'] as const;

/** URI schemes of documents the server can read. */
const SERVED_SCHEMES = ['file', 'untitled'];

/** Whether a document with this URI scheme and language id is a candidate for the server. */
export function isCandidate(scheme: string, languageId: string): boolean {
  return SERVED_SCHEMES.includes(scheme) && (SERVED_LANGUAGES as readonly string[]).includes(languageId);
}
