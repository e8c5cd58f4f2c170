import type { PermissionDecision } from '../../../../shared/agentEvents';

export interface KeyLike {
  key: string;
  keyCode?: number;
  isComposing?: boolean;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/**
 * Enter sends; Shift+Enter is a new line. While an input method is composing
 * (Chinese, Japanese…), Enter confirms the composition and never sends: some
 * engines report that only through keyCode 229.
 */
export function composerKeyAction(e: KeyLike): 'send' | 'newline' | 'none' {
  if (e.key !== 'Enter') return 'none';
  if (e.isComposing || e.keyCode === 229) return 'none';
  if (e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey) return 'newline';
  if (e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return 'none';
  return 'send';
}

/**
 * Shortcuts of a pending permission card, wherever the focus is:
 * mod+Enter allows once, mod+Shift+Enter allows for the conversation, Escape
 * denies (closing a prompt means deny). mod is ⌘ on macOS, Ctrl elsewhere.
 */
export function permissionShortcut(e: KeyLike, mac: boolean): PermissionDecision | undefined {
  if (e.isComposing || e.keyCode === 229) return undefined;
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (e.key === 'Enter' && mod && !e.altKey) return e.shiftKey ? 'conversation' : 'once';
  if (e.key === 'Escape' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) return 'deny';
  return undefined;
}
