import { randomUUID } from 'node:crypto';
import type { AgentEvent, PermissionDecision } from '../../../shared/agentEvents';
import type { ConversationMessage } from '../../../shared/conversation';
import { branchMessages } from '../../../shared/conversationBranches';
import { modelRef } from '../../../shared/modelRef';
import type { ParsedModelSpec } from '../../../shared/modelSpec';
import { titleFromPrompt } from '../../../shared/text';
import { PunieError, toErrorData } from '../errors';
import { createLogger } from '../log';
import type { ChatModel } from '../models/types';
import { createToolContext } from '../tools/toolContext';
import type { ToolLimits } from '../tools/toolLimits';
import { createToolRegistry, type ToolRegistry } from '../tools/toolRegistry';
import type { Tool, ToolContext } from '../tools/toolTypes';
import type { AgentHistoryPort } from './agentHistoryPort';
import { createEventFanOut } from './eventFanOut';
import { createGrantCache } from './grantCache';
import { RunEventLog } from './runEventLog';
import { executeRun, lastRunId, type AgentSettings } from './runExecution';
import type { TerminalEvent } from './runLoop';
import { createRunRegistry, type ActiveRun, type Run } from './runRegistry';

export type { AgentSettings } from './runExecution';
export type { ActiveRun } from './runRegistry';

/**
 * What main and the CLI call to run the agent: opens the conversation (and
 * its workspace) and starts the run in the background. The parts live
 * apart: the runs in flight and ended (runRegistry.ts), one run's execution
 * (runExecution.ts), "allow for this conversation" answers (grantCache.ts),
 * and the events to every subscriber (eventFanOut.ts); every event also goes
 * to the agent history (agentHistoryPort.ts).
 */

const log = createLogger('agent');

export interface StartInput {
  /** Continue this conversation; omitted: a new one. */
  conversationId?: string;
  prompt: string;
  /** Parsed where it entered (checkedSpec.ts); never parsed again. */
  model: ParsedModelSpec;
  workspace?: string;
  /**
   * The run this one follows: continuing that branch, or starting a new one
   * beside the runs that already follow it (an edited prompt, a regenerated
   * answer). null: from the very start. Omitted: after the latest run.
   */
  parentRunId?: string | null;
}

export interface AgentService {
  /** Opens the conversation and starts the run in the background; answers its ids at once. */
  start(input: StartInput, signal?: AbortSignal): Promise<{ runId: string; conversationId: string }>;
  /** False when no such run is in flight. */
  abort(runId: string): boolean;
  /** False when no such request is pending. */
  answerPermission(runId: string, requestId: string, decision: PermissionDecision): boolean;
  /** Runs in flight with their events so far (bounded). */
  active(): ActiveRun[];
  /** Every event of every run, in order. Subscribe before start to see a run's first event. */
  subscribe(listener: (event: AgentEvent) => void): () => void;
  /** The run's last event, once it ended and its conversation was flushed; undefined for an unknown run. */
  done(runId: string): Promise<TerminalEvent | undefined>;
  /** Aborts every run and waits for them to end (quit). */
  dispose(): Promise<void>;
}

export interface AgentServiceOptions {
  port: AgentHistoryPort;
  createModel(spec: ParsedModelSpec, signal: AbortSignal): Promise<ChatModel>;
  /** Read at every start, so changes apply to the next run. */
  settings(): AgentSettings;
  registry?: ToolRegistry;
  /**
   * Tools added to the registry for one run (the tools of the MCP servers
   * connected now), asked for when the run starts, while its model is made.
   * A failure here runs without them.
   */
  extraTools?(run: { runId: string; conversationId: string; workspace?: string; signal: AbortSignal }): Promise<readonly Tool[]>;
  toolLimits?: Partial<ToolLimits>;
  /** The environment commands start from; default this process's. Secrets are removed from it (childEnv). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Wall clock for timestamps; default Date.now. */
  now?: () => number;
  /** Monotonic clock for durations; default performance.now. */
  clock?: () => number;
  newRunId?: () => string;
  platform?: NodeJS.Platform;
  maxEventsPerRun?: number;
}

export function createAgentService(options: AgentServiceOptions): AgentService {
  const { port } = options;
  const now = options.now ?? Date.now;
  const clock = options.clock ?? (() => performance.now());
  const newRunId = options.newRunId ?? (() => `run-${randomUUID()}`);
  const registry = options.registry ?? createToolRegistry();
  const runs = createRunRegistry();
  const grants = createGrantCache();
  const fanOut = createEventFanOut();

  const emitFor = (run: Run) => (event: AgentEvent) => {
    run.log.push(event);
    try {
      port.record(run.conversationId, event);
    } catch (e) {
      log.error('the agent history failed to record an event', { error: e instanceof Error ? e.message : String(e) });
    }
    fanOut.emit(event);
  };

  /** The run leaves the registry at its last event; `done` answers once its conversation is flushed too. */
  const finish = async (run: Run) => {
    runs.remove(run.runId);
    await port.flush(run.conversationId).catch((e: unknown) => {
      log.error('the conversation could not be saved', { error: e instanceof Error ? e.message : String(e) });
    });
  };

  async function begin(input: StartInput, signal: AbortSignal): Promise<{ runId: string; conversationId: string }> {
    const settings = options.settings();
    const controller = new AbortController();
    // The model is made while the workspace and the conversation open, so what it waits on (a probe,
    // when `local:` needs one) overlaps them; its failure is the run's to report (execute).
    const modelMade = (async () => options.createModel(input.model, controller.signal))();
    modelMade.catch(() => undefined);
    let tools: ToolContext | undefined;
    let opened: { id: string; messages: ConversationMessage[]; workspace?: string; currentRunId?: string };
    const toolsIn = (workspace: string) =>
      createToolContext({
        workspace,
        ...(settings.deniedRoots ? { deniedRoots: settings.deniedRoots } : {}),
        signal: controller.signal,
        ...(options.toolLimits ? { limits: options.toolLimits } : {}),
        ...(options.env ? { env: options.env } : {}),
        ...(settings.passEnv ? { passEnv: settings.passEnv } : {}),
      });
    let openedId: string | undefined;
    try {
      if (input.conversationId !== undefined) {
        // A conversation keeps the folder it started in: its tools act there, never in whatever folder is current now.
        opened = await port.open({ id: input.conversationId, title: titleFromPrompt(input.prompt), model: input.model.text }, signal);
        openedId = opened.id;
        tools = opened.workspace === undefined ? undefined : await recordedWorkspace(opened.workspace, toolsIn);
      } else {
        const workspaceDir = input.workspace ?? settings.workspace;
        tools = workspaceDir ? await toolsIn(workspaceDir) : undefined;
        opened = await port.open(
          {
            title: titleFromPrompt(input.prompt),
            model: input.model.text,
            ...(tools ? { workspace: tools.guard.root } : {}),
          },
          signal,
        );
        openedId = opened.id;
      }
      signal.throwIfAborted();
    } catch (e) {
      // No run: stop making its model, and let go of the conversation it opened.
      controller.abort();
      if (openedId !== undefined) await port.release?.(openedId);
      throw e;
    }

    // The branch the run continues: the messages of the runs from the first to its parent (default: the branch in view).
    const history = branchMessages(opened.id, opened.messages, input.parentRunId !== undefined ? input.parentRunId : opened.currentRunId);
    if (typeof input.parentRunId === 'string' && lastRunId(opened.id, history) !== input.parentRunId) {
      controller.abort();
      await port.release?.(opened.id);
      throw new PunieError('not-found', 'That message is not in this conversation.', { hint: 'List its messages with punie history ID.' });
    }

    let settle: (last: TerminalEvent) => void = () => undefined;
    const run: Run = {
      runId: newRunId(),
      conversationId: opened.id,
      startedAt: now(),
      controller,
      log: new RunEventLog(options.maxEventsPerRun),
      finished: new Promise<TerminalEvent>((resolve) => {
        settle = resolve;
      }),
    };
    runs.add(run);
    // What the run's writes replace is kept with the run, so it can be undone.
    if (tools && port.recordChange) {
      const keep = port.recordChange.bind(port);
      tools.recordChange = (change) => keep(run.conversationId, run.runId, change);
    }
    // Begin after the caller has its ids (it may want to note the run before any event).
    setImmediate(() => {
      executeRun(
        { settings: options.settings, registry, ...(options.extraTools ? { extraTools: options.extraTools } : {}), port, platform: options.platform ?? process.platform, now, clock },
        { run, input, history, tools, modelMade, emit: emitFor(run), grants: grants.forConversation(run.conversationId) },
      )
        .catch((e: unknown): TerminalEvent => {
          log.error('a run failed outside its loop', { error: e instanceof Error ? e.message : String(e) });
          const emit = emitFor(run);
          if (run.log.snapshot().length === 0) {
            const parentRunId = lastRunId(run.conversationId, history);
            emit({
              type: 'run-start',
              runId: run.runId,
              conversationId: run.conversationId,
              model: modelRef(input.model),
              prompt: input.prompt,
              startedAt: run.startedAt,
              ...(parentRunId === undefined ? {} : { parentRunId }),
            });
          }
          const last: TerminalEvent = { type: 'run-error', runId: run.runId, error: toErrorData(e), partialText: '' };
          emit(last);
          return last;
        })
        .then(async (last) => {
          await finish(run);
          settle(last);
        });
    });
    return { runId: run.runId, conversationId: run.conversationId };
  }

  return {
    async start(input, signal = new AbortController().signal) {
      signal.throwIfAborted();
      if (input.prompt.trim() === '') throw new PunieError('invalid-input', 'The prompt is empty.');
      // A conversation being continued is held while it opens, so two starts cannot race into it.
      const release = input.conversationId === undefined ? undefined : runs.claim(input.conversationId);
      try {
        return await begin(input, signal);
      } finally {
        release?.();
      }
    },

    abort: (runId) => runs.abort(runId),

    answerPermission(runId, requestId, decision) {
      return runs.get(runId)?.broker?.answer(requestId, decision) ?? false;
    },

    active: () => runs.active(),

    subscribe: (listener) => fanOut.subscribe(listener),

    done: (runId) => runs.done(runId),

    dispose: () => runs.abortAll(),
  };
}

/**
 * The tools of a continued conversation, in the folder it recorded. The
 * recorded path is the folder's real path when the conversation started, so
 * a folder that is gone, or that now leads elsewhere (replaced by a link),
 * is refused rather than followed.
 */
async function recordedWorkspace(recorded: string, toolsIn: (workspace: string) => Promise<ToolContext>): Promise<ToolContext> {
  const missing = (why: string, cause?: unknown) =>
    new PunieError('workspace-missing', `This conversation works in ${recorded}, which ${why}.`, {
      hint: 'Pick the folder again (where it is now), or start a new conversation.',
      ...(cause === undefined ? {} : { cause }),
    });
  let tools: ToolContext;
  try {
    tools = await toolsIn(recorded);
  } catch (e) {
    if (e instanceof PunieError && e.code === 'not-found') throw missing('no longer exists or is not a folder', e);
    throw e;
  }
  if (tools.guard.root !== recorded) throw missing(`now leads to ${tools.guard.root}`);
  return tools;
}
