import type { AgentEvent, ModelRef } from '../../shared/agentEvents';
import type { CliOutput } from './cliContext';
import { printError } from './errorOutput';
import { formatStatsLine } from './statsLine';
import { createTracer } from './traceLine';

const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/**
 * The human printer: the answer to stdout as it streams; reasoning dimmed on
 * stderr when that is a terminal; one trace line per tool call on stderr as
 * it finishes; after the answer, one stats line (or the error) on stderr.
 * The answer's line is ended before a tool call, so text, traces and
 * permission prompts never share a line on a terminal, and the text of each
 * model turn starts on its own line.
 */
export function createTextPrinter(out: { stdout: CliOutput; stderr: CliOutput }): (event: AgentEvent) => void {
  let model: ModelRef | undefined;
  let endsWithNewline = true;
  let inReasoning = false;
  const showReasoning = out.stderr.isTTY === true;
  const tracer = createTracer({ color: out.stderr.isTTY === true });
  const endReasoning = () => {
    if (inReasoning) out.stderr.write(`${RESET}\n`);
    inReasoning = false;
  };
  const endLine = () => {
    endReasoning();
    if (!endsWithNewline) out.stdout.write('\n');
    endsWithNewline = true;
  };
  return (e) => {
    const trace = tracer.onEvent(e);
    switch (e.type) {
      case 'run-start':
        model = e.model;
        break;
      case 'reasoning-delta':
        if (!showReasoning) break;
        if (!inReasoning) out.stderr.write(DIM);
        inReasoning = true;
        out.stderr.write(e.delta);
        break;
      case 'text-delta':
        if (e.delta === '') break;
        endReasoning();
        out.stdout.write(e.delta);
        endsWithNewline = e.delta.endsWith('\n');
        break;
      case 'turn-start':
      case 'tool-call-start':
      case 'permission-request':
        endLine();
        break;
      case 'tool-result':
      case 'tool-error':
        endLine();
        if (trace) out.stderr.write(`${trace}\n`);
        break;
      case 'notice':
        endLine();
        out.stderr.write(`! ${e.message}\n`);
        break;
      case 'run-finish':
        endLine();
        out.stderr.write(`${formatStatsLine(e.stats, model)}\n`);
        break;
      case 'run-error':
        endLine();
        printError(out.stderr, e.error);
        break;
      case 'run-abort':
        endLine();
        out.stderr.write('punie: stopped.\n');
        break;
      default:
        break;
    }
  };
}
