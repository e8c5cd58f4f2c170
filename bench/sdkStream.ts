import OpenAI from 'openai';

/**
 * The baseline every engine figure is compared with: the bare `openai` SDK
 * reading a chat-completions stream and keeping its text, nothing more.
 */

export interface StreamTimings {
  /** performance.now() just before the request. */
  startedAt: number;
  /** The first chunk carrying text. */
  firstTokenAt?: number;
  /** The last chunk carrying text. */
  lastTokenAt?: number;
  /** The stream's end. */
  endedAt: number;
  /** Chunks carrying text. */
  tokenChunks: number;
  textChars: number;
  /** `completion_tokens` from the server's usage report, when it sent one. */
  usageTokens?: number;
  /** `prompt_tokens` from the same report. */
  promptTokens?: number;
}

export interface SdkStreamHooks {
  /** Called as each text chunk arrives (count starts at 1). */
  onToken?(count: number): void;
}

/** A client as a bare program makes one: no retries, no keys from the environment. */
export function bareClient(baseURL: string): OpenAI {
  return new OpenAI({ apiKey: 'bench-no-key', baseURL, organization: null, project: null, maxRetries: 0, timeout: 5 * 60_000, logLevel: 'off' });
}

/** Streams one request; `body` is sent as given, with `stream: true`. */
export async function sdkStream(client: OpenAI, body: Readonly<Record<string, unknown>>, signal: AbortSignal, hooks: SdkStreamHooks = {}): Promise<StreamTimings> {
  const startedAt = performance.now();
  const params = { ...body, stream: true } as unknown as OpenAI.ChatCompletionCreateParamsStreaming;
  const stream = await client.chat.completions.create(params, { signal });
  const timings: StreamTimings = { startedAt, endedAt: startedAt, tokenChunks: 0, textChars: 0 };
  let text = '';
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta?.content;
    if (content) {
      const at = performance.now();
      timings.firstTokenAt ??= at;
      timings.lastTokenAt = at;
      timings.tokenChunks++;
      text += content;
      hooks.onToken?.(timings.tokenChunks);
    }
    if (chunk.usage) {
      timings.usageTokens = chunk.usage.completion_tokens;
      timings.promptTokens = chunk.usage.prompt_tokens;
    }
  }
  timings.endedAt = performance.now();
  timings.textChars = text.length;
  return timings;
}
