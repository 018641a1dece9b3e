// Reading the output of `credsum lint --format json`: an array of {path, uri, diagnostics} with
// LSP diagnostics (UTF-16 positions).
// Pure: no `vscode` import, so `node --test` can run it.

export interface Position {
  line: number;
  character: number;
}

export interface LintDiagnostic {
  range: { start: Position; end: Position };
  /** LSP severity: 1 error, 2 warning, 3 information, 4 hint. */
  severity: 1 | 2 | 3 | 4;
  code: string;
  href?: string;
  message: string;
}

export interface LintFile {
  path: string;
  uri: string;
  diagnostics: LintDiagnostic[];
}

export interface LintSummary {
  files: number;
  errors: number;
  warnings: number;
  others: number;
}

function position(value: unknown): Position {
  const v = (value ?? {}) as Partial<Position>;
  const n = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : 0);
  return { line: n(v.line), character: n(v.character) };
}

/** Parses the report; throws with a readable message when it is not one. */
export function parseLintReport(stdout: string): LintFile[] {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch (error) {
    throw new Error(`credsum lint did not print JSON: ${error instanceof Error ? error.message : error}`);
  }
  if (!Array.isArray(data)) {
    throw new Error('credsum lint printed JSON that is not an array of files');
  }
  return data.map((entry): LintFile => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const diagnostics = Array.isArray(e.diagnostics) ? e.diagnostics : [];
    return {
      path: String(e.path ?? ''),
      uri: String(e.uri ?? ''),
      diagnostics: diagnostics.map((d): LintDiagnostic => {
        const x = (d ?? {}) as Record<string, unknown>;
        const range = (x.range ?? {}) as Record<string, unknown>;
        const sev = x.severity;
        const href = (x.codeDescription as { href?: unknown } | undefined)?.href;
        return {
          range: { start: position(range.start), end: position(range.end) },
          severity: sev === 1 || sev === 2 || sev === 3 || sev === 4 ? sev : 1,
          code: String(x.code ?? ''),
          href: typeof href === 'string' ? href : undefined,
          message: String(x.message ?? ''),
        };
      }),
    };
  });
}

export function summarize(files: readonly LintFile[]): LintSummary {
  const summary: LintSummary = { files: 0, errors: 0, warnings: 0, others: 0 };
  for (const file of files) {
    if (file.diagnostics.length > 0) {
      summary.files += 1;
    }
    for (const d of file.diagnostics) {
      if (d.severity === 1) {
        summary.errors += 1;
      } else if (d.severity === 2) {
        summary.warnings += 1;
      } else {
        summary.others += 1;
      }
    }
  }
  return summary;
}

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];

/** `path:line:col: severity code: message` lines (1-based), for the output channel. */
export function formatLines(files: readonly LintFile[]): string[] {
  const lines: string[] = [];
  for (const file of files) {
    for (const d of file.diagnostics) {
      lines.push(
        `${file.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY_NAMES[d.severity]} ${d.code}: ${d.message}`,
      );
    }
  }
  return lines;
}

/** Exit status of `credsum lint`: 0 clean, 1 findings, anything else a failure. */
export function lintFailed(exitCode: number | null): boolean {
  return exitCode !== 0 && exitCode !== 1;
}
