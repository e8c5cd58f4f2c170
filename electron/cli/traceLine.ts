import { quote } from 'shell-quote';
import type { AgentEvent, AgentEventOf } from '../../shared/agentEvents';
import { clipText as clip, oneLine } from '../../shared/text';
import { inertLine } from './inertText';
import { NO_COLOR_PALETTE, type Palette } from './terminalStyle';

/**
 * One line per tool call for stderr, as it finishes: the tool, its
 * arguments in short, the result or the error, and how long it took.
 *
 *   ✓ read_file notes.txt → 2 lines (3 ms)
 *   ✗ write_file notes.txt → denied by the user (0 ms)
 *
 * What the model, a file or a command wrote is made inert (inertText.ts).
 */

export type ToolOutcomeEvent = AgentEventOf<'tool-result' | 'tool-error'>;

export interface TraceOptions {
  /** Punie's colours (off by default). */
  palette?: Palette;
}

const ARGS_CHARS = 80;
const OUTCOME_CHARS = 100;

export function formatTraceLine(call: { name: string; args: unknown; argsText?: string }, outcome: ToolOutcomeEvent, options: TraceOptions = {}): string {
  const palette = options.palette ?? NO_COLOR_PALETTE;
  const ok = outcome.type === 'tool-result';
  const mark = ok ? palette.paint('green', '✓') : palette.paint('red', '✗');
  const args = inertLine(shortArgs(call.name, call.args, call.argsText));
  const notStopped = outcome.meta?.notStopped;
  const left = notStopped ? `; ${palette.paint('red', `not stopped: ${notStopped.pids.length > 0 ? `pid ${notStopped.pids.join(', ')}` : 'processes that left its group may still run'}`)}` : '';
  const result = inertLine(ok ? shortResult(outcome) : shortError(outcome)).replace(left ? /\.$/ : /$^/, '') + left;
  return `${mark} ${inertLine(call.name)}${args ? ` ${args}` : ''} → ${result} ${palette.paint('dim', `(${formatDuration(outcome.durationMs)})`)}`;
}

/** Feeds on a run's events; returns a trace line when a tool call finishes. */
export function createTracer(options: TraceOptions = {}): { onEvent(event: AgentEvent): string | undefined } {
  const calls = new Map<string, { name: string; args: unknown; argsText: string }>();
  return {
    onEvent(event) {
      if (event.type === 'tool-call-ready') {
        calls.set(event.callId, { name: event.name, args: event.args, argsText: event.argsText });
        return undefined;
      }
      if (event.type === 'tool-result' || event.type === 'tool-error') {
        const call = calls.get(event.callId) ?? { name: event.name, args: undefined, argsText: '' };
        calls.delete(event.callId);
        return formatTraceLine(call, event, options);
      }
      if (event.type === 'run-finish' || event.type === 'run-error' || event.type === 'run-abort') calls.clear();
      return undefined;
    },
  };
}

export function shortArgs(name: string, args: unknown, argsText = ''): string {
  if (!args || typeof args !== 'object' || Array.isArray(args)) return clip(oneLine(argsText), ARGS_CHARS);
  const a = args as Record<string, unknown>;
  const str = (key: string) => (typeof a[key] === 'string' ? (a[key] as string) : undefined);
  let text: string;
  switch (name) {
    case 'read_file': {
      const from = a.offset === undefined ? '' : `:${String(a.offset)}`;
      text = `${str('path') ?? '?'}${from}`;
      break;
    }
    case 'list_files':
      text = [str('path') ?? '.', str('glob')].filter(Boolean).join(' ');
      break;
    case 'search_files':
      text = [`/${str('pattern') ?? ''}/`, str('path') ? `in ${str('path')}` : '', str('glob') ?? ''].filter(Boolean).join(' ');
      break;
    case 'write_file':
    case 'edit_file':
      text = str('path') ?? '?';
      break;
    case 'run_command': {
      const extra = Array.isArray(a.args) ? a.args.filter((x): x is string => typeof x === 'string') : [];
      const line = extra.length > 0 ? quote([str('command') ?? '', ...extra]) : (str('command') ?? '');
      text = `${line}${str('cwd') ? ` (in ${str('cwd')})` : ''}`;
      break;
    }
    default:
      text = argsText || JSON.stringify(args);
  }
  return clip(oneLine(text), ARGS_CHARS);
}

function shortResult(e: AgentEventOf<'tool-result'>): string {
  const m = e.meta ?? {};
  const cut = m.truncated ? ', cut' : '';
  switch (e.name) {
    case 'read_file':
      if (m.lines !== undefined) return `${count(m.lines, 'line')}${cut}`;
      break;
    case 'list_files':
      if (m.files !== undefined) return `${count(m.files, 'file')}${cut}`;
      break;
    case 'search_files':
      if (m.matches !== undefined) return `${count(m.matches, 'match', 'matches')} in ${count(m.files ?? 0, 'file')}${cut}`;
      break;
    case 'write_file':
    case 'edit_file': {
      const verb = m.created ? 'created' : e.name === 'edit_file' ? 'edited' : 'written';
      return m.diff ? `${verb} ${diffCounts(m.diff)}` : verb;
    }
    case 'run_command':
      if (m.exitCode !== undefined && m.exitCode !== null) return `exit ${m.exitCode}${cut}`;
      if (m.signal) return `killed by ${m.signal}${cut}`;
      break;
  }
  return clip(oneLine(e.content), OUTCOME_CHARS);
}

function shortError(e: AgentEventOf<'tool-error'>): string {
  if (e.denied) return 'denied by the user';
  return clip(`${e.error.code}: ${oneLine(e.error.message)}`, OUTCOME_CHARS);
}

function diffCounts(diff: string): string {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++')) added++;
    else if (line.startsWith('-') && !line.startsWith('---')) removed++;
  }
  return `(+${added} -${removed})`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

