import type { ConversationSummary } from '../../shared/conversation';

const TITLE_CHARS = 60;
const MODEL_CHARS = 28;

/**
 * `punie history` for people: one line per conversation, newest first —
 * date, id (to pass to --conversation), message count, model, title.
 * Dates are local time, to the minute.
 */
export function formatHistoryTable(items: readonly ConversationSummary[], options: { timeZone?: string } = {}): string {
  const rows = items.map((c) => [
    formatDate(c.updatedAt, options.timeZone),
    c.id,
    String(c.messageCount),
    clip(c.model ?? '–', MODEL_CHARS),
    clip(oneLine(c.title) || '(untitled)', TITLE_CHARS),
  ]);
  const header = ['DATE', 'ID', 'MESSAGES', 'MODEL', 'TITLE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** `2025-03-04 17:05` in the given (default: local) time zone. */
export function formatDate(epochMs: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '??';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
