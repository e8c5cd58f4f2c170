import type { SessionUpdate, ToolCallContent } from '@agentclientprotocol/sdk';
import type { Conversation, ToolMessage } from '../../shared/conversation';
import { currentBranchMessages } from '../../shared/conversationBranches';
import { parseToolArgs } from '../core/tools/toolArgs';
import { toolDiff } from './toolDiff';
import { codeContent, isCodeResult, textContent, toolKind, toolLocations, toolTitle } from './toolCallView';

/**
 * A stored conversation replayed to an editor (`session/load`) as the
 * updates it would have seen live: each prompt as a user chunk, reasoning
 * as a thought, each answer as an agent chunk, and each tool call as one
 * `tool_call` in its final state (completed, failed, or failed as never
 * answered when the run was cut), with its output. A write shows as a diff
 * when the stored call says what changed (a created file, an edit's old
 * and new text); an overwrite's old text is not kept in history, so it
 * shows as the result's words. A conversation with branches (an edited or
 * regenerated prompt) replays the branch it continues on (the one the
 * user last switched to in the app, else the latest run's), as the app
 * shows and exports it, never every branch interleaved. Pure.
 */
export function replayUpdates(conversation: Pick<Conversation, 'id' | 'messages' | 'currentRunId'>, workspace: string): SessionUpdate[] {
  const messages = currentBranchMessages(conversation);
  const results = new Map<string, ToolMessage>();
  for (const m of messages) if (m.role === 'tool') results.set(m.toolCallId, m);
  const updates: SessionUpdate[] = [];
  for (const m of messages) {
    if (m.role === 'user') {
      updates.push({ sessionUpdate: 'user_message_chunk', content: { type: 'text', text: m.content } });
    } else if (m.role === 'assistant') {
      if (m.reasoning) updates.push({ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: m.reasoning } });
      if (m.content) updates.push({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: m.content } });
      for (const call of m.toolCalls ?? []) {
        const parsed = parseToolArgs(call.argsText);
        const args = parsed.ok ? parsed.value : undefined;
        const result = results.get(call.id);
        updates.push({
          sessionUpdate: 'tool_call',
          toolCallId: call.id,
          title: toolTitle(call.name, args),
          kind: toolKind(call.name),
          status: result && !result.isError ? 'completed' : 'failed',
          locations: toolLocations(call.name, args, workspace),
          rawInput: args ?? {},
          content: result ? storedContent(call.name, args, result, workspace) : [textContent('Stopped before it ran.')],
        });
      }
    }
  }
  return updates;
}

function storedContent(name: string, args: unknown, result: ToolMessage, workspace: string): ToolCallContent[] {
  if (result.isError) return [textContent(result.denied ? 'Denied.' : result.content)];
  const text = isCodeResult(name) ? codeContent(result.content) : textContent(result.content);
  const shownAsDiff = name === 'edit_file' || (name === 'write_file' && result.meta?.created === true);
  const diff = shownAsDiff ? toolDiff(name, args, undefined, workspace) : undefined;
  return diff ? [diff, text] : [text];
}
