import type { BenchRow } from './benchRow';
import { machineLine, type MachineInfo } from './machine';

/**
 * Renders gathered rows as Markdown: the table (figure, baseline, measured,
 * target, met?), then plainly which targets are not met and why, which rows
 * did not run and why, and the machine.
 */

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Readable digits for any size: 182,000 · 412 · 37.5 · 0.97 · 0.012. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1000) return NUMBER.format(n);
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 0.1 || abs === 0) return n.toFixed(2);
  return n.toPrecision(2);
}

/** A value with its unit: `0.97×`, `12.4 ms`, `58 flushes/s`. */
export function formatValue(value: number, unit: string): string {
  const n = formatNumber(value);
  if (unit === '') return n;
  if (unit === '×' || unit === '%') return `${n}${unit}`;
  return `${n} ${unit}`;
}

/** A table cell: no pipes or line breaks can break the row. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

function baselineCell(row: BenchRow): string {
  if (row.baseline === null || row.baseline === '') return '—';
  return typeof row.baseline === 'number' ? formatValue(row.baseline, row.unit) : row.baseline;
}

function measuredCell(row: BenchRow): string {
  if (row.value === null) return 'not run';
  const value = formatValue(row.value, row.unit);
  return row.detail ? `${value} (${row.detail})` : value;
}

function metCell(row: BenchRow): string {
  if (row.value === null) return '—';
  if (row.met === null) return row.target ? '—' : 'n/a';
  return row.met ? 'yes' : '**no**';
}

export function renderTable(rows: readonly BenchRow[]): string {
  const lines = ['| figure | baseline (same run) | measured | target | met? |', '|---|---|---|---|---|'];
  for (const row of rows) {
    const cells = [row.figure, baselineCell(row), measuredCell(row), row.target || '—', metCell(row)].map(cell);
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The table, the targets not met and the rows not run (each with its reason), and the machine line. */
export function renderReport(rows: readonly BenchRow[], machine: MachineInfo): string {
  const parts = [renderTable(rows)];
  const notMet = rows.filter((r) => r.value !== null && r.met === false);
  const notRun = rows.filter((r) => r.value === null);
  if (notMet.length) {
    parts.push(['Not met yet:', ...notMet.map((r) => `- ${cell(r.figure)}: ${cell(r.note ?? 'no reason recorded.')}`)].join('\n'));
  } else if (rows.some((r) => r.met === true)) {
    parts.push('Every target that was measured is met.');
  }
  if (notRun.length) parts.push(['Not run:', ...notRun.map((r) => `- ${cell(r.figure)}: ${cell(r.note ?? 'no reason recorded.')}`)].join('\n'));
  parts.push(machineLine(machine));
  return parts.join('\n\n');
}
