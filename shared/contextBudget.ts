/**
 * The figures the engine fits a conversation into a model's context with,
 * shared so the app's context meter marks the same place the engine cuts.
 * Local servers do not tokenize for us before a request, so tokens are
 * estimated from characters, erring high (code and non-English text run
 * about 3 characters a token).
 */

export const CHARS_PER_TOKEN = 3;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Room kept for the model's answer: a quarter of the context, at most 4096 tokens. */
export function answerReserve(contextLength: number): number {
  return Math.min(4096, Math.floor(contextLength / 4));
}

/** Past this many tokens (the context less the answer's room), older messages are left out of the next request. */
export function trimThreshold(contextLength: number): number {
  return contextLength - answerReserve(contextLength);
}
