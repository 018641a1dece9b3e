// Glob matching for `credsum.include` / `credsum.exclude`, following the server's rules
// (crates/credsum-lsp/src/settings.rs, globset): a pattern without `/` matches at any depth
// (it is read as `**/pattern`); `*` and `?` stay inside one path segment, `**` spans segments,
// `[...]` is a character class (`[!...]` negated) and `{a,b}` an alternation.
// Pure: no `vscode` import, so `node --test` can run it.

/** Converts one glob to an anchored regular expression. Throws on an unclosed `[` or `{`. */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.includes('/') ? glob : `**/${glob}`;
  return new RegExp(`^${translate(pattern, 0, false).source}$`);
}

interface Translated {
  source: string;
  end: number;
}

function translate(p: string, start: number, inBraces: boolean): Translated {
  let out = '';
  let i = start;
  while (i < p.length) {
    const c = p[i];
    if (inBraces && (c === ',' || c === '}')) {
      return { source: out, end: i };
    }
    if (c === '*') {
      if (p[i + 1] === '*') {
        const atSegmentStart = i === 0 || p[i - 1] === '/';
        const next = p[i + 2];
        if (atSegmentStart && next === '/') {
          // `**/`: zero or more whole segments.
          out += '(?:[^/]*/)*';
          i += 3;
          continue;
        }
        if (atSegmentStart && next === undefined) {
          // trailing `**`: anything below.
          out += '.*';
          i += 2;
          continue;
        }
        // `**` inside a segment acts like `*`.
        out += '[^/]*';
        i += 2;
        continue;
      }
      out += '[^/]*';
      i += 1;
      continue;
    }
    if (c === '?') {
      out += '[^/]';
      i += 1;
      continue;
    }
    if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close < 0) {
        throw new Error(`bad glob \`${p}\`: unclosed character class`);
      }
      let body = p.slice(i + 1, close);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      body = body.replace(/[\\\]]/g, (m) => `\\${m}`);
      out += negate ? `[^/${body}]` : `[${body}]`;
      i = close + 1;
      continue;
    }
    if (c === '{') {
      const alternatives: string[] = [];
      let j = i + 1;
      for (;;) {
        const part = translate(p, j, true);
        alternatives.push(part.source);
        if (part.end >= p.length) {
          throw new Error(`bad glob \`${p}\`: unclosed alternation`);
        }
        j = part.end + 1;
        if (p[part.end] === '}') {
          break;
        }
      }
      out += `(?:${alternatives.join('|')})`;
      i = j;
      continue;
    }
    if (c === '\\' && i + 1 < p.length) {
      out += escapeRegExp(p[i + 1]);
      i += 2;
      continue;
    }
    out += escapeRegExp(c);
    i += 1;
  }
  if (inBraces) {
    return { source: out, end: p.length };
  }
  return { source: out, end: i };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A compiled set of globs. Bad globs are left out and reported in `errors`. */
export class GlobSet {
  readonly errors: string[] = [];
  private readonly regexps: RegExp[] = [];

  constructor(globs: readonly string[]) {
    for (const glob of globs) {
      try {
        this.regexps.push(globToRegExp(glob));
      } catch (error) {
        this.errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  }

  get isEmpty(): boolean {
    return this.regexps.length === 0;
  }

  /** Whether any glob matches any of the candidate paths (`/`-separated). */
  matchesAny(candidates: readonly string[]): boolean {
    return candidates.some((c) => this.regexps.some((r) => r.test(c)));
  }
}

/**
 * The paths a file is matched as: its absolute path and, when it lies in `root`, its path relative
 * to `root`, both with `/` separators (Windows drive letters and backslashes normalised).
 */
export function candidatePaths(fsPath: string, root?: string): string[] {
  const norm = (p: string) => p.replace(/\\/g, '/');
  const absolute = norm(fsPath);
  const out = [absolute];
  if (root) {
    let r = norm(root);
    if (!r.endsWith('/')) {
      r += '/';
    }
    const caseFold = /^[a-zA-Z]:\//.test(absolute);
    const a = caseFold ? absolute.toLowerCase() : absolute;
    const b = caseFold ? r.toLowerCase() : r;
    if (a.startsWith(b)) {
      out.push(absolute.slice(r.length));
    }
  }
  return out;
}
