import type { RunStats, Usage } from '../../../../shared/agentEvents';
import { formatDuration } from '../trace/toolSummary';

/** The figures under an answer: time to first token, speed, token counts, turns, total time. */
export interface StatItem {
  key: 'ttft' | 'speed' | 'input' | 'output' | 'turns' | 'duration';
  label: string;
  value: string;
}

const integer = new Intl.NumberFormat('en-US');

export function formatStats(stats: RunStats | undefined, usage?: Usage): StatItem[] {
  if (!stats) return [];
  const items: StatItem[] = [];
  if (stats.ttftMs !== undefined) items.push({ key: 'ttft', label: 'Time to first token', value: `${formatDuration(stats.ttftMs)} to first token` });
  if (stats.tokensPerSecond !== undefined && stats.tokensPerSecond > 0)
    items.push({ key: 'speed', label: 'Tokens per second', value: `${stats.tokensPerSecond.toFixed(stats.tokensPerSecond < 10 ? 1 : 0)} tok/s` });
  const input = stats.inputTokens ?? usage?.inputTokens;
  const output = stats.outputTokens ?? usage?.outputTokens;
  if (input !== undefined) items.push({ key: 'input', label: 'Input tokens', value: `${integer.format(input)} in` });
  if (output !== undefined) items.push({ key: 'output', label: 'Output tokens', value: `${integer.format(output)} out` });
  if (stats.turns > 1) items.push({ key: 'turns', label: 'Model turns', value: `${stats.turns} turns` });
  items.push({ key: 'duration', label: 'Total time', value: `${formatDuration(stats.durationMs)} total` });
  return items;
}
