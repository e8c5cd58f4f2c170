import type { FinishReason, Usage } from '../../../shared/agentEvents';

/** Chat-completions finish reasons, normalised; any other is `other`. */
export const FINISH: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

/** A chunk's `usage`, from any server's shape; undefined when it holds no counts. */
export function readUsage(u: unknown): Usage | undefined {
  if (!u || typeof u !== 'object') return undefined;
  const { prompt_tokens, completion_tokens, total_tokens } = u as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const usage: Usage = {};
  if (n(prompt_tokens) !== undefined) usage.inputTokens = n(prompt_tokens)!;
  if (n(completion_tokens) !== undefined) usage.outputTokens = n(completion_tokens)!;
  if (n(total_tokens) !== undefined) usage.totalTokens = n(total_tokens)!;
  return Object.keys(usage).length ? usage : undefined;
}
