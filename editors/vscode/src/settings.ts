// The extension's settings and the server configuration they become.
// Pure: no `vscode` import, so `node --test` can run it.

/** Levels a rule can be set to (the server's `RuleLevel`). */
export const RULE_LEVELS = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** The server's default `max-file-size` (20 MiB). */
export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;

/** The settings under `credsum.*`, as read from VS Code (any field may be missing or mistyped). */
export interface ExtensionSettings {
  serverPath: string;
  include: string[];
  exclude: string[];
  rules: Record<string, RuleLevel>;
  maxFileSize: number;
}

/**
 * The server's configuration (crates/credsum-analysis/src/config.rs): kebab-case keys, and no
 * others: the server rejects unknown keys.
 */
export interface ServerConfig {
  include: string[];
  exclude: string[];
  rules: Record<string, RuleLevel>;
  'max-file-size': number;
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

/** Reads the `credsum` section into typed settings, with defaults for missing or mistyped values. */
export function readSettings(source: ConfigSource, problems: string[] = []): ExtensionSettings {
  const serverPath = source.get<unknown>('server.path');
  const maxFileSize = source.get<unknown>('maxFileSize');
  let size = DEFAULT_MAX_FILE_SIZE;
  if (typeof maxFileSize === 'number' && Number.isFinite(maxFileSize) && maxFileSize >= 0) {
    size = Math.floor(maxFileSize);
  } else if (maxFileSize !== undefined && maxFileSize !== null) {
    problems.push(`credsum.maxFileSize: ignoring ${JSON.stringify(maxFileSize)}: not a byte count`);
  }
  return {
    serverPath: typeof serverPath === 'string' && serverPath.trim() !== '' ? serverPath.trim() : 'credsum',
    include: stringList(source.get<unknown>('include')),
    exclude: stringList(source.get<unknown>('exclude')),
    rules: cleanRules(source.get<unknown>('rules'), problems),
    maxFileSize: size,
  };
}

/** The server configuration for `initializationOptions` and `workspace/configuration`. */
export function toServerConfig(settings: ExtensionSettings): ServerConfig {
  return {
    include: [...settings.include],
    exclude: [...settings.exclude],
    rules: { ...settings.rules },
    'max-file-size': settings.maxFileSize,
  };
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
