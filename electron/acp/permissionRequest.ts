import type { PermissionOption, RequestPermissionRequest, RequestPermissionResponse, ToolCallContent, ToolCallLocation, ToolKind } from '@agentclientprotocol/sdk';
import type { AgentEventOf, PermissionDecision } from '../../shared/agentEvents';
import { codeContent } from './toolCallView';

/**
 * A Punie permission request as ACP's `session/request_permission`: the
 * tool call with the change (a diff) or the command it would run, and three
 * options: allow once, allow always for this session (for a command: that
 * program), reject. The answer maps back to the broker's decisions; an
 * answer the editor cancelled, or an option we did not offer, is a denial.
 */

export const ALLOW_ONCE = 'allow-once';
export const ALLOW_SESSION = 'allow-session';
export const REJECT = 'reject';

export interface PermissionView {
  title: string;
  kind: ToolKind;
  locations: ToolCallLocation[];
  /** A diff block for writes and edits, when the change could be shown as text. */
  content: ToolCallContent[];
}

export function permissionRequest(sessionId: string, event: AgentEventOf<'permission-request'>, view: PermissionView): RequestPermissionRequest {
  const content = [...view.content];
  if (event.tool === 'run_command') content.push(codeContent(event.summary.replace(/^Run /, '$ ')));
  else if (content.length === 0 && event.diff) content.push(codeContent(event.diff, 'diff'));
  return {
    sessionId,
    toolCall: {
      toolCallId: event.callId,
      title: view.title || event.summary,
      kind: view.kind,
      status: 'pending',
      locations: view.locations,
      content,
      rawInput: event.args,
    },
    options: permissionOptions(event),
  };
}

export function permissionOptions(event: Pick<AgentEventOf<'permission-request'>, 'tool' | 'program'>): PermissionOption[] {
  const always = event.tool === 'run_command' && event.program ? `Always allow \`${event.program}\` in this session` : `Always allow ${verb(event.tool)} in this session`;
  return [
    { optionId: ALLOW_ONCE, name: 'Allow once', kind: 'allow_once' },
    { optionId: ALLOW_SESSION, name: always, kind: 'allow_always' },
    { optionId: REJECT, name: 'Reject', kind: 'reject_once' },
  ];
}

export function decisionOf(response: RequestPermissionResponse): PermissionDecision {
  if (response.outcome.outcome !== 'selected') return 'deny';
  switch (response.outcome.optionId) {
    case ALLOW_ONCE:
      return 'once';
    case ALLOW_SESSION:
      return 'conversation';
    default:
      return 'deny';
  }
}

function verb(tool: string): string {
  switch (tool) {
    case 'write_file':
      return 'writing files';
    case 'edit_file':
      return 'editing files';
    case 'run_command':
      return 'running commands';
    default:
      return tool.replace(/_/g, ' ');
  }
}
