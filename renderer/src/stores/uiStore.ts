import { create } from 'zustand';
import type { ErrorData } from '../../../shared/errors';
import type { Notice } from '../../../shared/ipc/events';
import type { SecretProvider } from '../../../shared/ipc/routes';

export type SettingsSection = 'general' | 'keys' | 'endpoints' | 'mcp' | 'permissions';
export type Popover = 'models' | 'endpoints' | null;

/** A notice on screen: from main (`app.notice`) or from the UI itself (a failed save). */
export interface Toast extends Notice {
  hint?: string;
  /** One button beside the message (Undo). */
  action?: { label: string; run: () => void };
  /** How long an info toast stays (default 6 s); warnings and errors stay until dismissed. */
  durationMs?: number;
}

export interface UiState {
  settingsOpen: boolean;
  settingsSection: SettingsSection;
  /** The key field to focus when settings open for a missing key. */
  keyProvider?: SecretProvider;
  popover: Popover;
  traceOpen: boolean;
  /** The history sidebar is shown (main window). */
  sidebarOpen: boolean;
  toasts: Toast[];
  /** Bumped to ask the composer to take focus. */
  composerFocus: number;
  /** Bumped to ask the history search box to take focus. */
  searchFocus: number;
}

const MAX_TOASTS = 4;

export const useUiStore = create<UiState>()(() => ({
  settingsOpen: false,
  settingsSection: 'general',
  popover: null,
  traceOpen: false,
  sidebarOpen: true,
  toasts: [],
  composerFocus: 0,
  searchFocus: 0,
}));

export function openSettings(section: SettingsSection = 'general', keyProvider?: SecretProvider): void {
  useUiStore.setState({ settingsOpen: true, settingsSection: section, keyProvider, popover: null });
}

export function closeSettings(): void {
  useUiStore.setState({ settingsOpen: false, keyProvider: undefined });
  focusComposer();
}

export function setSettingsSection(section: SettingsSection): void {
  useUiStore.setState({ settingsSection: section });
}

export function setPopover(popover: Popover): void {
  useUiStore.setState({ popover });
}

export function toggleTrace(open?: boolean): void {
  useUiStore.setState((s) => ({ traceOpen: open ?? !s.traceOpen }));
}

export function toggleSidebar(open?: boolean): void {
  useUiStore.setState((s) => ({ sidebarOpen: open ?? !s.sidebarOpen }));
}

/** Shows the sidebar and puts the cursor in its search box. */
export function focusHistorySearch(): void {
  useUiStore.setState((s) => ({ sidebarOpen: true, searchFocus: s.searchFocus + 1 }));
}

export function focusComposer(): void {
  useUiStore.setState((s) => ({ composerFocus: s.composerFocus + 1 }));
}

let toastSeq = 0;

export function showToast(toast: Omit<Toast, 'id'> & { id?: string }): void {
  const id = toast.id ?? `ui-${++toastSeq}`;
  useUiStore.setState((s) => ({ toasts: [...s.toasts.filter((t) => t.id !== id), { ...toast, id }].slice(-MAX_TOASTS) }));
}

/** A failed request as a toast: its message and hint, never a stack. */
export function showErrorToast(prefix: string, error: ErrorData): void {
  showToast({ level: 'error', message: `${prefix}: ${error.message}`, hint: error.hint });
}

export function dismissToast(id: string): void {
  useUiStore.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}
