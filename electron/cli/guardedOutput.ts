import type { CliOutput } from './cliContext';
import { inert } from './inertText';

/**
 * The last line of defence for the CLI's human output: whatever is written
 * goes through `inert`, except plain colour codes (SGR: ESC [ digits ; m),
 * which are Punie's own palette. Printers already make what they quote
 * inert (and so escape a model's colour codes too); this guard makes sure a
 * path nobody thought of cannot move the cursor, clear the screen, set the
 * title or write the clipboard. Never wrap an NDJSON stream with it.
 */

const SGR = /\u001b\[[0-9;]*m/g;

export function guardText(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(SGR)) {
    out += inert(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + inert(text.slice(last));
}

/** `keepColor: false` (output with no colours of its own): colour codes are shown too. */
export function guardOutput(out: CliOutput, options: { keepColor?: boolean } = {}): CliOutput {
  const clean = options.keepColor === false ? inert : guardText;
  return {
    get isTTY() {
      return out.isTTY;
    },
    write: (text: string) => out.write(clean(text)),
  };
}
