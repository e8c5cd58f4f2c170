import { clipToWidth, padToWidth, textWidth } from './textWidth';

/**
 * A plain-text table for the terminal: columns aligned by display width
 * (CJK and emoji take two columns), two spaces between columns, and, given a
 * terminal width, the flexible columns cut with `…` until each line fits.
 * Columns that must stay whole (ids to copy) are never cut; when those alone
 * are wider than the terminal, the lines are left long rather than broken.
 */

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
  /**
   * May be cut to fit the width; lower numbers are cut first. Columns
   * without it are never cut.
   */
  shrinkOrder?: number;
  /** The narrowest a cut column gets (default: its header's width, at least 8). */
  minWidth?: number;
}

const GAP = '  ';

export interface TableOptions {
  /** The terminal's width in columns; omitted (a pipe, a file): nothing is cut. */
  maxWidth?: number;
  /** Put before every line (counts towards the width). */
  indent?: string;
}

/** Each line of the table, header first, trailing spaces trimmed. */
export function formatTable(columns: readonly TableColumn[], rows: ReadonlyArray<readonly string[]>, options: TableOptions = {}): string[] {
  const indent = options.indent ?? '';
  const cells = rows.map((row) => columns.map((_, i) => row[i] ?? ''));
  const widths = columns.map((c, i) => Math.max(textWidth(c.header), ...cells.map((row) => textWidth(row[i] ?? ''))));

  if (options.maxWidth !== undefined) {
    const total = () => textWidth(indent) + widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
    const order = columns
      .map((c, i) => ({ i, order: c.shrinkOrder }))
      .filter((c): c is { i: number; order: number } => c.order !== undefined)
      .sort((a, b) => a.order - b.order);
    for (const { i } of order) {
      const excess = total() - options.maxWidth;
      if (excess <= 0) break;
      const column = columns[i]!;
      const floor = Math.min(widths[i]!, column.minWidth ?? Math.max(8, textWidth(column.header)));
      widths[i] = Math.max(floor, widths[i]! - excess);
    }
  }

  const line = (row: readonly string[]) =>
    (
      indent +
      row
        .map((cell, i) => {
          const width = widths[i]!;
          const fitted = clipToWidth(cell, width);
          if (i === row.length - 1 && columns[i]?.align !== 'right') return fitted;
          return padToWidth(fitted, width, columns[i]?.align === 'right' ? 'start' : 'end');
        })
        .join(GAP)
    ).trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)];
}

/** The width to fit: the terminal's, when writing to one. */
export function terminalWidth(output: { isTTY?: boolean; columns?: number }): number | undefined {
  return output.isTTY && typeof output.columns === 'number' && output.columns > 0 ? output.columns : undefined;
}
