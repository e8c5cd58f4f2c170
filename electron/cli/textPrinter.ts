import type { AgentEvent, ModelRef } from '../../shared/agentEvents';
import type { CliOutput } from './cliContext';
import { printError } from './errorOutput';
import { createInertStream } from './inertText';
import { formatStatsLine } from './statsLine';
import { createPalette, type Palette } from './terminalStyle';
import { createTracer } from './traceLine';

/**
 * The human printer: the answer to stdout as it streams; reasoning dimmed on
 * stderr when that is a terminal; one trace line per tool call on stderr as
 * it finishes; after the answer, one stats line (or the error) on stderr.
 * The answer's line is ended before a tool call, so text, traces and
 * permission prompts never share a line on a terminal, and the text of each
 * model turn starts on its own line. The model's words are made inert
 * (inertText.ts): they can never move the cursor, clear the screen, set the
 * window title or write the clipboard.
 */
export function createTextPrinter(out: { stdout: CliOutput; stderr: CliOutput }, options: { palette?: Palette } = {}): (event: AgentEvent) => void {
  const palette = options.palette ?? createPalette(out.stderr.isTTY === true);
  let model: ModelRef | undefined;
  let endsWithNewline = true;
  let inReasoning = false;
  const text = createInertStream();
  const reasoning = createInertStream();
  const showReasoning = out.stderr.isTTY === true;
  const tracer = createTracer({ palette });
  const endReasoning = () => {
    if (inReasoning) out.stderr.write(`${reasoning.flush()}${palette.close()}\n`);
    inReasoning = false;
  };
  const endLine = () => {
    endReasoning();
    const held = text.flush();
    if (held) out.stdout.write(held);
    if (!endsWithNewline) out.stdout.write('\n');
    endsWithNewline = true;
  };
  return (e) => {
    const trace = tracer.onEvent(e);
    switch (e.type) {
      case 'run-start':
        model = e.model;
        // Fixed file names (projectInstructions.ts), so nothing from a file reaches the terminal here.
        if (e.instructions?.length) out.stderr.write(`${palette.open('dim')}Using ${e.instructions.join(', ')}${palette.close()}\n`);
        break;
      case 'reasoning-delta':
        if (!showReasoning) break;
        if (!inReasoning) out.stderr.write(palette.open('dim'));
        inReasoning = true;
        out.stderr.write(reasoning.push(e.delta));
        break;
      case 'text-delta':
        if (e.delta === '') break;
        endReasoning();
        out.stdout.write(text.push(e.delta));
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
