import { agentEventSchema, type AgentEvent, type AgentEventOf, type PermissionDecision } from '../../../shared/agentEvents';
import type { ChatMessage } from '../../../electron/core/models/types';
import type { ModelPreset } from '../../../shared/modelPreset';
import type { ToolLimits } from '../../../electron/core/tools/toolLimits';
import { createToolRegistry } from '../../../electron/core/tools/toolRegistry';
import type { TempWorkspace } from './tempWorkspace';
import { createPermissionBroker, createPermissionGrants, type PermissionRules } from '../../../electron/core/agent/permissionBroker';
import { runLoop, type TerminalEvent } from '../../../electron/core/agent/runLoop';
import { createScriptedModel, type ScriptedModel, type ScriptedTurn } from './scriptedModel';

/**
 * Test helper: runs the loop against a scripted model in a temp workspace,
 * answering permission requests with `decide`, and checks every event
 * against the shared schema and the ordering guarantees of agentEvents.ts.
 */

export interface LoopRun {
  events: AgentEvent[];
  last: TerminalEvent;
  model: ScriptedModel;
  of<T extends AgentEvent['type']>(type: T): AgentEventOf<T>[];
}

export interface LoopOptions {
  prompt?: string;
  decide?: (request: AgentEventOf<'permission-request'>, controller: AbortController) => PermissionDecision | undefined;
  rules?: PermissionRules;
  limits?: Partial<ToolLimits>;
  maxTurns?: number;
  controller?: AbortController;
  onEvent?: (event: AgentEvent, controller: AbortController) => void;
  contextLength?: number;
  /** The model's preset (its reply cap is what the loop reads). */
  preset?: ModelPreset;
  noTools?: boolean;
  /** The run's monotonic clock in ms (default performance.now); read once at the start. */
  clock?: () => number;
}

export async function runScripted(ws: TempWorkspace, turns: readonly ScriptedTurn[], options: LoopOptions = {}): Promise<LoopRun> {
  const controller = options.controller ?? new AbortController();
  const events: AgentEvent[] = [];
  const model = createScriptedModel(turns, {
    ...(options.contextLength ? { ref: { contextLength: options.contextLength } } : {}),
    ...(options.preset ? { preset: options.preset } : {}),
  });
  const context = await ws.context({ signal: controller.signal, ...(options.limits ? { limits: options.limits } : {}) });
  const broker = createPermissionBroker({
    runId: 'run-1',
    rules: options.rules ?? {},
    grants: createPermissionGrants(),
    emit: (e) => emit(e),
  });
  const emit = (event: AgentEvent) => {
    agentEventSchema.parse(event);
    events.push(event);
    options.onEvent?.(event, controller);
    if (event.type === 'permission-request' && options.decide) {
      const decision = options.decide(event, controller);
      if (decision) setImmediate(() => broker.answer(event.requestId, decision));
    }
  };
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are a test.' },
    { role: 'user', content: options.prompt ?? 'Do the thing.' },
  ];
  emit({ type: 'run-start', runId: 'run-1', conversationId: 'c-1', model: model.ref, prompt: options.prompt ?? 'Do the thing.', startedAt: Date.now() });
  const last = await runLoop({
    runId: 'run-1',
    model,
    messages,
    ...(options.noTools ? {} : { tools: { registry: createToolRegistry(), context } }),
    broker,
    emit,
    signal: controller.signal,
    ...(options.maxTurns ? { maxTurns: options.maxTurns } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  assertOrdering(events);
  return { events, last, model, of: (type) => events.filter((e) => e.type === type) as never };
}

/** The ordering guarantees of shared/agentEvents.ts. */
export function assertOrdering(events: readonly AgentEvent[]): void {
  const fail = (why: string) => {
    throw new Error(`event order: ${why}\n${events.map((e) => e.type).join(' ')}`);
  };
  if (events[0]?.type !== 'run-start') fail('run-start is not first');
  const terminals = events.filter((e) => e.type === 'run-finish' || e.type === 'run-error' || e.type === 'run-abort');
  if (terminals.length !== 1 || events[events.length - 1] !== terminals[0]) fail('not exactly one terminal event, last');
  const state = new Map<string, 'started' | 'ready' | 'asked' | 'done'>();
  for (const e of events) {
    if (e.type === 'tool-call-start') {
      if (state.has(e.callId)) fail(`${e.callId} started twice`);
      state.set(e.callId, 'started');
    } else if (e.type === 'tool-call-args-delta') {
      if (state.get(e.callId) !== 'started') fail(`args delta for ${e.callId} outside its call`);
    } else if (e.type === 'tool-call-ready') {
      if (state.get(e.callId) !== 'started') fail(`${e.callId} ready before start`);
      state.set(e.callId, 'ready');
    } else if (e.type === 'permission-request') {
      if (state.get(e.callId) !== 'ready') fail(`permission for ${e.callId} before ready`);
      state.set(e.callId, 'asked');
    } else if (e.type === 'tool-result' || e.type === 'tool-error') {
      const s = state.get(e.callId);
      if (s !== 'ready' && s !== 'asked') fail(`result for ${e.callId} in state ${s}`);
      state.set(e.callId, 'done');
    }
  }
}
