/**
 * Text from a model, a file, a server or a command, made inert for a
 * terminal: every control character that could move the cursor, erase,
 * retitle the window, write the clipboard or change colours is shown
 * instead of obeyed. C0 controls become their Unicode control pictures
 * (ESC → ␛, BEL → ␇, CR → ␍), DEL becomes ␡, and C1 controls and the
 * invisible bidirectional overrides (which reorder what a line appears to
 * say) become `<U+XXXX>`. Newline and tab stay; CR LF becomes LF.
 *
 * The one sanitizer for the CLI's human output. NDJSON (`--json`, `punie
 * acp`) is never passed through it.
 */

// Everything below space except tab (09) and newline (0a); DEL and C1; ALM; LRM/RLM; the bidi embeddings, overrides and isolates.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function show(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** The text with every unsafe control shown visibly; newlines and tabs kept. */
export function inert(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, show);
}

/** For one-line fields (a summary, a path, a program): newlines and tabs are shown too (␊, ␉). */
export function inertLine(text: string): string {
  return text.replace(UNSAFE_OR_NEWLINE, show);
}

/** Whether the text has anything `inert` would change. */
export function hasControls(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text);
}

/**
 * `inert` for text that arrives in pieces (streamed answers): a CR at the
 * end of a piece is held until the next piece says whether LF follows.
 */
export interface InertStream {
  push(piece: string): string;
  /** What is still held (a lone CR), shown. */
  flush(): string;
}

export function createInertStream(): InertStream {
  let heldCR = false;
  return {
    push(piece) {
      let text = heldCR ? `\r${piece}` : piece;
      heldCR = text.endsWith('\r');
      if (heldCR) text = text.slice(0, -1);
      return inert(text);
    },
    flush() {
      if (!heldCR) return '';
      heldCR = false;
      return show('\r');
    },
  };
}
