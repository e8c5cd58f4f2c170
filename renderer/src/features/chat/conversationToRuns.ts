import type { ModelRef } from '../../../../shared/agentEvents';
import type { AssistantMessage, ConversationMessage } from '../../../../shared/conversation';
import { parseModelSpec } from '../../../../shared/modelSpec';
import type { RunStatus, RunView, ToolCallView } from './runView';

/**
 * A stored conversation as the same views live runs use, one per user
 * message, so the conversation view renders history and live runs alike.
 */
export function conversationToRuns(conversationId: string, messages: readonly ConversationMessage[], fallbackModel = 'local:'): RunView[] {
  const runs: RunView[] = [];
  let run: RunView | undefined;

  const open = (id: string, prompt: string, at: number, runId?: string): RunView => {
    const fresh: RunView = {
      // The run's own id when the store kept it (so the live run and its stored copy are one row), else one from the message.
      runId: runId ?? `stored:${id}`,
      conversationId,
      prompt,
      model: modelRefOf(fallbackModel),
      startedAt: at,
      status: 'finished',
      turn: 0,
      parts: [],
      tools: {},
      toolOrder: [],
      live: false,
    };
    runs.push(fresh);
    return fresh;
  };

  for (const m of messages) {
    if (m.role === 'user') {
      run = open(m.id, m.content, m.createdAt, m.runId);
      continue;
    }
    run ??= open(m.id, '', m.createdAt);
    if (m.role === 'assistant') addAssistant(run, m);
    else addToolResult(run, m);
  }
  return runs;
}

function addAssistant(run: RunView, m: AssistantMessage): void {
  run.turn += 1;
  if (m.model) run.model = modelRefOf(m.model);
  if (m.reasoning) run.parts.push({ kind: 'reasoning', key: `reasoning-${m.id}`, text: m.reasoning });
  if (m.content) run.parts.push({ kind: 'text', key: `text-${m.id}`, text: m.content });
  for (const c of m.toolCalls ?? []) {
    const call: ToolCallView = { callId: c.id, name: c.name, argsText: c.argsText, args: parseArgs(c.argsText), status: 'stopped', turn: run.turn };
    run.tools[c.id] = call;
    run.toolOrder.push(c.id);
    run.parts.push({ kind: 'tool', key: `tool-${c.id}`, callId: c.id });
  }
  run.status = statusOf(m.status);
  if (m.stats) run.stats = m.stats;
  if (m.finishReason) run.finishReason = m.finishReason;
  run.error = m.status === 'error' ? (m.error ?? { code: 'internal', message: 'The answer ended with an error.' }) : undefined;
}

function addToolResult(run: RunView, m: Extract<ConversationMessage, { role: 'tool' }>): void {
  const existing = run.tools[m.toolCallId];
  const call: ToolCallView = existing ?? { callId: m.toolCallId, name: m.name, argsText: '', status: 'stopped', turn: run.turn };
  if (!existing) {
    run.toolOrder.push(m.toolCallId);
    run.parts.push({ kind: 'tool', key: `tool-${m.toolCallId}`, callId: m.toolCallId });
  }
  run.tools[m.toolCallId] = {
    ...call,
    status: m.denied ? 'denied' : m.isError ? 'failed' : 'done',
    content: m.content,
    meta: m.meta,
    durationMs: m.durationMs,
  };
}

function statusOf(status: AssistantMessage['status']): RunStatus {
  switch (status) {
    case 'error':
      return 'error';
    case 'aborted':
    case 'partial':
      return 'aborted';
    default:
      return 'finished';
  }
}

function parseArgs(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The run above which the "earlier messages were left out" marker goes: the
 * first run whose prompt is at or after `trimmedBefore` (the index of the
 * first message the model was sent last time). Undefined when nothing was
 * trimmed or no stored prompt is past the cut.
 */
export function contextStartRunId(messages: readonly ConversationMessage[], trimmedBefore: number | undefined): string | undefined {
  if (trimmedBefore === undefined || trimmedBefore <= 0) return undefined;
  for (let i = trimmedBefore; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role === 'user') return m.runId ?? `stored:${m.id}`;
  }
  return undefined;
}

/** A display-only ModelRef for a stored spec. */
export function modelRefOf(spec: string): ModelRef {
  // A conversation names the same few models in every message: each is parsed once.
  let ref = modelRefs.get(spec);
  if (!ref) {
    if (modelRefs.size >= MAX_MODEL_REFS) modelRefs.clear();
    ref = Object.freeze(parseModelRef(spec));
    modelRefs.set(spec, ref);
  }
  return ref;
}

const MAX_MODEL_REFS = 200;
const modelRefs = new Map<string, ModelRef>();

function parseModelRef(spec: string): ModelRef {
  const parsed = parseModelSpec(spec);
  if (!parsed.ok) return { spec, provider: 'local', modelId: spec };
  const s = parsed.spec;
  switch (s.provider) {
    case 'test':
      return { spec, provider: 'test', modelId: 'test' };
    case 'local':
      return { spec, provider: 'local', modelId: s.model ?? '', baseURL: s.baseURL };
    case 'ollama':
      return { spec, provider: 'ollama', modelId: s.model, baseURL: s.baseURL };
    default:
      return { spec, provider: s.provider, modelId: s.model };
  }
}

/**
 * Stored history plus the live runs of the same conversation, oldest first.
 * The store records a live run as it happens, under the same runId: the live
 * view (which knows more, such as permission answers) replaces its stored copy.
 */
export function mergeRuns(stored: readonly RunView[], live: readonly RunView[]): RunView[] {
  if (live.length === 0) return [...stored];
  const liveIds = new Set(live.map((l) => l.runId));
  return [...stored.filter((s) => !liveIds.has(s.runId)), ...live].sort((a, b) => a.startedAt - b.startedAt);
}
