import type { AgentEvent } from '../../shared/agentEvents';
import type { CliOutput } from './cliContext';
import { printError } from './errorOutput';
import { createTracer } from './traceLine';

/**
 * `--json`: every AgentEvent as one JSON line on stdout. For the person
 * watching, stderr still gets the trace of each tool call and the error.
 */
export function createJsonPrinter(out: { stdout: CliOutput; stderr: CliOutput }): (event: AgentEvent) => void {
  const tracer = createTracer({ color: out.stderr.isTTY === true });
  return (e) => {
    out.stdout.write(`${JSON.stringify(e)}\n`);
    const trace = tracer.onEvent(e);
    if (trace) out.stderr.write(`${trace}\n`);
    if (e.type === 'run-error') printError(out.stderr, e.error);
  };
}
