import { readFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';

/** The machine a run was measured on, for the line under the table. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  /** ISO date and time of the run (UTC, to the minute). */
  date: string;
}

/** Describes this machine. */
export function describeMachine(now: Date = new Date()): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim().replace(/\s+/g, ' ') || 'unknown CPU',
    cores: list.length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    node: process.versions.node,
    date: `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  };
}

/** One line naming the machine: CPU, cores, RAM, OS, Node, date. */
export function machineLine(m: MachineInfo): string {
  return `Measured on ${m.cpu}, ${m.cores} ${m.cores === 1 ? 'core' : 'cores'}, ${m.ramGiB} GiB RAM, ${m.os}, Node ${m.node}, ${m.date}.`;
}

/** The distribution's name where the system says it (/etc/os-release), else the kernel's. */
function osName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
    if (pretty) return `${pretty} (${type()} ${release()})`;
  } catch {
    // Not Linux, or no os-release: the kernel's name will do.
  }
  return `${type()} ${release()}`;
}
