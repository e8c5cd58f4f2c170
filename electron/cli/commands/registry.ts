import { askCommand } from './ask';
import type { CliCommand } from './command';

/** Every `punie` command, in the order `punie --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [askCommand];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}
