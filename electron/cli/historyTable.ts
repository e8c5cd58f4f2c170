import type { ConversationSummary } from '../../shared/conversation';
import { oneLine } from '../../shared/text';
import { formatTable } from './table';
import { clipToWidth } from './textWidth';

const TITLE_CHARS = 60;
const MODEL_CHARS = 28;

/**
 * `punie history` for people: one line per conversation, newest first —
 * date, id (to pass to --conversation), message count, model, title.
 * Dates are local time, to the minute. Titles and models in any script line
 * up (widths are display columns); given the terminal's width, the title and
 * then the model are cut to fit it. Ids are never cut.
 */
export function formatHistoryTable(items: readonly ConversationSummary[], options: { timeZone?: string; maxWidth?: number } = {}): string {
  const rows = items.map((c) => [
    formatDate(c.updatedAt, options.timeZone),
    c.id,
    String(c.messageCount),
    clipToWidth(c.model ?? '–', MODEL_CHARS),
    clipToWidth(oneLine(c.title) || '(untitled)', TITLE_CHARS),
  ]);
  const columns = [
    { header: 'DATE' },
    { header: 'ID' },
    { header: 'MESSAGES', align: 'right' as const },
    { header: 'MODEL', shrinkOrder: 2 },
    { header: 'TITLE', shrinkOrder: 1, minWidth: 12 },
  ];
  return formatTable(columns, rows, options.maxWidth === undefined ? {} : { maxWidth: options.maxWidth }).join('\n');
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
