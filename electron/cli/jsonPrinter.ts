import type { AgentEvent } from '../../shared/agentEvents';
import type { CliOutput } from './cliContext';
import { printError } from './errorOutput';

/** `--json`: every AgentEvent as one JSON line on stdout; an error is also told on stderr for people. */
export function createJsonPrinter(out: { stdout: CliOutput; stderr: CliOutput }): (event: AgentEvent) => void {
  return (e) => {
    out.stdout.write(`${JSON.stringify(e)}\n`);
    if (e.type === 'run-error') printError(out.stderr, e.error);
  };
}
