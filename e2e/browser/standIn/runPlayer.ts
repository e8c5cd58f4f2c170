import type { AgentEvent, ModelRef, PermissionDecision } from '../../../shared/agentEvents';
import type { EventDraft, Step } from './runScripts';

/** One scripted run in flight: its events so far, its pending permission, its abort. */
export interface PlayedRun {
  runId: string;
  conversationId: string;
  prompt: string;
  startedAt: number;
  events: AgentEvent[];
  finished: boolean;
  /** Answers a pending permission; false when that request is not pending. */
  answer(requestId: string, decision: PermissionDecision): boolean;
  abort(): boolean;
  done: Promise<void>;
}

class Aborted extends Error {}

export function playRun(options: {
  runId: string;
  conversationId: string;
  prompt: string;
  model: ModelRef;
  workspace?: string;
  steps: Step[];
  emit(event: AgentEvent): void;
}): PlayedRun {
  const controller = new AbortController();
  const pending = new Map<string, (d: PermissionDecision) => void>();
  let text = '';
  const run: PlayedRun = {
    runId: options.runId,
    conversationId: options.conversationId,
    prompt: options.prompt,
    startedAt: Date.now(),
    events: [],
    finished: false,
    answer(requestId, decision) {
      const resolve = pending.get(requestId);
      if (!resolve) return false;
      pending.delete(requestId);
      resolve(decision);
      return true;
    },
    abort() {
      if (run.finished) return false;
      controller.abort();
      return true;
    },
    done: Promise.resolve(),
  };

  const send = (draft: EventDraft) => {
    const event = { ...draft, runId: options.runId } as AgentEvent;
    if (event.type === 'text-delta') text += event.delta;
    if (event.type === 'run-finish' || event.type === 'run-error' || event.type === 'run-abort') run.finished = true;
    run.events.push(event);
    options.emit(event);
  };

  const wait = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (controller.signal.aborted) return reject(new Aborted());
      const timer = setTimeout(resolve, ms);
      controller.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Aborted());
      }, { once: true });
    });

  const decide = (requestId: string) =>
    new Promise<PermissionDecision>((resolve, reject) => {
      pending.set(requestId, resolve);
      controller.signal.addEventListener('abort', () => {
        pending.delete(requestId);
        reject(new Aborted());
      }, { once: true });
    });

  const play = async (steps: Step[]): Promise<void> => {
    for (const step of steps) {
      if (step.kind === 'emit') {
        await wait(step.delayMs);
        step.events.forEach(send);
      } else if (step.kind === 'hold') {
        await new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Aborted()), { once: true }));
      } else {
        await wait(20);
        send({ type: 'permission-request', requestId: step.requestId, callId: step.callId, tool: step.tool, args: step.args, summary: step.summary, diff: step.diff, program: step.program });
        const decision = await decide(step.requestId);
        send({ type: 'permission-resolved', requestId: step.requestId, callId: step.callId, decision });
        await play(decision === 'deny' ? step.onDeny : step.onAllow);
        return;
      }
    }
  };

  run.done = (async () => {
    send({ type: 'run-start', conversationId: options.conversationId, model: options.model, prompt: options.prompt, workspace: options.workspace, startedAt: run.startedAt });
    try {
      await play(options.steps);
    } catch (e) {
      if (!(e instanceof Aborted)) throw e;
      send({ type: 'run-abort', partialText: text, stats: { durationMs: Date.now() - run.startedAt, turns: 1 } });
    }
  })();
  return run;
}
