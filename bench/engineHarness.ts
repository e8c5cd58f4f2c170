import type { ParsedModelSpec } from '../shared/modelSpec';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTerminalEvent, type AgentEvent } from '../shared/agentEvents';
import { createAgentService, type AgentService } from '../electron/core/agent/agentService';
import type { AgentHistoryPort } from '../electron/core/agent/agentHistoryPort';
import { createMemoryAgentHistory } from '../electron/core/agent/memoryAgentHistory';
import { createModel } from '../electron/core/models/createModel';
import type { ChatModel } from '../electron/core/models/types';
import { createKeySource } from '../electron/core/models/keySource';
import { createStatusResolveLocal } from '../electron/core/servers/statusResolveLocal';
import { createStatusWatcher, type StatusWatcher } from '../electron/core/servers/statusWatcher';
import { createEventSink } from '../electron/main/eventSink';
import { checkedModelSpec } from '../electron/core/models/checkedSpec';

/**
 * The engine as the app runs it, for the benchmarks: createModel (the
 * OpenAI-compatible provider, `local:` resolved the app's way: from the
 * status watcher's fresh status, probing only when it cannot say) → the
 * agent service and its loop (a temporary workspace, so the tools and the
 * tool-call text filter are on) → AgentEvents → the renderer's event sink
 * → each flush serialised to JSON, as IPC would carry it. One run at a
 * time. Conversations are kept in memory (the disk is not what is measured),
 * each run's in a fresh port that is let go when the next run starts, as the
 * app's store writes a conversation to disk and lets it go: a port keeping
 * every run's 20,000-token answer would grow the heap the garbage collector
 * walks, run after run, and slow every later run (the SDK's too).
 */

export interface EngineHarnessOptions {
  /** The local endpoints discovery watches (as the app's settings list them), re-probed every 2 s as with a window showing. */
  endpoints?: readonly string[];
  /** Makes the model instead of createModel (the replay model that measures the engine's own work). */
  createModel?: (spec: ParsedModelSpec, signal: AbortSignal) => Promise<ChatModel>;
}

export interface EngineRunTimings {
  runId: string;
  /** performance.now() just before `agent.start`. */
  startedAt: number;
  /** When a subscriber of the agent service saw the first text delta. */
  firstEventAt?: number;
  /** When the sink flushed the first text delta (after serialising it). */
  firstFlushAt?: number;
  /** When the sink flushed the run's last event. */
  endedAt: number;
  /** Text characters that reached the sink's flushes. */
  textChars: number;
  /** Text-delta events the agent service emitted. */
  textEvents: number;
  flushes: number;
  /** Bytes of JSON the flushes came to. */
  bytes: number;
  end: 'run-finish' | 'run-error' | 'run-abort';
  /** The run's error message, for a benchmark that must say why it cannot run. */
  error?: string;
}

export interface RunHooks {
  /** Called as each text delta leaves the agent service (count starts at 1). */
  onTextDelta?(runId: string, count: number): void;
  /** The run is aborted after this long (default 2 minutes), so a stuck engine cannot hang a benchmark. */
  timeoutMs?: number;
}

const RUN_TIMEOUT_MS = 120_000;

export interface EngineHarness {
  readonly service: AgentService;
  /** Runs one prompt to its last event and reports when each stage saw it. */
  run(modelSpec: string, prompt: string, hooks?: RunHooks): Promise<EngineRunTimings>;
  close(): Promise<void>;
}

interface RunState {
  timings: Omit<EngineRunTimings, 'runId' | 'endedAt' | 'end'> & { runId?: string };
  hooks: RunHooks;
  finished: (end: EngineRunTimings['end'], at: number, error?: string) => void;
}

export async function createEngineHarness(options: EngineHarnessOptions = {}): Promise<EngineHarness> {
  const endpoints = [...(options.endpoints ?? [])];
  const workspace = await mkdtemp(join(tmpdir(), 'punie-bench-workspace-'));
  // Discovery as composeEngine wires it: the watcher, and `local:` answered from its status.
  const watcher: StatusWatcher = createStatusWatcher({ endpoints, visible: true });
  await watcher.status(AbortSignal.timeout(10_000));
  const resolveLocal = createStatusResolveLocal({ current: () => watcher.current() });
  let conversations = createMemoryAgentHistory();
  const port: AgentHistoryPort = {
    open: (input, signal) => conversations.open(input, signal),
    record: (id, event) => conversations.record(id, event),
    flush: (id) => conversations.flush(id),
    markTrimmed: (id, before, signal) => conversations.markTrimmed(id, before, signal),
  };
  const service = createAgentService({
    port,
    createModel: options.createModel ?? ((spec, signal) => createModel(spec, { env: {}, keys: createKeySource({}), endpoints, resolveLocal }, signal)),
    settings: () => ({ workspace }),
  });
  let current: RunState | undefined;

  const sink = createEventSink({
    send: (events: AgentEvent[]) => {
      const json = JSON.stringify(events);
      const at = performance.now();
      const run = current;
      if (!run) return;
      run.timings.flushes++;
      run.timings.bytes += json.length;
      for (const e of events) {
        if (e.runId !== run.timings.runId) continue;
        if (e.type === 'text-delta') {
          run.timings.textChars += e.delta.length;
          run.timings.firstFlushAt ??= at;
        } else if (isTerminalEvent(e)) {
          run.finished(e.type, at, e.type === 'run-error' ? e.error.message : undefined);
        }
      }
    },
  });
  // The harness's own work per event stays small (one check; the clock read once a run), so the figures are the engine's.
  const unsubscribe = service.subscribe((event) => {
    const run = current;
    const mine = run !== undefined && event.type === 'text-delta' && event.runId === run.timings.runId;
    if (mine && run.timings.textEvents++ === 0) run.timings.firstEventAt = performance.now();
    sink.push(event);
    if (mine) run.hooks.onTextDelta?.(event.runId, run.timings.textEvents);
  });

  return {
    service,
    async run(modelSpec, prompt, hooks = {}) {
      if (current) throw new Error('the engine harness runs one prompt at a time');
      let settle: (t: EngineRunTimings) => void = () => undefined;
      const ended = new Promise<EngineRunTimings>((resolve) => (settle = resolve));
      const startedAt = performance.now();
      const state: RunState = {
        timings: { startedAt, textChars: 0, textEvents: 0, flushes: 0, bytes: 0 },
        hooks,
        finished: (end, at, error) => {
          const { runId = '', ...rest } = state.timings;
          settle({ ...rest, runId, endedAt: at, end, ...(error === undefined ? {} : { error }) });
        },
      };
      current = state;
      conversations = createMemoryAgentHistory();
      try {
        const { runId } = await service.start({ prompt, model: checkedModelSpec(modelSpec) });
        // Events begin after start answers (the service defers the run), so the id is known in time.
        state.timings.runId = runId;
        const timer = setTimeout(() => service.abort(runId), hooks.timeoutMs ?? RUN_TIMEOUT_MS);
        try {
          const timings = await ended;
          await service.done(runId);
          return timings;
        } finally {
          clearTimeout(timer);
        }
      } finally {
        current = undefined;
      }
    },
    async close() {
      watcher.dispose();
      unsubscribe();
      sink.dispose();
      await service.dispose();
      await rm(workspace, { recursive: true, force: true });
    },
  };
}
