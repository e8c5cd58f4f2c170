import type { AgentEvent, ModelRef } from '../../../shared/agentEvents';
import { contextStartRunId, runIdOf, type AssistantMessage, type Conversation, type ConversationMessage, type ToolMessage, type UserMessage } from '../../../shared/conversation';
import { modelRefOf } from '../../../shared/modelRef';
import { applyEvents } from '../../../shared/runReducer';
import type { RunView } from '../../../shared/runView';

/**
 * A stored conversation told again as the AgentEvents its runs emitted: the
 * inverse of runRecorder.ts. Each prompt is a `run-start` (with the runId,
 * model, workspace and parent it recorded), each answer a `turn-start` with
 * its reasoning, text and tool calls, each tool message a `tool-result` or
 * `tool-error`, and the last answer's status the run's end: complete →
 * `run-finish`, error → `run-error`, aborted or cut short by a crash →
 * `run-abort`. Fed to the one reducer (shared/runReducer.ts), they give the
 * runs a face shows, the same runs it built live (runReplay.test.ts proves it).
 *
 * What history does not keep is not invented: permission answers, usage,
 * progress and trace notices are live only; a run recorded without stats has none.
 */
export function conversationEvents(conversation: StoredConversation): AgentEvent[] {
  return replayConversation(conversation).events;
}

type StoredConversation = Pick<Conversation, 'id' | 'model' | 'messages' | 'trimmedBefore'>;

/**
 * `only`: the runs to tell (the others are passed over, their order and
 * parents kept: a run's parent is the same as in the whole replay).
 * `total`: how many runs the conversation has.
 */
function replayConversation(conversation: StoredConversation, only?: ReadonlySet<string>): { events: AgentEvent[]; withoutStats: Set<string>; total: number } {
  let total = 0;
  const events: AgentEvent[] = [];
  const withoutStats = new Set<string>();
  const messages = conversation.messages;
  // Older logs have no contextFrom on prompts: their last trim marker names the run the context began at.
  const legacyContextFrom = contextStartRunId(conversation.id, messages, conversation.trimmedBefore);
  const lastPrompt = findLastPrompt(messages);
  let previousRunId: string | undefined;

  for (let i = 0; i < messages.length; ) {
    const first = messages[i]!;
    if (first.role !== 'user') {
      // Answers before any prompt (a damaged log): shown under an empty prompt, as they were.
      const end = nextPrompt(messages, i);
      const runId = `stored:${conversation.id}:${first.id}`;
      total++;
      if (only && !only.has(runId)) {
        previousRunId = runId;
        i = end;
        continue;
      }
      replayRun(events, withoutStats, { role: 'user', id: first.id, content: '', createdAt: first.createdAt, runId }, messages.slice(i, end), conversation, previousRunId, undefined);
      previousRunId = runId;
      i = end;
      continue;
    }
    const end = nextPrompt(messages, i + 1);
    total++;
    if (only && !only.has(runIdOf(conversation.id, first))) {
      previousRunId = runIdOf(conversation.id, first);
      i = end;
      continue;
    }
    // A prompt that recorded its run-start (modelRef) recorded contextFrom too when there was one.
    const contextFrom = first.contextFrom ?? (first === lastPrompt && first.modelRef === undefined ? legacyContextFrom : undefined);
    replayRun(events, withoutStats, first, messages.slice(i + 1, end), conversation, previousRunId, contextFrom);
    previousRunId = runIdOf(conversation.id, first);
    i = end;
  }
  return { events, withoutStats, total };
}

/** The conversation's runs (every branch), oldest first, built by the one reducer from its replayed events. */
export function conversationRuns(conversation: StoredConversation): RunView[] {
  return conversationRunsOf(conversation).runs;
}

/**
 * Some of a conversation's runs (`only`; all without it), each exactly as
 * conversationRuns builds it, and how many runs it has: a window's first
 * answer for a long conversation replays just the runs it shows.
 */
export function conversationRunsOf(conversation: StoredConversation, only?: ReadonlySet<string>): { runs: RunView[]; total: number } {
  const { events, withoutStats, total } = replayConversation(conversation, only);
  // A replay has no clock of its own: the time of a running call is not history (it is cleared when the run ends).
  const byId = applyEvents({}, events, 0);
  const order = events.filter((e) => e.type === 'run-start').map((e) => e.runId);
  const runs = [...new Set(order)].flatMap((runId) => {
    const run = byId[runId];
    if (!run) return [];
    const stored: RunView = { ...run, live: false };
    if (withoutStats.has(runId)) delete stored.stats;
    return [stored];
  });
  return { runs, total };
}

function replayRun(
  events: AgentEvent[],
  withoutStats: Set<string>,
  prompt: UserMessage,
  answers: readonly ConversationMessage[],
  conversation: Pick<Conversation, 'id' | 'model'>,
  previousRunId: string | undefined,
  contextFrom: string | undefined,
): void {
  const runId = runIdOf(conversation.id, prompt);
  // null: it follows no run; absent (older history): the run before it in the log.
  const parentRunId = prompt.parentRunId === null ? undefined : (prompt.parentRunId ?? previousRunId);
  const workspace = prompt.workspace;
  events.push({
    type: 'run-start',
    runId,
    conversationId: conversation.id,
    model: prompt.modelRef ?? storedModel(answers, conversation.model),
    prompt: prompt.content,
    ...(workspace === undefined ? {} : { workspace }),
    startedAt: prompt.createdAt,
    ...(parentRunId === undefined ? {} : { parentRunId }),
    ...(contextFrom === undefined ? {} : { contextFrom }),
    ...(prompt.baseTokens === undefined ? {} : { baseTokens: prompt.baseTokens }),
    ...(prompt.instructions?.length ? { instructions: prompt.instructions } : {}),
  });

  let turn = 0;
  let last: AssistantMessage | undefined;
  for (const m of answers) {
    if (m.role === 'assistant') {
      turn = m.turn !== undefined && m.turn > turn ? m.turn : turn + 1;
      last = m;
      events.push({ type: 'turn-start', runId, turn });
      if (m.reasoning) events.push({ type: 'reasoning-delta', runId, delta: m.reasoning });
      if (m.content) events.push({ type: 'text-delta', runId, delta: m.content });
      for (const c of m.toolCalls ?? []) {
        events.push({ type: 'tool-call-start', runId, callId: c.id, name: c.name });
        if (c.argsText) events.push({ type: 'tool-call-args-delta', runId, callId: c.id, delta: c.argsText });
        events.push({ type: 'tool-call-ready', runId, callId: c.id, name: c.name, args: parseArgs(c.argsText), argsText: c.argsText });
      }
    } else if (m.role === 'tool') {
      events.push(toolOutcome(runId, m));
    }
  }
  if (!last?.stats) withoutStats.add(runId);
  events.push(runEnd(runId, last));
}

function toolOutcome(runId: string, m: ToolMessage): AgentEvent {
  const common = { runId, callId: m.toolCallId, name: m.name, content: m.content, durationMs: m.durationMs ?? 0, ...(m.meta === undefined ? {} : { meta: m.meta }) };
  if (!m.isError) return { type: 'tool-result', ...common };
  // Older history kept only what the model saw: the error is rebuilt from it.
  const error = m.error ?? { code: m.denied ? ('permission-denied' as const) : ('tool-failed' as const), message: m.content };
  return { type: 'tool-error', ...common, error, ...(m.denied ? { denied: true } : {}) };
}

function runEnd(runId: string, last: AssistantMessage | undefined): AgentEvent {
  const text = last?.content ?? '';
  const stats = last?.stats;
  switch (last?.status) {
    case 'complete':
      return { type: 'run-finish', runId, finishReason: last.finishReason ?? 'stop', text, stats: stats ?? { durationMs: 0, turns: 0 } };
    case 'error':
      return { type: 'run-error', runId, error: last.error ?? { code: 'internal', message: 'The answer ended with an error.' }, partialText: text, ...(stats ? { stats } : {}) };
    default:
      // Aborted, or cut short (a crash, or a run still going elsewhere): what was kept, ended.
      return { type: 'run-abort', runId, partialText: text, ...(stats ? { stats } : {}) };
  }
}

function storedModel(answers: readonly ConversationMessage[], conversationModel: string | undefined): ModelRef {
  for (const m of answers) if (m.role === 'assistant' && m.model) return modelRefOf(m.model);
  return modelRefOf(conversationModel ?? 'local:');
}

function nextPrompt(messages: readonly ConversationMessage[], from: number): number {
  let i = from;
  while (i < messages.length && messages[i]!.role !== 'user') i++;
  return i;
}

function findLastPrompt(messages: readonly ConversationMessage[]): UserMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'user') return m;
  }
  return undefined;
}

function parseArgs(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
