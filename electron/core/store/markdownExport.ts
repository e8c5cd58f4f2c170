import type { AssistantMessage, Conversation, ToolMessage } from '../../../shared/conversation';
import { currentBranchMessages } from '../../../shared/conversationBranches';
import { markdownFence } from '../../../shared/text';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function prettyArgs(argsText: string): { text: string; lang: string } {
  try {
    return { text: JSON.stringify(JSON.parse(argsText), null, 2), lang: 'json' };
  } catch {
    return { text: argsText, lang: '' };
  }
}

function toolBlock(call: { name: string; argsText?: string } | undefined, result: ToolMessage | undefined): string {
  const name = call?.name ?? result?.name ?? 'tool';
  const outcome = !result ? ' (no result)' : result.denied ? ' (denied)' : result.isError ? ' (failed)' : '';
  const parts = [`<details>\n<summary>Tool call: ${escapeHtml(name)}${outcome}</summary>\n`];
  if (call?.argsText !== undefined) {
    const args = prettyArgs(call.argsText);
    parts.push(`**Arguments**\n\n${markdownFence(args.text, args.lang)}\n`);
  }
  if (result) parts.push(`**Result**\n\n${markdownFence(result.content)}\n`);
  parts.push('</details>');
  return parts.join('\n');
}

function endNote(m: AssistantMessage): string | undefined {
  switch (m.status) {
    case 'aborted':
      return '*Stopped before the answer was finished.*';
    case 'partial':
      return '*The answer was cut off here.*';
    case 'error':
      return `*Error: ${m.error?.message ?? 'the run failed.'}*`;
    default:
      return undefined;
  }
}

/**
 * A conversation as a Markdown document: the prompts and answers of its
 * current branch (the one in view: the last switched to, else the latest
 * run's) in order, each tool call as a
 * collapsible `<details>` block with its arguments and result.
 */
export function conversationToMarkdown(c: Conversation): string {
  const messages = currentBranchMessages(c);
  const results = new Map<string, ToolMessage>();
  for (const m of messages) if (m.role === 'tool') results.set(m.toolCallId, m);
  const shown = new Set<string>();

  const facts = [
    c.model ? `Model: \`${c.model}\`` : undefined,
    `Started: ${new Date(c.createdAt).toISOString()}`,
    c.workspace ? `Workspace: \`${c.workspace}\`` : undefined,
  ].filter(Boolean);
  const out: string[] = [`# ${c.title}`, facts.join(' · ')];

  for (const m of messages) {
    if (m.role === 'user') {
      out.push('## You', m.content);
    } else if (m.role === 'assistant') {
      out.push(m.model ? `## Punie (\`${m.model}\`)` : '## Punie');
      if (m.reasoning) out.push(`<details>\n<summary>Reasoning</summary>\n\n${markdownFence(m.reasoning)}\n\n</details>`);
      if (m.content) out.push(m.content);
      for (const call of m.toolCalls ?? []) {
        const result = results.get(call.id);
        if (result) shown.add(result.id);
        out.push(toolBlock(call, result));
      }
      const note = endNote(m);
      if (note) out.push(note);
    } else if (!shown.has(m.id)) {
      // A result whose call is not in the log (kept rather than dropped).
      out.push(toolBlock(undefined, m));
    }
  }
  return out.join('\n\n') + '\n';
}
