// The extension's settings and the server configuration they become.
// Pure: no `vscode` import, so `node --test` can run it.

/** Levels a rule can be set to (the server's `RuleLevel`). */
export const RULE_LEVELS = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** The server's default `max-file-size` (20 MiB). */
export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;

/** The server's default `max-diagnostics` (VS Code shows at most 1,000 per file anyway). */
export const DEFAULT_MAX_DIAGNOSTICS = 1000;

/** The settings under `credsum.*`, as read from VS Code (any field may be missing or mistyped). */
export interface ExtensionSettings {
  serverPath: string;
  include: string[];
  exclude: string[];
  rules: Record<string, RuleLevel>;
  maxFileSize: number;
  maxDiagnostics: number;
  /** The environment `.http` files are checked under; empty: every one defined for the file. */
  httpEnvironment: string;
}

/**
 * The server's configuration (crates/credsum-analysis/src/config.rs): kebab-case keys, and no
 * others: the server rejects unknown keys. A key left out keeps the value of credsum.toml.
 */
export interface ServerConfig {
  include?: string[];
  exclude?: string[];
  rules?: Record<string, RuleLevel>;
  'max-file-size'?: number;
  'max-diagnostics'?: number;
  /** Server-only: `.http` settings (not a credsum.toml key). */
  http?: { environment: string };
}

/** Something with a `get(key)` like `vscode.WorkspaceConfiguration` (section `credsum`). */
export interface ConfigSource {
  get<T>(key: string): T | undefined;
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

function isRuleLevel(value: unknown): value is RuleLevel {
  return typeof value === 'string' && (RULE_LEVELS as readonly string[]).includes(value);
}

/** The rules map with unknown levels dropped; levels are matched case-insensitively. */
export function cleanRules(value: unknown, problems: string[] = []): Record<string, RuleLevel> {
  const out: Record<string, RuleLevel> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return out;
  }
  for (const [code, level] of Object.entries(value as Record<string, unknown>)) {
    const normal = typeof level === 'string' ? level.trim().toLowerCase() : level;
    if (code.trim() === '') {
      continue;
    }
    if (isRuleLevel(normal)) {
      out[code.trim()] = normal;
    } else {
      problems.push(`credsum.rules: ignoring \`${code}\`: level ${JSON.stringify(level)} is not one of ${RULE_LEVELS.join(', ')}`);
    }
  }
  return out;
}

/** A non-negative whole number setting, or `fallback` (noting why) when it is mistyped. */
function count(source: ConfigSource, key: string, fallback: number, what: string, problems: string[]): number {
  const value = source.get<unknown>(key);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return Math.floor(value);
  }
  if (value !== undefined && value !== null) {
    problems.push(`credsum.${key}: ignoring ${JSON.stringify(value)}: not ${what}`);
  }
  return fallback;
}

/** The `credsum.http.environment` setting, trimmed; empty when unset or not a string. */
function httpEnvironment(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Reads the `credsum` section into typed settings, with defaults for missing or mistyped values. */
export function readSettings(source: ConfigSource, problems: string[] = []): ExtensionSettings {
  const serverPath = source.get<unknown>('server.path');
  return {
    serverPath: typeof serverPath === 'string' && serverPath.trim() !== '' ? serverPath.trim() : 'credsum',
    include: stringList(source.get<unknown>('include')),
    exclude: stringList(source.get<unknown>('exclude')),
    rules: cleanRules(source.get<unknown>('rules'), problems),
    maxFileSize: count(source, 'maxFileSize', DEFAULT_MAX_FILE_SIZE, 'a byte count', problems),
    maxDiagnostics: count(source, 'maxDiagnostics', DEFAULT_MAX_DIAGNOSTICS, 'a number of diagnostics', problems),
    httpEnvironment: httpEnvironment(source.get<unknown>('http.environment')),
  };
}

/**
 * The server configuration for `initializationOptions` and `workspace/configuration`: only what the
 * user set. The server layers it over each folder's credsum.toml (lists add up, rules merge, other
 * keys win), so a default sent here would hide the file's value.
 */
export function toServerConfig(settings: ExtensionSettings): ServerConfig {
  const config: ServerConfig = {};
  if (settings.include.length > 0) {
    config.include = [...settings.include];
  }
  if (settings.exclude.length > 0) {
    config.exclude = [...settings.exclude];
  }
  if (Object.keys(settings.rules).length > 0) {
    config.rules = { ...settings.rules };
  }
  if (settings.maxFileSize !== DEFAULT_MAX_FILE_SIZE) {
    config['max-file-size'] = settings.maxFileSize;
  }
  if (settings.maxDiagnostics !== DEFAULT_MAX_DIAGNOSTICS) {
    config['max-diagnostics'] = settings.maxDiagnostics;
  }
  if (settings.httpEnvironment !== '') {
    config.http = { environment: settings.httpEnvironment };
  }
  return config;
}

/** The `credsum lsp` invocation. */
export function serverInvocation(settings: ExtensionSettings): { command: string; args: string[] } {
  return { command: settings.serverPath, args: ['lsp'] };
}

/**
 * Answers a `workspace/configuration` request: the server configuration for items whose section
 * is `credsum`, `undefined` for the others (the caller asks VS Code for those).
 */
export function answerConfigurationItem(
  section: string | undefined,
  configFor: () => ServerConfig,
): ServerConfig | undefined {
  return section === 'credsum' ? configFor() : undefined;
}
