import { readFileSync } from 'node:fs';

/**
 * Test helper: whether a process still runs. A killed process whose parent
 * has not reaped it yet (a zombie) counts as gone: it runs no code and holds
 * no resources but its pid.
 */
export function processAlive(pid: number): boolean {
  // kill(0 or a negative number, 0) asks about a whole process group (0: our own), never about one process.
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`processAlive needs a process id, got ${pid}`);
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

/**
 * Test helper, for failure messages: what /proc says about a process and its
 * parent (state, parent pid, group, session, command), so a test that finds
 * a process still there can say why (a zombie nobody reaped, a process stuck
 * in the kernel, one that escaped its group).
 */
export function processState(pid: number): string {
  const describe = (p: number): { text: string; ppid?: number } => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const [state, ppid, pgrp, session] = stat.slice(close + 2).split(' ');
      return { text: `pid ${p} (${comm}) state ${state} ppid ${ppid} pgrp ${pgrp} session ${session}`, ppid: Number(ppid) };
    } catch (e) {
      return { text: `pid ${p}: no /proc/${p}/stat (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
    }
  };
  const self = describe(pid);
  const parent = self.ppid !== undefined && self.ppid > 0 ? describe(self.ppid).text : 'no parent known';
  return `${self.text}; parent: ${parent}`;
}
