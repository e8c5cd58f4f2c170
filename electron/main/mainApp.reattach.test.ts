import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import type { Envelope, RouteOutput } from '../../shared/ipc/routes';
import type { Logger } from '../core/log';
import { createPlainNodeMain, testEngine, type PlainNodeMain } from '../../test/support/main/plainNodeMain';
import type { ActiveRun } from '../core/agent/agentService';
import type { AgentPort, WindowKind } from './services';

/**
 * A reloaded view asks `agent.active` for the runs in flight while the sink
 * may still hold up to one coalescing window of deltas for it. The answer must
 * agree with what the window was sent: everything sent before the answer is
 * in the snapshot, nothing in the snapshot arrives again afterwards.
 */

const ORIGIN = 'http://127.0.0.1:5998';
const quiet: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, child: () => quiet };

/** An agent whose events the test emits by hand. */
function manualAgent() {
  const listeners = new Set<(e: AgentEvent) => void>();
  const events: AgentEvent[] = [];
  const agent: AgentPort = {
    start: () => Promise.reject(new Error('not used')),
    abort: () => false,
    answerPermission: () => false,
    active: (): ActiveRun[] => (events.length ? [{ runId: 'r1', conversationId: 'c1', startedAt: 1, events: [...events] }] : []),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = (event: AgentEvent) => {
    events.push(event);
    for (const l of [...listeners]) l(event);
  };
  return { agent, emit };
}

const start: AgentEvent = {
  type: 'run-start',
  runId: 'r1',
  conversationId: 'c1',
  model: { spec: 'test', provider: 'test', modelId: 'test' },
  prompt: 'hi',
  startedAt: 1,
};
const delta = (d: string): AgentEvent => ({ type: 'text-delta', runId: 'r1', delta: d });
const textOf = (events: readonly AgentEvent[]) => events.map((e) => (e.type === 'text-delta' ? e.delta : '')).join('');

let dir: string;
let main: PlainNodeMain;
let emit: (e: AgentEvent) => void;
let log: { window: WindowKind; kind: 'events' | 'answer'; events: AgentEvent[] }[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-reattach-'));
  const manual = manualAgent();
  emit = manual.emit;
  main = await createPlainNodeMain({
    dataDir: dir,
    trustedOrigins: [ORIGIN],
    log: quiet,
    // The real engine, with the agent swapped for one whose events the test emits.
    composeEngine: async (deps) => ({ ...(await testEngine(dir)(deps)), agent: manual.agent }),
  });
  log = [];
  for (const window of ['main', 'quick'] as const) {
    main.app.attachWindow({
      kind: window,
      send: (channel, payload) => {
        if (channel === 'agent.events') log.push({ window, kind: 'events', events: payload as AgentEvent[] });
      },
    });
  }
  // Only the sinks' coalescing timers are faked: nothing flushes unless the test says so.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(async () => {
  vi.useRealTimers();
  await main.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function active(window: WindowKind): Promise<RouteOutput<'agent.active'>> {
  const answer = (await main.app.handle({ url: `${ORIGIN}/index.html`, topFrame: true, window }, 'agent.active', {})) as Envelope<RouteOutput<'agent.active'>>;
  if (!answer.ok) throw new Error(answer.error.message);
  log.push({ window, kind: 'answer', events: answer.data.runs.flatMap((r) => r.events) });
  return answer.data;
}

describe('agent.active agrees with what the window was sent', () => {
  it('sends the buffered text before answering, and never again after', async () => {
    emit(start);
    emit(delta('He'));
    emit(delta('l'));
    emit(delta('lo'));
    // The first delta went at once; the rest wait in both windows' sinks for their timer.
    expect(textOf(log.filter((l) => l.kind === 'events').flatMap((l) => l.events))).toBe('HeHe');

    const snapshot = await active('main');
    expect(textOf(snapshot.runs[0]!.events)).toBe('Hello');
    const mainLog = log.filter((l) => l.window === 'main');
    const answerAt = mainLog.findIndex((l) => l.kind === 'answer');
    const before = mainLog.slice(0, answerAt).flatMap((l) => l.events);
    // Everything the snapshot holds reached the window before the answer did…
    // (the sink merges adjacent deltas, so compare the other events and the text).
    expect(before.filter((e) => e.type !== 'text-delta')).toEqual([start]);
    expect(textOf(before)).toBe('Hello');

    // …and nothing of it comes again once the timers run.
    vi.advanceTimersByTime(1_000);
    emit(delta(' world'));
    vi.advanceTimersByTime(1_000);
    const after = log.filter((l) => l.window === 'main').slice(answerAt + 1).flatMap((l) => l.events);
    expect(textOf(after)).toBe(' world');
    expect(textOf(before) + textOf(after)).toBe('Hello world');
  });

  it('flushes only the asking window: another window keeps its own coalescing', async () => {
    emit(start);
    emit(delta('a'));
    emit(delta('bc'));
    await active('main');
    const quickBefore = log.filter((l) => l.window === 'quick').flatMap((l) => l.events);
    expect(textOf(quickBefore)).toBe('a');
    vi.advanceTimersByTime(1_000);
    expect(textOf(log.filter((l) => l.window === 'quick').flatMap((l) => l.events))).toBe('abc');
    expect(textOf(log.filter((l) => l.window === 'main' && l.kind === 'events').flatMap((l) => l.events))).toBe('abc');
  });
});
