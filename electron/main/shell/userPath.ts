import { execFile } from 'node:child_process';

/**
 * Adds a folder to the Windows user PATH (HKCU\Environment), as installers
 * do without admin rights; the folder goes in through the environment, never
 * into the script's text. Bounded: 20 s.
 */
export function addToWindowsUserPath(dir: string): Promise<void> {
  const script =
    "$d = $env:PUNIE_BIN_DIR; $p = [Environment]::GetEnvironmentVariable('Path', 'User'); if (-not $p) { $p = '' }; " +
    "if (-not (($p -split ';') -contains $d)) { [Environment]::SetEnvironmentVariable('Path', (@($p.TrimEnd(';'), $d) | Where-Object { $_ }) -join ';', 'User') }";
  return new Promise((resolve, reject) => {
    execFile('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], { env: { ...process.env, PUNIE_BIN_DIR: dir }, timeout: 20_000, windowsHide: true }, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}
