/**
 * Electron accelerators (`CommandOrControl+Shift+Space`) recorded from a key
 * press and written for people (`⌘⇧Space` on macOS, `Ctrl+Shift+Space` elsewhere).
 */
export interface AcceleratorKey {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const NAMED_CODES: Record<string, string> = {
  Space: 'Space',
  Enter: 'Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
};

function keyName(code: string): string | undefined {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1];
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code);
  if (digit) return digit[1];
  if (/^F([1-9]|1\d|2[0-4])$/.test(code)) return code;
  return NAMED_CODES[code];
}

/**
 * The accelerator for a key press, or undefined while only modifiers are down
 * or without a modifier other than Shift (a global shortcut needs one).
 */
export function acceleratorFromKey(e: AcceleratorKey, mac: boolean): string | undefined {
  const key = keyName(e.code);
  if (!key) return undefined;
  const parts: string[] = [];
  const primary = mac ? e.metaKey : e.ctrlKey;
  if (primary) parts.push('CommandOrControl');
  if (mac && e.ctrlKey) parts.push('Control');
  if (!mac && e.metaKey) parts.push('Super');
  if (e.altKey) parts.push('Alt');
  if (parts.length === 0 && !/^F\d+$/.test(key)) return undefined;
  if (e.shiftKey) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}

const MAC_SYMBOLS: Record<string, string> = {
  CommandOrControl: '⌘',
  CmdOrCtrl: '⌘',
  Command: '⌘',
  Cmd: '⌘',
  Control: '⌃',
  Ctrl: '⌃',
  Alt: '⌥',
  Option: '⌥',
  Shift: '⇧',
  Super: '⌘',
};

const OTHER_NAMES: Record<string, string> = {
  CommandOrControl: 'Ctrl',
  CmdOrCtrl: 'Ctrl',
  Control: 'Ctrl',
  Super: 'Super',
};

export function formatAccelerator(accelerator: string, mac: boolean): string {
  const parts = accelerator.split('+').filter(Boolean);
  if (mac) return parts.map((p) => MAC_SYMBOLS[p] ?? p).join('');
  return parts.map((p) => OTHER_NAMES[p] ?? p).join('+');
}
