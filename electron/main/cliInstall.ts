import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { CLI_MARKER } from './acpLaunch';

/**
 * Help → Install `punie` Command: a small launcher on the user's PATH that
 * runs the installed app binary as the CLI (`--punie-cli`, see cliEntry.ts),
 * the way VS Code offers `code`; Uninstall removes it, and only a launcher
 * Punie wrote. No admin rights anywhere:
 *
 * - Linux and macOS: `~/.local/bin/punie`, a POSIX shell script;
 * - Windows: `%LOCALAPPDATA%\Punie\bin\punie.cmd`, its folder added to the
 *   user PATH (by the shell's `addToUserPath`).
 */

export const LAUNCHER_MARK = 'Installed by Punie (Help > Install punie Command); Uninstall there removes it.';

export interface LauncherInput {
  platform: NodeJS.Platform;
  home: string;
  /** The app binary (process.execPath). */
  execPath: string;
  /** In development the app is `electron <appPath>`; a packaged app needs no folder. */
  defaultApp: boolean;
  appPath: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface LauncherPlan {
  binDir: string;
  file: string;
  content: string;
  /** The folder is on PATH already (else the user is told how, or on Windows it is added). */
  onPath: boolean;
}

/** POSIX shell single-quoting. */
function sh(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function launcherPlan(input: LauncherInput): LauncherPlan {
  const pathVar = input.env.PATH ?? input.env.Path ?? '';
  const appArgs = input.defaultApp ? [input.appPath] : [];
  if (input.platform === 'win32') {
    const local = input.env.LOCALAPPDATA ?? join(input.home, 'AppData', 'Local');
    const binDir = join(local, 'Punie', 'bin');
    const quoted = [input.execPath, ...appArgs].map((w) => `"${w}"`).join(' ');
    return {
      binDir,
      file: join(binDir, 'punie.cmd'),
      content: `@echo off\r\nrem ${LAUNCHER_MARK}\r\n${quoted} ${CLI_MARKER} %*\r\n`,
      onPath: pathVar.split(';').some((p) => p.replace(/[\\/]+$/, '').toLowerCase() === binDir.toLowerCase()),
    };
  }
  const binDir = join(input.home, '.local', 'bin');
  return {
    binDir,
    file: join(binDir, 'punie'),
    content: `#!/bin/sh\n# ${LAUNCHER_MARK}\nexec ${[input.execPath, ...appArgs].map(sh).join(' ')} ${CLI_MARKER} "$@"\n`,
    onPath: pathVar.split(delimiter).some((p) => p.replace(/\/+$/, '') === binDir),
  };
}

export interface LauncherOutcome {
  ok: boolean;
  message: string;
}

/** Writes the launcher (replacing an older one of Punie's, never someone else's file). */
export async function installLauncher(plan: LauncherPlan, platform: NodeJS.Platform, addToUserPath?: (dir: string) => Promise<void>): Promise<LauncherOutcome> {
  const existing = await readFile(plan.file, 'utf8').catch(() => undefined);
  if (existing !== undefined && !existing.includes(LAUNCHER_MARK)) {
    return { ok: false, message: `${plan.file} already exists and was not made by Punie; it was left alone. Remove it first to install Punie's.` };
  }
  try {
    await mkdir(plan.binDir, { recursive: true });
    await writeFile(plan.file, plan.content, { mode: 0o755 });
    await chmod(plan.file, 0o755);
  } catch (e) {
    return { ok: false, message: `Could not write ${plan.file}: ${e instanceof Error ? e.message : String(e)}` };
  }
  let pathNote = '';
  if (!plan.onPath) {
    if (platform === 'win32' && addToUserPath) {
      try {
        await addToUserPath(plan.binDir);
        pathNote = ` ${plan.binDir} was added to your user PATH.`;
      } catch {
        pathNote = ` Add ${plan.binDir} to your user PATH (Settings → System → About → Advanced system settings → Environment Variables).`;
      }
    } else {
      pathNote = ` ${plan.binDir} is not on your PATH: add it, for example with export PATH="$HOME/.local/bin:$PATH" in ~/.profile.`;
    }
  }
  return { ok: true, message: `Installed ${plan.file}.${pathNote} Open a new terminal and run: punie --help` };
}

/** Removes the launcher if Punie made it. */
export async function uninstallLauncher(plan: LauncherPlan): Promise<LauncherOutcome> {
  const existing = await readFile(plan.file, 'utf8').catch(() => undefined);
  if (existing === undefined) return { ok: true, message: `There is no punie command at ${plan.file}; nothing to remove.` };
  if (!existing.includes(LAUNCHER_MARK)) return { ok: false, message: `${plan.file} was not made by Punie; it was left alone.` };
  await rm(plan.file, { force: true });
  return { ok: true, message: `Removed ${plan.file}.` };
}
