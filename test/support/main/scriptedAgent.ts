import type { AgentEvent, PermissionDecision } from '../../../shared/agentEvents';
import { PunieError } from '../../../electron/core/errors';
import type { ActiveRun, AgentPort, Unsubscribe } from '../../../electron/main/services';
import type { InMemoryConversations } from './inMemoryConversations';

/**
 * A stand-in for the agent service: only the `test` model, which streams a
 * canned reply word by word (respecting abort). A prompt starting with
 * `/write` first asks permission to write a file, so permission flows can be
 * driven end to end. Used by tests, the browser host, and the app until the
 * real agent service is composed in.
 */

export const SCRIPTED_REPLY = 'Hello from the Punie test model. It streams a short canned reply, word by word.';

export interface ScriptedAgentOptions {
  conversations: InMemoryConversations;
  /** Pause between words. */
  delayMs?: number;
  reply?: string;
  now?: () => number;
}

interface Run {
  runId: string;
  conversationId: string;
  startedAt: number;
  events: AgentEvent[];
  controller: AbortController;
  permission?: { requestId: string; answer: (d: PermissionDecision) => void };
}

/** Bound on the events kept per run for `active()`. */
const MAX_KEPT_EVENTS = 2_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function createScriptedAgent(options: ScriptedAgentOptions): AgentPort {
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? 15;
  const reply = options.reply ?? SCRIPTED_REPLY;
  const runs = new Map<string, Run>();
  const listeners = new Set<(e: AgentEvent) => void>();
  let counter = 0;

  const emit = (run: Run, event: AgentEvent) => {
    if (run.events.length < MAX_KEPT_EVENTS) run.events.push(event);
    options.conversations.record(event);
    for (const listener of [...listeners]) listener(event);
  };

  const askPermission = (run: Run, path: string): Promise<PermissionDecision> =>
    new Promise((resolve) => {
      const requestId = `${run.runId}-perm`;
      const onAbort = () => resolve('deny');
      run.controller.signal.addEventListener('abort', onAbort, { once: true });
      run.permission = {
        requestId,
        answer: (decision) => {
          run.controller.signal.removeEventListener('abort', onAbort);
          delete run.permission;
          resolve(decision);
        },
      };
      emit(run, {
        type: 'permission-request',
        runId: run.runId,
        requestId,
        callId: 'call-1',
        tool: 'write_file',
        args: { path, content: 'hello\n' },
        summary: `Write ${path}`,
        diff: `--- /dev/null\n+++ ${path}\n@@ -0,0 +1 @@\n+hello\n`,
      });
    });

  const play = async (run: Run, prompt: string) => {
    const { runId } = run;
    const signal = run.controller.signal;
    let text = '';
    try {
      emit(run, { type: 'turn-start', runId, turn: 1 });
      if (prompt.startsWith('/write')) {
        const path = prompt.slice('/write'.length).trim() || 'notes.txt';
        const args = JSON.stringify({ path, content: 'hello\n' });
        emit(run, { type: 'tool-call-start', runId, callId: 'call-1', name: 'write_file' });
        emit(run, { type: 'tool-call-args-delta', runId, callId: 'call-1', delta: args });
        emit(run, { type: 'tool-call-ready', runId, callId: 'call-1', name: 'write_file', args: JSON.parse(args), argsText: args });
        const decision = await askPermission(run, path);
        signal.throwIfAborted();
        emit(run, { type: 'permission-resolved', runId, requestId: `${runId}-perm`, callId: 'call-1', decision });
        if (decision === 'deny') {
          emit(run, {
            type: 'tool-error',
            runId,
            callId: 'call-1',
            name: 'write_file',
            error: { code: 'permission-denied', message: 'The user denied this.' },
            content: 'The user denied writing the file.',
            denied: true,
            durationMs: 0,
          });
        } else {
          emit(run, { type: 'tool-result', runId, callId: 'call-1', name: 'write_file', content: `Wrote ${path}.`, meta: { path, created: true }, durationMs: 1 });
        }
        emit(run, { type: 'turn-start', runId, turn: 2 });
      }
      const words = reply.split(/(?<= )/);
      for (const word of words) {
        await sleep(delayMs, signal);
        text += word;
        emit(run, { type: 'text-delta', runId, delta: word });
      }
      emit(run, { type: 'usage', runId, usage: { inputTokens: prompt.length, outputTokens: words.length, totalTokens: prompt.length + words.length } });
      emit(run, {
        type: 'run-finish',
        runId,
        finishReason: 'stop',
        text,
        stats: { durationMs: now() - run.startedAt, turns: prompt.startsWith('/write') ? 2 : 1, outputTokens: words.length },
      });
    } catch {
      emit(run, { type: 'run-abort', runId, partialText: text, stats: { durationMs: now() - run.startedAt, turns: 1 } });
    } finally {
      runs.delete(runId);
    }
  };

  return {
    async start(input, signal) {
      signal.throwIfAborted();
      if (input.modelSpec !== 'test') {
        throw new PunieError('server-unavailable', 'Local model server not available. Start LM Studio or mlx-lm.server first.', {
          hint: 'Or pick the built-in Test model.',
        });
      }
      const conversation = options.conversations.open(
        input.conversationId === undefined
          ? { title: input.prompt, model: input.modelSpec, ...(input.workspace === undefined ? {} : { workspace: input.workspace }) }
          : { id: input.conversationId, title: input.prompt },
      );
      counter += 1;
      const run: Run = { runId: `run-${counter}`, conversationId: conversation.id, startedAt: now(), events: [], controller: new AbortController() };
      runs.set(run.runId, run);
      emit(run, {
        type: 'run-start',
        runId: run.runId,
        conversationId: conversation.id,
        model: { spec: 'test', provider: 'test', modelId: 'test' },
        prompt: input.prompt,
        startedAt: run.startedAt,
        ...(input.workspace === undefined ? {} : { workspace: input.workspace }),
      });
      void play(run, input.prompt);
      return { runId: run.runId, conversationId: conversation.id };
    },
    abort(runId) {
      const run = runs.get(runId);
      if (!run) return false;
      run.controller.abort();
      return true;
    },
    answerPermission(runId, requestId, decision) {
      const run = runs.get(runId);
      if (!run?.permission || run.permission.requestId !== requestId) return false;
      run.permission.answer(decision);
      return true;
    },
    active(): ActiveRun[] {
      return [...runs.values()].map((r) => ({ runId: r.runId, conversationId: r.conversationId, startedAt: r.startedAt, events: [...r.events] }));
    },
    subscribe(listener): Unsubscribe {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
