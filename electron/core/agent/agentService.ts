import { randomUUID } from 'node:crypto';
import type { AgentEvent, ModelRef, PermissionDecision } from '../../../shared/agentEvents';
import { contextStartRunId, runIdOf, type ConversationMessage } from '../../../shared/conversation';
import { branchMessages } from '../../../shared/conversationBranches';
import { modelRef } from '../../../shared/modelRef';
import type { ParsedModelSpec } from '../../../shared/modelSpec';
import { mcpRuleAllows, type McpAllowRule } from '../../../shared/mcp';
import { GATED_TOOLS } from '../../../shared/settings';
import { PunieError, isAbortError, toErrorData } from '../errors';
import { createLogger } from '../log';
import type { ChatModel } from '../models/types';
import { createToolContext } from '../tools/toolContext';
import type { ToolLimits } from '../tools/toolLimits';
import { createToolRegistry, type ToolRegistry } from '../tools/toolRegistry';
import type { Tool, ToolContext } from '../tools/toolTypes';
import type { AgentHistoryPort } from './agentHistoryPort';
import { createPermissionBroker, createPermissionGrants, type PermissionBroker, type PermissionGrants, type PermissionRules } from './permissionBroker';
import { RunEventLog } from './runEventLog';
import { tokensToChars } from './contextBudget';
import { MAX_INSTRUCTION_CHARS, readProjectInstructions, type ProjectInstructions } from './projectInstructions';
import { buildRunMessages } from './runMessages';
import { DEFAULT_MAX_TURNS, runLoop, type TerminalEvent } from './runLoop';
import { titleFromPrompt } from '../../../shared/text';

/**
 * What main and the CLI call to run the agent: starts runs in the
 * background, keeps a registry of the runs in flight (abort, permission
 * answers, their events so far), fans every event out to subscribers and to
 * the agent history (agentHistoryPort.ts).
 */

const log = createLogger('agent');

export interface AgentSettings {
  permissionRules?: PermissionRules;
  /** Rules that pre-allow an MCP server's tools, or one of them. */
  mcpRules?: readonly McpAllowRule[];
  maxTurns?: number;
  /** Folders tools never touch, even inside the workspace (Punie's data folder). */
  deniedRoots?: readonly string[];
  /** The workspace used when a start names none. */
  workspace?: string;
  /** Variables passed to commands although they would be withheld as secrets. */
  passEnv?: readonly string[];
  /** The user's addition to every system prompt (Settings), before the model preset's. */
  systemPrompt?: string;
}

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

export interface ActiveRun {
  runId: string;
  conversationId: string;
  startedAt: number;
  events: AgentEvent[];
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

interface Run {
  runId: string;
  conversationId: string;
  startedAt: number;
  controller: AbortController;
  log: RunEventLog;
  broker?: PermissionBroker;
  finished: Promise<TerminalEvent>;
}

/** Conversations whose "allow for this conversation" answers are remembered; the least recent go first. */
const MAX_REMEMBERED_CONVERSATIONS = 200;
/** Ended runs whose last event `done` can still answer. */
const MAX_ENDED_RUNS = 100;

export function createAgentService(options: AgentServiceOptions): AgentService {
  const { port } = options;
  const now = options.now ?? Date.now;
  const clock = options.clock ?? (() => performance.now());
  const newRunId = options.newRunId ?? (() => `run-${randomUUID()}`);
  const registry = options.registry ?? createToolRegistry();
  const runs = new Map<string, Run>();
  const results = new Map<string, Promise<TerminalEvent>>();
  /** Conversations a start is opening right now (so two starts cannot race into one). */
  const starting = new Set<string>();
  const grants = new Map<string, PermissionGrants>();
  const listeners = new Set<(event: AgentEvent) => void>();
  let listenerList: ReadonlyArray<(event: AgentEvent) => void> = [];

  const grantsFor = (conversationId: string): PermissionGrants => {
    const found = grants.get(conversationId) ?? createPermissionGrants();
    grants.delete(conversationId);
    grants.set(conversationId, found);
    while (grants.size > MAX_REMEMBERED_CONVERSATIONS) {
      const oldest = grants.keys().next().value;
      if (oldest === undefined) break;
      grants.delete(oldest);
    }
    return found;
  };

  const emitFor = (run: Run) => (event: AgentEvent) => {
    run.log.push(event);
    try {
      port.record(run.conversationId, event);
    } catch (e) {
      log.error('the agent history failed to record an event', { error: e instanceof Error ? e.message : String(e) });
    }
    // A copy taken at (un)subscribe, not per event: a listener that (un)subscribes mid-event does not change this event's round.
    for (const listener of listenerList) {
      try {
        listener(event);
      } catch (e) {
        log.error('an agent event listener threw', { type: event.type, error: e instanceof Error ? e.message : String(e) });
      }
    }
  };

  async function execute(
    run: Run,
    input: StartInput,
    history: ConversationMessage[],
    tools: ToolContext | undefined,
    modelMade: Promise<ChatModel>,
  ): Promise<TerminalEvent> {
    const emit = emitFor(run);
    const signal = run.controller.signal;
    const startedClock = clock();
    const settings = options.settings();
    const workspace = tools?.guard.root;
    // The run follows the last run of the history it continues (its branch); contextFrom is set once the history is fitted.
    const parentRunId = lastRunId(run.conversationId, history);
    let contextFrom: string | undefined;
    const runStart = (model: ModelRef, instructions?: ProjectInstructions) =>
      emit({
        type: 'run-start',
        runId: run.runId,
        conversationId: run.conversationId,
        model,
        prompt: input.prompt,
        ...(workspace === undefined ? {} : { workspace }),
        ...(instructions === undefined ? {} : { instructions: instructions.files }),
        startedAt: run.startedAt,
        ...(parentRunId === undefined ? {} : { parentRunId }),
        ...(contextFrom === undefined ? {} : { contextFrom }),
      });

    const toolsMade: Promise<readonly Tool[]> =
      tools && options.extraTools
        ? options.extraTools({ runId: run.runId, conversationId: run.conversationId, ...(workspace === undefined ? {} : { workspace }), signal }).catch((e: unknown) => {
            log.warn('the run goes on without the tools of MCP servers', { error: e instanceof Error ? e.message : String(e) });
            return [];
          })
        : Promise.resolve([]);

    let model: ChatModel;
    try {
      model = await modelMade;
    } catch (e) {
      runStart(modelRef(input.model));
      const durationMs = clock() - startedClock;
      const last: TerminalEvent =
        signal.aborted || isAbortError(e)
          ? { type: 'run-abort', runId: run.runId, partialText: '', stats: { durationMs, turns: 0 } }
          : { type: 'run-error', runId: run.runId, error: toErrorData(e), partialText: '', stats: { durationMs, turns: 0 } };
      emit(last);
      return last;
    }

    const extra = await toolsMade;
    // The project's instructions, at most an eighth of a known context (they sit in every request).
    const instructionChars = model.ref.contextLength ? Math.min(MAX_INSTRUCTION_CHARS, tokensToChars(model.ref.contextLength / 8)) : MAX_INSTRUCTION_CHARS;
    const instructions = tools ? await readProjectInstructions(tools.guard, signal, instructionChars) : undefined;
    const runRegistry = extra.length > 0 ? createToolRegistry([...registry.list(), ...extra]) : registry;
    const specs = tools ? runRegistry.specs() : [];
    const mcpAsking = extra.some((t) => t.mcp !== undefined && !mcpRuleAllows(settings.mcpRules, t.mcp.server, t.mcp.tool));
    const { messages, trimmedBefore } = buildRunMessages({
      ...(workspace === undefined ? {} : { workspace }),
      tools: specs,
      asking: [...GATED_TOOLS.filter((t) => settings.permissionRules?.[t] !== 'allow'), ...(mcpAsking ? ['the tools of MCP servers (named SERVER__TOOL)'] : [])],
      platform: options.platform ?? process.platform,
      today: new Date(now()).toISOString().slice(0, 10),
      history,
      prompt: input.prompt,
      ...(model.ref.contextLength ? { contextLength: model.ref.contextLength } : {}),
      ...(instructions ? { instructions } : {}),
      ...(extraPrompt(settings.systemPrompt, model.preset?.systemPrompt)),
    });
    // The first run the model was sent; this run itself when every earlier one was left out.
    if (trimmedBefore !== undefined && trimmedBefore > 0) contextFrom = contextStartRunId(run.conversationId, history, trimmedBefore) ?? run.runId;
    if (trimmedBefore !== undefined && port.markTrimmed) {
      await port.markTrimmed(run.conversationId, trimmedBefore, signal).catch((e: unknown) => {
        log.warn('could not mark where history was trimmed', { error: e instanceof Error ? e.message : String(e) });
      });
    }

    runStart(model.ref, instructions);
    run.broker = createPermissionBroker({
      runId: run.runId,
      rules: settings.permissionRules ?? {},
      ...(settings.mcpRules ? { mcpRules: settings.mcpRules } : {}),
      grants: grantsFor(run.conversationId),
      emit,
    });
    return runLoop({
      runId: run.runId,
      model,
      messages,
      ...(tools ? { tools: { registry: runRegistry, context: tools } } : {}),
      broker: run.broker,
      emit,
      signal,
      maxTurns: settings.maxTurns ?? DEFAULT_MAX_TURNS,
      clock,
      startedAt: startedClock,
    });
  }

  /** The run leaves the registry at its last event; `done` answers once its conversation is flushed too. */
  const finish = async (run: Run) => {
    runs.delete(run.runId);
    await port.flush(run.conversationId).catch((e: unknown) => {
      log.error('the conversation could not be saved', { error: e instanceof Error ? e.message : String(e) });
    });
  };

  const remember = (runId: string, finished: Promise<TerminalEvent>) => {
    results.set(runId, finished);
    for (const id of results.keys()) {
      if (results.size <= MAX_ENDED_RUNS + runs.size) break;
      if (!runs.has(id)) results.delete(id);
    }
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
    runs.set(run.runId, run);
    remember(run.runId, run.finished);
    // What the run's writes replace is kept with the run, so it can be undone.
    if (tools && port.recordChange) {
      const keep = port.recordChange.bind(port);
      tools.recordChange = (change) => keep(run.conversationId, run.runId, change);
    }
    // Begin after the caller has its ids (it may want to note the run before any event).
    setImmediate(() => {
      execute(run, input, history, tools, modelMade)
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
      const continuing = input.conversationId;
      if (continuing !== undefined && (starting.has(continuing) || [...runs.values()].some((r) => r.conversationId === continuing))) {
        throw new PunieError('conflict', 'This conversation is still answering. Stop it or wait for it to finish first.');
      }
      if (continuing !== undefined) starting.add(continuing);
      try {
        return await begin(input, signal);
      } finally {
        if (continuing !== undefined) starting.delete(continuing);
      }
    },

    abort(runId) {
      const run = runs.get(runId);
      if (!run || run.controller.signal.aborted) return false;
      run.controller.abort(new PunieError('aborted', 'Stopped.'));
      return true;
    },

    answerPermission(runId, requestId, decision) {
      return runs.get(runId)?.broker?.answer(requestId, decision) ?? false;
    },

    active() {
      return [...runs.values()].map((r) => ({ runId: r.runId, conversationId: r.conversationId, startedAt: r.startedAt, events: r.log.snapshot() }));
    },

    subscribe(listener) {
      listeners.add(listener);
      listenerList = [...listeners];
      return () => {
        listeners.delete(listener);
        listenerList = [...listeners];
      };
    },

    async done(runId) {
      return results.get(runId);
    },

    async dispose() {
      for (const run of runs.values()) run.controller.abort(new PunieError('aborted', 'Stopped.'));
      await Promise.all(results.values());
    },
  };
}

/** The user's own system prompt additions: Settings' first, then the model preset's. */
function extraPrompt(fromSettings: string | undefined, fromPreset: string | undefined): { extraSystemPrompt?: string } {
  const parts = [fromSettings, fromPreset].map((p) => p?.trim()).filter((p): p is string => Boolean(p));
  return parts.length > 0 ? { extraSystemPrompt: parts.join('\n\n') } : {};
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

/** The run the last prompt of a history started (what a new run follows). */
function lastRunId(conversationId: string, history: readonly ConversationMessage[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i]!;
    if (m.role === 'user') return runIdOf(conversationId, m);
  }
  return undefined;
}
