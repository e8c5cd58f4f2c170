import type { CliOutput } from './cliContext';

/**
 * Punie's own colours for the CLI's human output, and whether to use them:
 * `FORCE_COLOR` (any value but `0` or `false`) turns them on even without a
 * terminal, and `FORCE_COLOR=0` off; otherwise `NO_COLOR` (any non-empty
 * value) or `TERM=dumb` turns them off; otherwise they are on for a terminal.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export function colorEnabled(out: Pick<CliOutput, 'isTTY'>, env: Env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return out.isTTY === true;
}

const CODES = { bold: 1, dim: 2, red: 31, green: 32, cyan: 36 } as const;
export type Style = keyof typeof CODES;
export const RESET = '\u001b[0m';

/** Paints text already made inert; with colour off, returns it unchanged. */
export interface Palette {
  readonly enabled: boolean;
  paint(style: Style, text: string): string;
  /** The code that starts a style (empty with colour off), for text that streams in pieces. */
  open(style: Style): string;
  /** The code that ends it (empty with colour off). */
  close(): string;
}

export function createPalette(enabled: boolean): Palette {
  return {
    enabled,
    paint: (style, text) => (enabled ? `\u001b[${CODES[style]}m${text}${RESET}` : text),
    open: (style) => (enabled ? `\u001b[${CODES[style]}m` : ''),
    close: () => (enabled ? RESET : ''),
  };
}

export const NO_COLOR_PALETTE = createPalette(false);
