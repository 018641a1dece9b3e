// Finding the `credsum` executable the way a shell would, so a missing one can be reported before
// the language client tries to spawn it.
// Pure: no `vscode` import (file checks are passed in), so `node --test` can run it.

import * as path from 'path';

export interface LookupEnv {
  /** The PATH variable. */
  PATH?: string;
  /** Windows' PATHEXT (`.COM;.EXE;.BAT;.CMD`). */
  PATHEXT?: string;
  platform: NodeJS.Platform;
  /** Whether a file exists and is executable. */
  isExecutable(file: string): boolean;
  /** The folder relative paths are resolved against (the first workspace folder), if any. */
  cwd?: string;
  /** The user's home folder, for `~/`. */
  home?: string;
}

/**
 * The absolute path `command` runs, or `undefined` when there is none. A command with a path
 * separator is a path (relative ones resolve against `env.cwd`); a bare name is looked up on PATH.
 */
export function resolveExecutable(command: string, env: LookupEnv): string | undefined {
  const win = env.platform === 'win32';
  const p = win ? path.win32 : path.posix;
  let cmd = command;
  if (env.home && (cmd === '~' || cmd.startsWith('~/') || (win && cmd.startsWith('~\\')))) {
    cmd = p.join(env.home, cmd.slice(1));
  }
  const exts = win
    ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '')]
    : [''];
  const tryFile = (base: string): string | undefined => {
    for (const ext of exts) {
      const file = base + ext;
      if (env.isExecutable(file)) {
        return file;
      }
    }
    return undefined;
  };
  const hasSeparator = cmd.includes('/') || (win && cmd.includes('\\'));
  if (hasSeparator || p.isAbsolute(cmd)) {
    const full = p.isAbsolute(cmd) ? cmd : env.cwd ? p.resolve(env.cwd, cmd) : undefined;
    return full === undefined ? undefined : tryFile(full);
  }
  const dirs = (env.PATH ?? '').split(win ? ';' : ':').filter((d) => d !== '');
  for (const dir of dirs) {
    const found = tryFile(p.join(dir, cmd));
    if (found) {
      return found;
    }
  }
  return undefined;
}

/** Where a platform build of the extension (`dist/build.sh`, `vsce package --target`) carries the server. */
export function bundledServerPath(extensionDir: string, platform: NodeJS.Platform): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  return p.join(extensionDir, 'server', platform === 'win32' ? 'credsum.exe' : 'credsum');
}

/**
 * The server to run: `command` (the `credsum.server.path` setting) when the user set it, found or
 * not, since a setting wins; else `credsum` on PATH; else the binary a platform build bundles.
 */
export function locateServer(
  command: string,
  setByUser: boolean,
  extensionDir: string,
  env: LookupEnv,
): string | undefined {
  const found = resolveExecutable(command, env);
  if (found !== undefined || setByUser) {
    return found;
  }
  const bundled = bundledServerPath(extensionDir, env.platform);
  return env.isExecutable(bundled) ? bundled : undefined;
}
