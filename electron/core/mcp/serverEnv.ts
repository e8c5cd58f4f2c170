/**
 * The environment an MCP server process gets: the variables its entry
 * names, plus PATH and HOME (and, on Windows, the few variables a program
 * needs to start at all) taken from the environment Punie gives its child
 * processes. Nothing else of Punie's environment reaches it, so neither
 * Punie's API keys nor anything else the user exported leaks to a server
 * the user did not hand it to. The entry's own variables win.
 */

export type Env = Readonly<Record<string, string | undefined>>;

const POSIX_PASSED = ['PATH', 'HOME'] as const;
const WINDOWS_PASSED = ['PATH', 'HOME', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'TEMP', 'TMP', 'COMSPEC', 'PATHEXT', 'PROGRAMFILES'] as const;

export function passedVariables(platform: NodeJS.Platform = process.platform): readonly string[] {
  return platform === 'win32' ? WINDOWS_PASSED : POSIX_PASSED;
}

export function serverEnv(entryEnv: Readonly<Record<string, string>>, base: Env, platform: NodeJS.Platform = process.platform): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of passedVariables(platform)) {
    const value = lookup(base, name, platform);
    if (value !== undefined && !value.startsWith('()')) env[name] = value;
  }
  for (const [name, value] of Object.entries(entryEnv)) {
    if (platform === 'win32') {
      // Windows names are case-insensitive: the entry's `Path` replaces PATH.
      for (const key of Object.keys(env)) if (key.toUpperCase() === name.toUpperCase()) delete env[key];
    }
    env[name] = value;
  }
  return env;
}

function lookup(env: Env, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}
