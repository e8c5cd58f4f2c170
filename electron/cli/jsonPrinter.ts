import type { AgentEvent } from '../../shared/agentEvents';
import type { CliOutput } from './cliContext';
import { printError } from './errorOutput';
import { createPalette, type Palette } from './terminalStyle';
import { createTracer } from './traceLine';

/**
 * `--json`: every AgentEvent as one JSON line on stdout, exactly as
 * JSON.stringify wrote it (never through the terminal sanitizer: a reader
 * must get the model's text unchanged). For the person watching, stderr
 * still gets the trace of each tool call and the error, made inert.
 */
export function createJsonPrinter(out: { stdout: CliOutput; stderr: CliOutput }, options: { palette?: Palette } = {}): (event: AgentEvent) => void {
  const tracer = createTracer({ palette: options.palette ?? createPalette(out.stderr.isTTY === true) });
  return (e) => {
    out.stdout.write(`${JSON.stringify(e)}\n`);
    const trace = tracer.onEvent(e);
    if (trace) out.stderr.write(`${trace}\n`);
    if (e.type === 'run-error') printError(out.stderr, e.error);
  };
}
