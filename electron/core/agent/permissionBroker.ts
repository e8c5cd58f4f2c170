import { randomUUID } from 'node:crypto';
import type { AgentEvent, PermissionDecision } from '../../../shared/agentEvents';
import { mcpRuleAllows, type McpAllowRule, type McpCallInfo } from '../../../shared/mcp';
import type { Settings } from '../../../shared/settings';

/**
 * Asks before a gated tool runs. A request waits for the user's answer
 * (allow once, allow for this conversation, deny); an abort answers deny.
 * "For this conversation" is remembered per tool and, for run_command, per
 * program. Rules from settings can pre-approve a tool, and an MCP server or
 * one of its tools (by the server's name and the tool's own name; an MCP
 * tool's name never matches a built-in's rule). Nothing is approved
 * silently by default.
 *
 * Events: a request the user must answer emits `permission-request`, then
 * `permission-resolved` when answered. A request answered by a rule or an
 * earlier "for this conversation" emits only `permission-resolved` with
 * `automatic: true`, so faces never prompt for it.
 */

export type PermissionRules = Partial<Settings['permissionRules']>;

/** What "allow for this conversation" remembered; one per conversation, kept by the agent service. */
export interface PermissionGrants {
  tools: Set<string>;
  /** run_command grants, by program (see permissionProgram). */
  programs: Set<string>;
}

export function createPermissionGrants(): PermissionGrants {
  return { tools: new Set(), programs: new Set() };
}

export interface PermissionAsk {
  callId: string;
  tool: string;
  /** The full arguments, never truncated. */
  args: Record<string, unknown>;
  summary: string;
  diff?: string;
  /** For run_command: what a "conversation" answer remembers. */
  program?: string;
  /** For a tool of an MCP server: rules may pre-allow its server or the tool. */
  mcp?: McpCallInfo;
  /** Why the change could not be undone afterwards. */
  notUndoable?: string;
}

export interface PermissionBroker {
  /** Resolves with the decision; never rejects. An aborted signal answers deny. */
  request(ask: PermissionAsk, signal: AbortSignal): Promise<PermissionDecision>;
  /** Answers a pending request; false when it is not pending (answered already, unknown). */
  answer(requestId: string, decision: PermissionDecision): boolean;
  /** The request waiting for an answer, if any. */
  pending(): string | undefined;
}

export interface PermissionBrokerOptions {
  runId: string;
  rules?: PermissionRules;
  /** Rules that pre-allow an MCP server's tools (all of a server's, or one). */
  mcpRules?: readonly McpAllowRule[];
  grants: PermissionGrants;
  emit(event: AgentEvent): void;
  newId?: () => string;
}

export function createPermissionBroker(options: PermissionBrokerOptions): PermissionBroker {
  const { runId, grants, emit } = options;
  const newId = options.newId ?? (() => `perm-${randomUUID()}`);
  let waiting: { requestId: string; settle: (d: PermissionDecision) => void } | undefined;
  // One permission at a time: a second request waits until the first is answered.
  let queue: Promise<unknown> = Promise.resolve();

  /** How a request is already answered: by a rule (once), by an earlier "for this conversation", or not. */
  const preapproved = (ask: PermissionAsk): PermissionDecision | undefined => {
    if (ask.mcp ? mcpRuleAllows(options.mcpRules, ask.mcp.server, ask.mcp.tool) : options.rules?.[ask.tool as keyof PermissionRules] === 'allow') return 'once';
    const granted = ask.tool === 'run_command' ? ask.program !== undefined && grants.programs.has(ask.program) : grants.tools.has(ask.tool);
    return granted ? 'conversation' : undefined;
  };

  const remember = (ask: PermissionAsk) => {
    if (ask.tool === 'run_command') {
      if (ask.program !== undefined) grants.programs.add(ask.program);
    } else {
      grants.tools.add(ask.tool);
    }
  };

  const ask = (request: PermissionAsk, signal: AbortSignal): Promise<PermissionDecision> => {
    const requestId = newId();
    const resolved = (decision: PermissionDecision, automatic?: boolean) =>
      emit({ type: 'permission-resolved', runId, requestId, callId: request.callId, decision, ...(automatic ? { automatic } : {}) });

    if (signal.aborted) {
      resolved('deny');
      return Promise.resolve('deny');
    }
    const automatic = preapproved(request);
    if (automatic) {
      resolved(automatic, true);
      return Promise.resolve(automatic);
    }
    return new Promise<PermissionDecision>((resolve) => {
      const settle = (decision: PermissionDecision) => {
        if (waiting?.requestId !== requestId) return;
        waiting = undefined;
        signal.removeEventListener('abort', onAbort);
        if (decision === 'conversation') remember(request);
        resolved(decision);
        resolve(decision);
      };
      const onAbort = () => settle('deny');
      waiting = { requestId, settle };
      signal.addEventListener('abort', onAbort, { once: true });
      emit({
        type: 'permission-request',
        runId,
        requestId,
        callId: request.callId,
        tool: request.tool,
        args: request.args,
        summary: request.summary,
        ...(request.diff === undefined ? {} : { diff: request.diff }),
        ...(request.program === undefined ? {} : { program: request.program }),
        ...(request.mcp === undefined ? {} : { mcp: request.mcp }),
        ...(request.notUndoable === undefined ? {} : { notUndoable: request.notUndoable }),
      });
    });
  };

  return {
    request(request, signal) {
      const turn = queue.then(() => ask(request, signal));
      queue = turn;
      return turn;
    },
    answer(requestId, decision) {
      if (!waiting || waiting.requestId !== requestId) return false;
      waiting.settle(decision);
      return true;
    },
    pending: () => waiting?.requestId,
  };
}
