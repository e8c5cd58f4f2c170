import { readdirSync, readFileSync } from 'node:fs';
import { processAlive } from '../processAlive';

/**
 * Test helper (Linux): the live processes whose environment holds NAME=VALUE.
 * A test gives an MCP server a unique marker in its mcp.json `env`, so it
 * can tell, from outside Punie, whether any process of that server (or one
 * it started: children inherit the environment) is still running.
 */
export function markedProcesses(name: string, value: string): number[] {
  const needle = `${name}=${value}`;
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue;
    }
    if (environ.split('\0').includes(needle) && processAlive(Number(entry))) found.push(Number(entry));
  }
  return found;
}

export const canSeeProcesses = process.platform === 'linux';
