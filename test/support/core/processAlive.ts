import { readFileSync } from 'node:fs';

/**
 * Test helper: whether a process still runs. A killed process whose parent
 * has not reaped it yet (a zombie) counts as gone: it runs no code and holds
 * no resources but its pid.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc (macOS): kill(0) said it exists
  }
}

/** Test helper: waits (bounded) until a killed process is gone; true when it is. */
export async function waitUntilGone(pid: number, timeoutMs = 3_000): Promise<boolean> {
  for (let waited = 0; waited < timeoutMs; waited += 20) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !processAlive(pid);
}
