import type { AgentEvent, AgentEventOf } from './agentEvents';
import { isToolFinal, type RunPart, type RunView, type ToolCallView } from './runView';

/**
 * The agent-event reducer: a pure function from (view, event) to the next
 * view, one run at a time. Events for a run never started (no `run-start`
 * seen) are ignored: the store reattaches through `agent.active` instead.
 * `now` is the face's clock, used only for the live timer of a running tool.
 */
export function reduceRun(run: RunView | undefined, event: AgentEvent, now: number): RunView | undefined {
  if (event.type === 'run-start') {
    if (run) return run; // a repeated run-start (a reattach) never resets a run
    return {
      runId: event.runId,
      conversationId: event.conversationId,
      prompt: event.prompt,
      model: event.model,
      ...(event.workspace === undefined ? {} : { workspace: event.workspace }),
      ...(event.parentRunId === undefined ? {} : { parentRunId: event.parentRunId }),
      ...(event.contextFrom === undefined ? {} : { contextFrom: event.contextFrom }),
      ...(event.baseTokens === undefined ? {} : { baseTokens: event.baseTokens }),
      ...(event.instructions?.length ? { instructions: event.instructions } : {}),
      startedAt: event.startedAt,
      status: 'running',
      turn: 1,
      parts: [],
      tools: {},
      toolOrder: [],
      live: true,
    };
  }
  if (!run) return undefined;
  // After the last event nothing changes a run (late or repeated deltas are dropped).
  if (run.status !== 'running') return run;

  switch (event.type) {
    case 'turn-start':
      return { ...run, turn: event.turn };
    case 'text-delta':
      return event.delta ? { ...run, parts: appendText(run.parts, 'text', event.delta) } : run;
    case 'reasoning-delta':
      return event.delta ? { ...run, parts: appendText(run.parts, 'reasoning', event.delta) } : run;
    case 'tool-call-start': {
      if (run.tools[event.callId]) return run;
      const withCall = addCall(run, event.callId, event.name);
      return withCall;
    }
    case 'tool-call-args-delta': {
      const base = run.tools[event.callId] ? run : addCall(run, event.callId, '');
      const call = base.tools[event.callId]!;
      if (call.status !== 'streaming') return base;
      return withTool(base, { ...call, argsText: call.argsText + event.delta });
    }
    case 'tool-call-ready': {
      const base = run.tools[event.callId] ? run : addCall(run, event.callId, event.name);
      const call = base.tools[event.callId]!;
      if (call.status !== 'streaming') return base;
      return promote(withTool(base, { ...call, name: event.name, argsText: event.argsText, args: event.args, status: 'queued' }), now);
    }
    case 'permission-request':
      return onPermissionRequest(run, event);
    case 'permission-resolved':
      return onPermissionResolved(run, event, now);
    case 'tool-progress': {
      const call = run.tools[event.callId];
      if (!call || isToolFinal(call)) return run;
      return withTool(run, { ...call, progress: { progress: event.progress, total: event.total, message: event.message } });
    }
    case 'tool-result': {
      const base = run.tools[event.callId] ? run : addCall(run, event.callId, event.name);
      const call = base.tools[event.callId]!;
      return promote(
        withTool(base, { ...call, status: 'done', content: event.content, meta: event.meta, durationMs: event.durationMs, runningSince: undefined }),
        now,
      );
    }
    case 'tool-error': {
      const base = run.tools[event.callId] ? run : addCall(run, event.callId, event.name);
      const call = base.tools[event.callId]!;
      const denied = event.denied === true || event.error.code === 'permission-denied';
      return promote(
        withTool(base, {
          ...call,
          status: denied ? 'denied' : 'failed',
          content: event.content,
          error: event.error,
          meta: event.meta,
          durationMs: event.durationMs,
          runningSince: undefined,
        }),
        now,
      );
    }
    case 'usage':
      return { ...run, usage: event.usage };
    case 'notice':
      return { ...run, parts: [...run.parts, { kind: 'notice', key: `notice-${run.parts.length}`, text: event.message }] };
    case 'run-finish':
      return finish(withFinalText(run, event.text), { status: 'finished', stats: event.stats, finishReason: event.finishReason });
    case 'run-error':
      return finish(withFinalText(run, event.partialText), { status: 'error', error: event.error, stats: event.stats });
    case 'run-abort':
      return finish(withFinalText(run, event.partialText), { status: 'aborted', stats: event.stats });
  }
}

/** Applies a batch to a map of runs; returns the same map when nothing changed. */
export function applyEvents(runs: Readonly<Record<string, RunView>>, batch: readonly AgentEvent[], now: number): Record<string, RunView> {
  let next: Record<string, RunView> | undefined;
  for (const event of batch) {
    const current = (next ?? runs)[event.runId];
    const updated = reduceRun(current, event, now);
    if (updated === current || !updated) continue;
    next ??= { ...runs };
    next[event.runId] = updated;
  }
  return next ?? (runs as Record<string, RunView>);
}

function appendText(parts: RunPart[], kind: 'text' | 'reasoning', delta: string): RunPart[] {
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) {
    const copy = parts.slice();
    copy[copy.length - 1] = { ...last, text: last.text + delta };
    return copy;
  }
  return [...parts, { kind, key: `${kind}-${parts.length}`, text: delta }];
}

function addCall(run: RunView, callId: string, name: string): RunView {
  const call: ToolCallView = { callId, name, argsText: '', status: 'streaming', turn: run.turn };
  return {
    ...run,
    parts: [...run.parts, { kind: 'tool', key: `tool-${callId}`, callId }],
    tools: { ...run.tools, [callId]: call },
    toolOrder: [...run.toolOrder, callId],
  };
}

function withTool(run: RunView, call: ToolCallView): RunView {
  return { ...run, tools: { ...run.tools, [call.callId]: call } };
}

/** Calls run one at a time, in order: the first queued call runs when nothing else is running or waiting. */
function promote(run: RunView, now: number): RunView {
  let firstQueued: ToolCallView | undefined;
  for (const id of run.toolOrder) {
    const t = run.tools[id]!;
    if (t.status === 'running' || t.status === 'waiting-permission') return run;
    if (t.status === 'queued' && !firstQueued) firstQueued = t;
  }
  return firstQueued ? withTool(run, { ...firstQueued, status: 'running', runningSince: now }) : run;
}

function onPermissionRequest(run: RunView, event: AgentEventOf<'permission-request'>): RunView {
  const base = run.tools[event.callId] ? run : addCall(run, event.callId, event.tool);
  const call = base.tools[event.callId]!;
  if (isToolFinal(call)) return base;
  return withTool(base, {
    ...call,
    status: 'waiting-permission',
    runningSince: undefined,
    permission: { requestId: event.requestId, summary: event.summary, args: event.args, diff: event.diff, program: event.program, mcp: event.mcp, notUndoable: event.notUndoable },
  });
}

function onPermissionResolved(run: RunView, event: AgentEventOf<'permission-resolved'>, now: number): RunView {
  const call = run.tools[event.callId];
  if (!call || isToolFinal(call)) return run;
  const permission = { ...(call.permission ?? { requestId: event.requestId, summary: call.name, args: {} }), decision: event.decision, automatic: event.automatic };
  if (event.decision === 'deny') return promote(withTool(run, { ...call, permission, status: 'denied', runningSince: undefined }), now);
  return withTool(run, { ...call, permission, status: 'running', runningSince: now });
}

/** The terminal event's text is authoritative when the stream was missed (a reattach without deltas). */
function withFinalText(run: RunView, text: string): RunView {
  if (!text || run.parts.some((p) => p.kind === 'text' || p.kind === 'tool')) return run;
  return { ...run, parts: [...run.parts, { kind: 'text', key: `text-${run.parts.length}`, text }] };
}

function finish(run: RunView, end: Pick<RunView, 'status'> & Partial<Pick<RunView, 'stats' | 'finishReason' | 'error'>>): RunView {
  let tools = run.tools;
  for (const id of run.toolOrder) {
    const t = tools[id]!;
    if (isToolFinal(t)) continue;
    if (tools === run.tools) tools = { ...run.tools };
    tools[id] = { ...t, status: 'stopped', runningSince: undefined };
  }
  return { ...run, ...end, tools };
}
