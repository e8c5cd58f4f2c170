import { askCommand } from './ask';
import type { CliCommand } from './command';
import { historyCommand } from './history';
import { modelsCommand } from './models';
import { statusCommand } from './status';

/** Every `punie` command, in the order `punie --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [askCommand, historyCommand, modelsCommand, statusCommand];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}
