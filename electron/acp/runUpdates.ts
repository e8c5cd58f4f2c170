import type { SessionUpdate, ToolCallContent, ToolCallStatus } from '@agentclientprotocol/sdk';
import type { AgentEvent, AgentEventOf } from '../../shared/agentEvents';
import { type ObservedRead, toolDiff } from './toolDiff';
import { codeContent, isCodeResult, isGated, pendingTitle, textContent, toolKind, toolLocations, toolTitle } from './toolCallView';

/**
 * A run's AgentEvents as ACP `session/update`s: text and reasoning as
 * message and thought chunks, each tool call as a `tool_call` when it
 * starts and `tool_call_update`s as its arguments arrive, permission is
 * given and it ends; the context used as `usage_update`. Pure apart from
 * the two lookups the session gives it.
 *
 * Status: a call is `pending` until it may run (a gated call until it is
 * allowed), then `in_progress`, then `completed` or `failed`. A call the
 * run left open (stopped mid-call) ends `failed` with the run.
 */

export interface RunUpdatesContext {
  /** The session's folder; relative paths in arguments are shown joined to it. */
  workspace: string;
  /** What the call's tool read of its target file while preparing (for write and edit diffs). */
  observedRead(callId: string): ObservedRead | undefined;
  /** The editor terminal the call's command ran in, when it ran in one. */
  terminalOf(callId: string): string | undefined;
}

interface CallState {
  name: string;
  args?: unknown;
  status: ToolCallStatus;
}

export class RunUpdates {
  private readonly calls = new Map<string, CallState>();
  private contextLength: number | undefined;

  constructor(private readonly ctx: RunUpdatesContext) {}

  map(event: AgentEvent): SessionUpdate[] {
    switch (event.type) {
      case 'text-delta':
        return event.delta === '' ? [] : [{ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: event.delta } }];
      case 'reasoning-delta':
        return event.delta === '' ? [] : [{ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: event.delta } }];
      case 'run-start':
        this.contextLength = event.model.contextLength;
        return [];
      case 'tool-call-start':
        this.calls.set(event.callId, { name: event.name, status: 'pending' });
        return [{ sessionUpdate: 'tool_call', toolCallId: event.callId, title: pendingTitle(event.name), kind: toolKind(event.name), status: 'pending', rawInput: {} }];
      case 'tool-call-ready':
        return this.ready(event);
      case 'permission-resolved': {
        const call = this.calls.get(event.callId);
        if (!call || event.decision === 'deny' || call.status !== 'pending') return [];
        call.status = 'in_progress';
        return [{ sessionUpdate: 'tool_call_update', toolCallId: event.callId, status: 'in_progress' }];
      }
      case 'tool-result':
        return this.ended(event.callId, event.name, 'completed', this.resultContent(event));
      case 'tool-error': {
        const said = event.error.code === 'aborted' ? 'Stopped.' : event.error.message;
        const terminal = this.ctx.terminalOf(event.callId);
        const content: ToolCallContent[] = [textContent(said)];
        if (terminal) content.unshift({ type: 'terminal', terminalId: terminal });
        else if (event.content !== `Error: ${event.error.message}` && !event.denied && event.error.code !== 'aborted' && isCodeResult(event.name)) {
          content.push(codeContent(event.content));
        }
        return this.ended(event.callId, event.name, 'failed', content);
      }
      case 'usage': {
        const used = (event.usage.inputTokens ?? 0) + (event.usage.outputTokens ?? 0);
        if (!this.contextLength || used === 0) return [];
        return [{ sessionUpdate: 'usage_update', used, size: this.contextLength }];
      }
      case 'run-finish':
      case 'run-error':
      case 'run-abort':
        return this.closeOpenCalls();
      case 'tool-progress': {
        const call = this.calls.get(event.callId);
        if (!call) return [];
        const of = event.total ? `${Math.round(event.progress)} of ${Math.round(event.total)}` : undefined;
        const said = [event.message, of].filter(Boolean).join(' — ');
        call.status = 'in_progress';
        return [{ sessionUpdate: 'tool_call_update', toolCallId: event.callId, status: 'in_progress', ...(said ? { content: [textContent(said)] } : {}) }];
      }
      case 'turn-start':
      case 'tool-call-args-delta':
      case 'permission-request':
      case 'notice':
        return [];
    }
  }

  /** The title, kind, locations and content of a call as shown when permission is asked for it. */
  permissionView(callId: string): { title: string; kind: ReturnType<typeof toolKind>; locations: ReturnType<typeof toolLocations>; content: ToolCallContent[] } | undefined {
    const call = this.calls.get(callId);
    if (!call) return undefined;
    const diff = toolDiff(call.name, call.args, this.ctx.observedRead(callId), this.ctx.workspace);
    return {
      title: toolTitle(call.name, call.args),
      kind: toolKind(call.name),
      locations: toolLocations(call.name, call.args, this.ctx.workspace),
      content: diff ? [diff] : [],
    };
  }

  private ready(event: AgentEventOf<'tool-call-ready'>): SessionUpdate[] {
    const known = this.calls.get(event.callId);
    const status: ToolCallStatus = isGated(event.name) ? 'pending' : 'in_progress';
    const fields = {
      toolCallId: event.callId,
      title: toolTitle(event.name, event.args),
      kind: toolKind(event.name),
      status,
      locations: toolLocations(event.name, event.args, this.ctx.workspace),
      rawInput: event.args ?? {},
    };
    this.calls.set(event.callId, { name: event.name, args: event.args, status });
    // A call the model wrote into its text (recovered, not streamed) has no start event.
    return [known ? { sessionUpdate: 'tool_call_update', ...fields } : { sessionUpdate: 'tool_call', ...fields }];
  }

  private resultContent(event: AgentEventOf<'tool-result'>): ToolCallContent[] {
    const terminal = this.ctx.terminalOf(event.callId);
    if (terminal) return [{ type: 'terminal', terminalId: terminal }];
    const call = this.calls.get(event.callId);
    const diff = event.name === 'write_file' || event.name === 'edit_file' ? toolDiff(event.name, call?.args, this.ctx.observedRead(event.callId), this.ctx.workspace) : undefined;
    const text = isCodeResult(event.name) ? codeContent(event.content) : textContent(event.content);
    return diff ? [diff, text] : [text];
  }

  private ended(callId: string, name: string, status: 'completed' | 'failed', content: ToolCallContent[]): SessionUpdate[] {
    const call = this.calls.get(callId);
    this.calls.delete(callId);
    return [
      {
        sessionUpdate: 'tool_call_update',
        toolCallId: callId,
        status,
        content,
        ...(call ? {} : { title: pendingTitle(name), kind: toolKind(name) }),
      },
    ];
  }

  private closeOpenCalls(): SessionUpdate[] {
    const open = [...this.calls.keys()];
    this.calls.clear();
    return open.map((toolCallId) => ({ sessionUpdate: 'tool_call_update', toolCallId, status: 'failed', content: [textContent('Stopped before it ran.')] }));
  }
}
