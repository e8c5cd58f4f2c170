import type { ConversationMessage, ConversationSummary } from '../../../shared/conversation';
import { branchMessages } from '../../../shared/conversationBranches';
import { clipText as clip, oneLine, titleFromPrompt } from '../../../shared/text';

export const MAX_TITLE_LENGTH = 200;
const PREVIEW_LENGTH = 160;
export const UNTITLED = 'New conversation';

/** A user-given title, tidied: one line, at most MAX_TITLE_LENGTH characters. Empty when nothing is left. */
export function normalizeTitle(title: string): string {
  return clip(oneLine(title), MAX_TITLE_LENGTH);
}

/** A short excerpt for the sidebar: the latest answer, else the latest prompt. */
export function previewOf(messages: readonly ConversationMessage[]): string | undefined {
  let lastUser: string | undefined;
  // Bounded by the message count; newest first.
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (!m) continue;
    if (m.role === 'assistant' && HAS_TEXT.test(m.content)) return previewText(m.content);
    if (m.role === 'user' && lastUser === undefined && HAS_TEXT.test(m.content)) lastUser = m.content;
  }
  return lastUser === undefined ? undefined : previewText(lastUser);
}

/** Not only whitespace (what `text.trim() !== ''` says, without copying a long text). */
const HAS_TEXT = /\S/;

/**
 * `clip(oneLine(text), PREVIEW_LENGTH)`, collapsing only a prefix of a long
 * text when that prefix already decides the result (listing a thousand
 * conversations collapsed every long answer whole). The prefix's collapsed
 * form agrees with the whole's except, at most, in its last character.
 */
function previewText(text: string): string {
  const prefix = PREVIEW_LENGTH * 4;
  if (text.length > prefix) {
    const head = oneLine(text.slice(0, prefix));
    if (head.length > PREVIEW_LENGTH + 1) return clip(head, PREVIEW_LENGTH);
  }
  return clip(oneLine(text), PREVIEW_LENGTH);
}

export interface SummaryInput {
  id: string;
  createdAt: number;
  updatedAt: number;
  metaTitle: string;
  renamedTo?: string;
  metaModel?: string;
  workspace?: string;
  messages: readonly ConversationMessage[];
  /**
   * The messages of the branch in view, when the user switched to a branch
   * other than the latest run's (the preview and the model are its); default
   * the latest run's branch. Older logs have one branch: every message.
   */
  branch?: readonly ConversationMessage[];
}

/** Title: the user's rename, else the title given at creation, else the first prompt. Model and preview: the latest answer's on the branch in view. */
export function summarize(input: SummaryInput): ConversationSummary {
  const { messages } = input;
  const branch = input.branch ?? branchMessages(input.id, messages);
  let title = input.renamedTo ?? normalizeTitle(input.metaTitle);
  if (!title) {
    const firstPrompt = messages.find((m) => m.role === 'user' && m.content.trim());
    title = firstPrompt ? titleFromPrompt(firstPrompt.content) : UNTITLED;
  }
  let model = input.metaModel;
  for (let i = branch.length - 1; i >= 0; i--) {
    const m = branch[i];
    if (m?.role === 'assistant' && m.model) {
      model = m.model;
      break;
    }
  }
  const summary: ConversationSummary = {
    id: input.id,
    title,
    createdAt: input.createdAt,
    updatedAt: input.updatedAt,
    messageCount: messages.length,
  };
  if (model !== undefined) summary.model = model;
  if (input.workspace !== undefined) summary.workspace = input.workspace;
  const preview = previewOf(branch);
  if (preview !== undefined) summary.preview = preview;
  return summary;
}
