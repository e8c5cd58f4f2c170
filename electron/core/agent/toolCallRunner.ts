import type { AgentEvent, ToolMeta } from '../../../shared/agentEvents';
import { PunieError, isAbortError } from '../errors';
import { createLogger } from '../log';
import type { ToolCall } from '../models/types';
import { parseToolArgs } from '../tools/toolArgs';
import { ToolFailure } from '../tools/toolFailure';
import type { ToolRegistry } from '../tools/toolRegistry';
import type { ToolContext, ToolProgress } from '../tools/toolTypes';
import { cutToolResult } from './contextBudget';
import type { PermissionBroker } from './permissionBroker';
import { failureKey } from './repeatedFailures';

/**
 * Runs one tool call of the model: parses and checks its arguments,
 * prepares it, asks permission when the tool is gated, runs it, and emits
 * `tool-result` or `tool-error`. Anything wrong with the call goes back to
 * the model as a tool error it can correct; nothing here throws.
 */

const log = createLogger('agent:tools');

export const DENIED_CONTENT =
  'Permission denied by the user. Nothing was changed or run. Do not repeat this call; tell the user what you wanted to do, or continue another way.';
export const ABORTED_CONTENT = 'Stopped by the user.';

export interface ToolCallDeps {
  runId: string;
  /** Undefined when no workspace is open: every call is then refused. */
  tools: { registry: ToolRegistry; context: ToolContext } | undefined;
  broker: PermissionBroker;
  emit(event: AgentEvent): void;
  signal: AbortSignal;
  clock: () => number;
  /** A tool result longer than this is cut (it would crowd the model's context). */
  maxResultChars?: number;
}

export type CallOutcome =
  | { ok: true; content: string; successKeys: string[] }
  | { ok: false; content: string; error: PunieError; denied: boolean; failureKey?: string };

export async function runToolCall(call: ToolCall, deps: ToolCallDeps): Promise<CallOutcome> {
  const { runId, emit } = deps;
  let spent = 0; // time spent preparing and running, not waiting for the user
  let since = deps.clock();
  const elapsed = () => spent + (deps.clock() - since);

  const fail = (error: PunieError, options: { key?: string; denied?: boolean; content?: string; meta?: ToolMeta } = {}): CallOutcome => {
    const content = options.content ?? `Error: ${error.message}`;
    emit({
      type: 'tool-error',
      runId,
      callId: call.id,
      name: call.name,
      error: error.toData(),
      content,
      ...(options.meta ? { meta: options.meta } : {}),
      ...(options.denied ? { denied: true } : {}),
      durationMs: elapsed(),
    });
    return { ok: false, content, error, denied: options.denied ?? false, ...(options.key ? { failureKey: options.key } : {}) };
  };

  if (!deps.tools) {
    return fail(new PunieError('invalid-tool-call', 'No workspace folder is open, so tools cannot be used. Answer without them.'), {
      key: failureKey('unknown-tool', call.name),
    });
  }
  const { registry, context } = deps.tools;
  if (!registry.get(call.name)) {
    const error = new PunieError('invalid-tool-call', `There is no tool named "${call.name}". The tools are: ${registry.names().join(', ')}.`);
    return fail(error, { key: failureKey('unknown-tool', call.name) });
  }
  const parsed = parseToolArgs(call.argsText);
  if (!parsed.ok) return fail(new PunieError('invalid-tool-call', parsed.message), { key: failureKey('malformed', call.name) });

  let prepared: Awaited<ReturnType<ToolRegistry['prepare']>>;
  try {
    prepared = await registry.prepare(call.name, parsed.value, context);
  } catch (e) {
    if (deps.signal.aborted) return fail(new PunieError('aborted', ABORTED_CONTENT), { content: ABORTED_CONTENT });
    const error = asPunieError(e, call.name);
    const kind = error.code === 'invalid-tool-call' ? 'malformed' : 'failed';
    return fail(error, { key: failureKey(kind, call.name, parsed.value) });
  }

  if (prepared.call.needsPermission ?? prepared.tool.needsPermission) {
    spent += deps.clock() - since;
    const decision = await deps.broker.request(
      {
        callId: call.id,
        tool: call.name,
        args: parsed.value,
        summary: prepared.call.preview.summary,
        ...(prepared.call.preview.diff === undefined ? {} : { diff: prepared.call.preview.diff }),
        ...(prepared.call.preview.program === undefined ? {} : { program: prepared.call.preview.program }),
        ...(prepared.call.preview.mcp === undefined ? {} : { mcp: prepared.call.preview.mcp }),
        ...(prepared.call.preview.notUndoable === undefined ? {} : { notUndoable: prepared.call.preview.notUndoable }),
      },
      deps.signal,
    );
    since = deps.clock();
    if (deps.signal.aborted) return fail(new PunieError('aborted', ABORTED_CONTENT), { content: ABORTED_CONTENT });
    if (decision === 'deny') {
      return fail(new PunieError('permission-denied', `Permission denied: ${prepared.call.preview.summary}.`), { denied: true, content: DENIED_CONTENT });
    }
  }

  const progress = progressEmitter(call.id, deps);
  try {
    const outcome = await prepared.call.run({ progress: progress.report });
    const meta: ToolMeta | undefined = outcome.meta ? { ...outcome.meta } : undefined;
    let content = outcome.content;
    if (deps.maxResultChars !== undefined && content.length > deps.maxResultChars) {
      content = cutToolResult(content, deps.maxResultChars);
      if (meta) meta.truncated = true;
    }
    emit({ type: 'tool-result', runId, callId: call.id, name: call.name, content, ...(meta ? { meta } : {}), durationMs: elapsed() });
    return { ok: true, content, successKeys: [failureKey('malformed', call.name), failureKey('failed', call.name, parsed.value)] };
  } catch (e) {
    if (deps.signal.aborted || isAbortError(e)) {
      const meta = e instanceof ToolFailure ? e.meta : undefined;
      return fail(new PunieError('aborted', ABORTED_CONTENT), { content: e instanceof ToolFailure && e.modelContent ? e.modelContent : ABORTED_CONTENT, ...(meta ? { meta } : {}) });
    }
    const error = asPunieError(e, call.name);
    const content = e instanceof ToolFailure && e.modelContent ? `${e.modelContent}\nError: ${error.message}` : undefined;
    const meta = e instanceof ToolFailure ? e.meta : undefined;
    return fail(error, { key: failureKey('failed', call.name, parsed.value), ...(content ? { content } : {}), ...(meta ? { meta } : {}) });
  } finally {
    progress.close();
  }
}

/** Progress reaches the faces at most every PROGRESS_INTERVAL_MS per call (the latest wins), never after the call ends. */
const PROGRESS_INTERVAL_MS = 100;

function progressEmitter(callId: string, deps: Pick<ToolCallDeps, 'runId' | 'emit' | 'clock'>) {
  let last = -Infinity;
  let waiting: ToolProgress | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const send = (p: ToolProgress) => {
    last = deps.clock();
    deps.emit({ type: 'tool-progress', runId: deps.runId, callId, progress: p.progress, ...(p.total === undefined ? {} : { total: p.total }), ...(p.message === undefined ? {} : { message: p.message }) });
  };
  return {
    report(p: ToolProgress) {
      if (closed || !Number.isFinite(p.progress)) return;
      const wait = last + PROGRESS_INTERVAL_MS - deps.clock();
      if (wait <= 0) return send(p);
      waiting = p;
      timer ??= setTimeout(() => {
        timer = undefined;
        if (!closed && waiting) send(waiting);
        waiting = undefined;
      }, wait);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}

function asPunieError(e: unknown, tool: string): PunieError {
  if (e instanceof PunieError) return e;
  log.warn('tool threw an unexpected error', { tool, error: e instanceof Error ? e.message : String(e) });
  return new PunieError('tool-failed', `${tool} failed unexpectedly${e instanceof Error && e.message ? `: ${e.message}` : ''}.`);
}
