import type { ModelRef, RunStats } from '../../shared/agentEvents';
import { inertLine } from './inertText';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)}s`;

/** One line for stderr after an answer: time to first token, tokens per second, token counts, total time. */
export function formatStatsLine(stats: RunStats, model?: ModelRef): string {
  const parts: string[] = [];
  if (model) parts.push(inertLine(model.modelId || model.spec));
  parts.push(`first token ${stats.ttftMs === undefined ? '–' : seconds(stats.ttftMs)}`);
  parts.push(`${stats.tokensPerSecond === undefined ? '–' : stats.tokensPerSecond.toFixed(1)} tok/s`);
  parts.push(`${stats.inputTokens ?? '?'} in / ${stats.outputTokens ?? '?'} out tokens`);
  parts.push(`${seconds(stats.durationMs)} total`);
  return parts.join(' · ');
}
