import type { AgentContext, ContentBlock, PromptResponse, SessionUpdate } from '@agentclientprotocol/sdk';
import type { AgentEvent, AgentEventOf } from '../../shared/agentEvents';
import type { ParsedModelSpec } from '../../shared/modelSpec';
import { createAgentService, type AgentService } from '../core/agent/agentService';
import type { AgentHistoryPort } from '../core/agent/agentHistoryPort';
import { PunieError } from '../core/errors';
import { createLogger } from '../core/log';
import { checkedModelSpec } from '../core/models/checkedSpec';
import type { ChatModel } from '../core/models/types';
import type { WorkspaceGuard } from '../core/tools/workspaceGuard';
import { requestErrorOf } from './acpErrors';
import { clientFiles } from './clientFiles';
import { clientCommandRunner } from './clientTerminal';
import type { ClientOffers } from './initialize';
import { observedFiles } from './observedFiles';
import { decisionOf, permissionRequest } from './permissionRequest';
import { promptText } from './promptText';
import { RunUpdates } from './runUpdates';
import { sessionTools } from './sessionTools';
import { promptOutcome } from './stopReason';
import type { ObservedRead } from './toolDiff';
import { toolKind } from './toolCallView';
import { UpdateOutbox } from './updateOutbox';
import type { SessionMcp } from './sessionMcp';

/**
 * One ACP session: a Punie conversation driven by an editor. Its id is the
 * conversation's id (created by its first prompt, so a session never
 * prompted leaves nothing in the history). A prompt is one run of the
 * agent through its own agent service, whose events go to the editor as
 * `session/update`s; permission requests go to the editor as
 * `session/request_permission`; cancel stops the run as Stop does in the
 * app (the model request's socket closes, a running command is killed, a
 * pending permission is denied) and the prompt answers `cancelled`.
 */

const log = createLogger('acp:session');

export interface SessionDeps {
  client: AgentContext;
  offers: ClientOffers;
  port: AgentHistoryPort;
  createModel(spec: ParsedModelSpec, signal: AbortSignal): Promise<ChatModel>;
  deniedRoots: readonly string[];
  maxTurns: number;
  /** The environment commands start from (secrets are removed from it) and the variables passed anyway. */
  env: Readonly<Record<string, string | undefined>>;
  passEnv: readonly string[];
  /** The session's MCP servers (Punie's and the editor's), started with the session; undefined when there are none. */
  openMcp(workspace: string, signal: AbortSignal): Promise<SessionMcp | undefined>;
}

export interface SessionInit {
  id: string;
  workspace: string;
  spec: string;
  /** The conversation already exists (a loaded session); else the first prompt creates it under `id`. */
  exists: boolean;
}

interface Turn {
  runId: string | undefined;
  cancelled: boolean;
  /** Aborted when the turn is cancelled or its run ends: a permission still asked for is withdrawn. */
  over: AbortController;
}

export class AcpSession {
  readonly id: string;
  readonly workspace: string;
  spec: string;
  private exists: boolean;
  private readonly service: AgentService;
  private readonly outbox: UpdateOutbox;
  private turn: Turn | undefined;
  /** The call being prepared or run (tools run one at a time), to pair file reads and terminals with it. */
  private currentCall: string | undefined;
  private readonly reads = new Map<string, ObservedRead>();
  private readonly terminals = new Map<string, string>();
  /** Stops the MCP servers' start when the session closes first. */
  private readonly closing = new AbortController();
  private readonly mcp: Promise<SessionMcp | undefined>;

  constructor(
    init: SessionInit,
    private readonly deps: SessionDeps,
  ) {
    this.id = init.id;
    this.workspace = init.workspace;
    this.spec = init.spec;
    this.exists = init.exists;
    this.outbox = new UpdateOutbox((update) => this.send(update));
    const files = (guard: WorkspaceGuard) =>
      observedFiles(clientFiles(deps.client, this.id, deps.offers, guard), (read) => {
        if (this.currentCall !== undefined) this.reads.set(this.currentCall, read);
      });
    const runCommand = deps.offers.terminal ? clientCommandRunner(deps.client, this.id, { onTerminal: (id) => this.showTerminal(id) }) : undefined;
    const port = deps.port;
    const id = this.id;
    this.service = createAgentService({
      port: {
        // The first prompt creates the conversation under the session's id.
        open: (input, signal) => port.open(input.id === undefined ? { ...input, newId: id } : input, signal),
        record: (conversationId, event) => port.record(conversationId, event),
        flush: (conversationId) => port.flush(conversationId),
        ...(port.release ? { release: (conversationId: string) => port.release!(conversationId) } : {}),
        // What a write replaced, kept so a run from the editor can be undone as any other (punie undo, the app).
        ...(port.recordChange ? { recordChange: port.recordChange.bind(port) } : {}),
        ...(port.markTrimmed ? { markTrimmed: (conversationId: string, before: number, signal: AbortSignal) => port.markTrimmed!(conversationId, before, signal) } : {}),
      },
      createModel: deps.createModel,
      settings: () => ({ maxTurns: deps.maxTurns, deniedRoots: deps.deniedRoots, workspace: this.workspace, passEnv: deps.passEnv }),
      env: deps.env,
      registry: sessionTools({ files, ...(runCommand ? { runCommand } : {}) }),
      extraTools: async ({ signal }) => (await this.mcp)?.tools(signal) ?? [],
    });
    this.mcp = deps.openMcp(this.workspace, this.closing.signal).catch((e: unknown) => {
      log.warn('the MCP servers of this session could not start', { error: e instanceof Error ? e.message : String(e) });
      return undefined;
    });
  }

  get busy(): boolean {
    return this.turn !== undefined;
  }

  async prompt(blocks: readonly ContentBlock[]): Promise<PromptResponse> {
    if (this.turn) throw new PunieError('conflict', 'This session is still answering. Wait for it to finish, or cancel it first.');
    const text = promptText(blocks, this.workspace);
    const turn: Turn = { runId: undefined, cancelled: false, over: new AbortController() };
    this.turn = turn;
    const updates = new RunUpdates({
      workspace: this.workspace,
      observedRead: (callId) => this.reads.get(callId),
      terminalOf: (callId) => this.terminals.get(callId),
    });
    const unsubscribe = this.service.subscribe((event) => this.onEvent(event, updates, turn));
    try {
      const started = await this.service.start({
        ...(this.exists ? { conversationId: this.id } : {}),
        prompt: text,
        model: checkedModelSpec(this.spec),
        workspace: this.workspace,
      });
      this.exists = true;
      turn.runId = started.runId;
      if (turn.cancelled) this.service.abort(started.runId);
      const last = await this.service.done(started.runId);
      if (!last) throw new PunieError('internal', 'The run ended without a result.');
      await this.outbox.drained();
      const outcome = promptOutcome(last);
      if ('error' in outcome) throw requestErrorOf(outcome.error);
      return { stopReason: outcome.stopReason };
    } finally {
      turn.over.abort();
      unsubscribe();
      this.turn = undefined;
      this.currentCall = undefined;
      this.reads.clear();
      this.terminals.clear();
    }
  }

  /** Stops the turn in flight, if any; its prompt answers `cancelled`. */
  cancel(): void {
    const turn = this.turn;
    if (!turn) return;
    turn.cancelled = true;
    turn.over.abort();
    if (turn.runId !== undefined) this.service.abort(turn.runId);
  }

  /** Stops what runs and lets the session go (the conversation stays in the history). */
  async close(): Promise<void> {
    this.cancel();
    this.closing.abort();
    await this.service.dispose();
    await Promise.all([this.outbox.drained(), this.mcp.then((mcp) => mcp?.close())]);
  }

  /** Sends updates outside a turn (a loaded conversation's replay), in order; resolves once written. */
  async replay(updates: readonly SessionUpdate[]): Promise<void> {
    for (const update of updates) this.outbox.push(update);
    await this.outbox.drained();
  }

  private onEvent(event: AgentEvent, updates: RunUpdates, turn: Turn): void {
    // The stream's bulk, one event a token: straight to the outbox.
    if (event.type === 'text-delta') return this.outbox.pushText('agent_message_chunk', event.delta);
    if (event.type === 'reasoning-delta') return this.outbox.pushText('agent_thought_chunk', event.delta);
    if (event.type === 'tool-call-ready') this.currentCall = event.callId;
    for (const update of updates.map(event)) this.outbox.push(update);
    if (event.type === 'tool-result' || event.type === 'tool-error') {
      this.reads.delete(event.callId);
      this.terminals.delete(event.callId);
    }
    if (event.type === 'permission-request') void this.askPermission(event, updates, turn);
  }

  private async askPermission(event: AgentEventOf<'permission-request'>, updates: RunUpdates, turn: Turn): Promise<void> {
    this.outbox.flush();
    const view = updates.permissionView(event.callId) ?? { title: event.summary, kind: toolKind(event.tool), locations: [], content: [] };
    let decision: 'once' | 'conversation' | 'deny' = 'deny';
    try {
      const response = await this.deps.client.request('session/request_permission', permissionRequest(this.id, event, view), {
        cancellationSignal: turn.over.signal,
        stopWaitingOnCancel: true,
      });
      decision = decisionOf(response);
    } catch (e) {
      // Withdrawn (the turn was cancelled or ended), the editor failed to answer, or the connection closed: a denial.
      if (!turn.over.signal.aborted) log.warn('the editor did not answer a permission request; denied', { error: e instanceof Error ? e.message : String(e) });
    }
    this.service.answerPermission(event.runId, event.requestId, decision);
  }

  /** A command started in the editor's terminal: shown in its tool call while it runs (and before the terminal is released). */
  private async showTerminal(terminalId: string): Promise<void> {
    const callId = this.currentCall;
    if (callId === undefined) return;
    this.terminals.set(callId, terminalId);
    this.outbox.push({ sessionUpdate: 'tool_call_update', toolCallId: callId, status: 'in_progress', content: [{ type: 'terminal', terminalId }] });
    await this.outbox.drained();
  }

  private async send(update: SessionUpdate): Promise<void> {
    try {
      await this.deps.client.notify('session/update', { sessionId: this.id, update });
    } catch (e) {
      log.debug('an update could not be sent', { error: e instanceof Error ? e.message : String(e) });
    }
  }
}

