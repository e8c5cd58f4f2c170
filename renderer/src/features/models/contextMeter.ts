import { estimateTokens, trimThreshold } from '../../../../shared/contextBudget';
import type { ContextSource } from '../../../../shared/contextSource';
import type { RunView } from '../../../../shared/runView';

/**
 * The context meter's figures: how much of the model's context the open
 * conversation takes, and where older messages start to be left out (the
 * engine's own threshold: the context less the room kept for the answer).
 *
 * Used tokens come from the server's count when the last run reported
 * usage (its last request's prompt plus its answer); otherwise they are
 * estimated the way the engine estimates them (about 3 characters a
 * token): the system message and the tool definitions the last run sent
 * (its `baseTokens`, when it said), plus the conversation's text from the
 * run where the model's view last began.
 */
export interface ContextMeterView {
  used: number;
  total: number;
  /** Where older messages start to be left out. */
  trimAt: number;
  /** True when `used` is the server's count, false for an estimate. */
  counted: boolean;
  source?: ContextSource;
  /** 0–1 of the bar. */
  fraction: number;
  trimFraction: number;
  level: 'ok' | 'near' | 'over';
}

/** Per message: role markers a template adds. */
const MESSAGE_OVERHEAD = 6;

export function contextMeter(input: {
  runs: readonly RunView[];
  contextLength: number | undefined;
  source?: ContextSource;
  /** The run the model's view began at last time (older runs were left out). */
  contextStart?: string;
}): ContextMeterView | undefined {
  const total = input.contextLength;
  if (!total || total <= 0) return undefined;
  const start = input.contextStart ? Math.max(0, input.runs.findIndex((r) => r.runId === input.contextStart)) : 0;
  const runs = input.runs.slice(start);
  const last = runs.at(-1);
  const counted = last?.usage?.inputTokens !== undefined;
  const used = counted ? last!.usage!.inputTokens! + (last!.usage!.outputTokens ?? 0) : (last?.baseTokens ?? 0) + estimateRuns(runs);
  const trimAt = trimThreshold(total);
  return {
    used,
    total,
    trimAt,
    counted,
    ...(input.source ? { source: input.source } : {}),
    fraction: Math.min(1, used / total),
    trimFraction: trimAt / total,
    level: used >= trimAt ? 'over' : used >= trimAt * 0.8 ? 'near' : 'ok',
  };
}

function estimateRuns(runs: readonly RunView[]): number {
  let tokens = 0;
  for (const run of runs) {
    tokens += estimateTokens(run.prompt) + MESSAGE_OVERHEAD;
    for (const part of run.parts) if (part.kind === 'text') tokens += estimateTokens(part.text);
    for (const id of run.toolOrder) {
      const tool = run.tools[id];
      if (tool) tokens += estimateTokens(tool.name + tool.argsText + (tool.content ?? '')) + 2 * MESSAGE_OVERHEAD;
    }
    if (run.parts.length > 0) tokens += MESSAGE_OVERHEAD;
  }
  return tokens;
}

/** "3.2k", "28.7k", "950". */
export function tokensShort(tokens: number): string {
  if (tokens >= 1_000_000) return `${+(tokens / 1_000_000).toFixed(1)}M`;
  if (tokens >= 10_000) return `${Math.round(tokens / 1_000)}k`;
  if (tokens >= 1_000) return `${+(tokens / 1_000).toFixed(1)}k`;
  return String(tokens);
}
