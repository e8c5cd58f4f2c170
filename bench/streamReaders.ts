import { agentEventSchema, type RunStats } from '../shared/agentEvents';
import type { StreamTimings } from './sdkStream';
import type { TimedLine } from './timedProcess';

/**
 * Reads what a spawned client printed, line by line with arrival times,
 * into the same figures the SDK baseline gives: first and last token,
 * token count, and the server's usage report.
 */

/** Reads `curl -N` output of an OpenAI-compatible stream (SSE `data:` lines). */
export function readSseStream(lines: readonly TimedLine[], startedAt: number, endedAt: number): StreamTimings {
  const timings: StreamTimings = { startedAt, endedAt, tokenChunks: 0, textChars: 0 };
  for (const { at, line } of lines) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]') continue;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      continue;
    }
    const { content, usage } = readChunk(chunk);
    if (content) {
      timings.firstTokenAt ??= at;
      timings.lastTokenAt = at;
      timings.tokenChunks++;
      timings.textChars += content.length;
    }
    if (usage?.completion !== undefined) timings.usageTokens = usage.completion;
    if (usage?.prompt !== undefined) timings.promptTokens = usage.prompt;
  }
  return timings;
}

function readChunk(chunk: unknown): { content?: string; usage?: { completion?: number; prompt?: number } } {
  if (!chunk || typeof chunk !== 'object') return {};
  const { choices, usage } = chunk as { choices?: unknown; usage?: unknown };
  const out: { content?: string; usage?: { completion?: number; prompt?: number } } = {};
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
  const delta: unknown = first && typeof first === 'object' ? (first as { delta?: unknown }).delta : undefined;
  const content: unknown = delta && typeof delta === 'object' ? (delta as { content?: unknown }).content : undefined;
  if (typeof content === 'string' && content !== '') out.content = content;
  if (usage && typeof usage === 'object') {
    const { completion_tokens, prompt_tokens } = usage as { completion_tokens?: unknown; prompt_tokens?: unknown };
    out.usage = {
      ...(typeof completion_tokens === 'number' ? { completion: completion_tokens } : {}),
      ...(typeof prompt_tokens === 'number' ? { prompt: prompt_tokens } : {}),
    };
  }
  return out;
}

export interface PunieStream extends StreamTimings {
  /** The run's last event type, when one was printed. */
  end?: 'run-finish' | 'run-error' | 'run-abort';
  /** The CLI's own figures from its last event (its clock, from the run's start). */
  stats?: RunStats;
  error?: string;
  /** Lines that were not AgentEvents. */
  strayLines: number;
}

/** Reads `punie ask --json` output: one AgentEvent per line. */
export function readPunieStream(lines: readonly TimedLine[], startedAt: number, endedAt: number): PunieStream {
  const out: PunieStream = { startedAt, endedAt, tokenChunks: 0, textChars: 0, strayLines: 0 };
  for (const { at, line } of lines) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      out.strayLines++;
      continue;
    }
    const parsed = agentEventSchema.safeParse(json);
    if (!parsed.success) {
      out.strayLines++;
      continue;
    }
    const event = parsed.data;
    if (event.type === 'text-delta' && event.delta !== '') {
      out.firstTokenAt ??= at;
      out.lastTokenAt = at;
      out.tokenChunks++;
      out.textChars += event.delta.length;
    } else if (event.type === 'usage') {
      if (event.usage.outputTokens !== undefined) out.usageTokens = event.usage.outputTokens;
      if (event.usage.inputTokens !== undefined) out.promptTokens = event.usage.inputTokens;
    } else if (event.type === 'run-finish' || event.type === 'run-abort' || event.type === 'run-error') {
      out.end = event.type;
      if (event.stats) out.stats = event.stats;
      if (event.type === 'run-error') out.error = event.error.message;
    }
  }
  return out;
}

/** Tokens per second while generating: from the first token to the last, by the server's count (else the chunks seen). */
export function generationRate(t: StreamTimings): number {
  const tokens = t.usageTokens ?? t.tokenChunks;
  if (t.firstTokenAt === undefined || t.lastTokenAt === undefined || tokens < 2) return Number.NaN;
  const ms = t.lastTokenAt - t.firstTokenAt;
  return ms > 0 ? (tokens - 1) / (ms / 1000) : Number.NaN;
}

/** llama-server's timing line for a finished request: `… |        eval time =  1536.42 ms /   482 tokens (…)` (not the prompt's line). */
export const LLAMA_EVAL_LINE = /\|\s+eval time =\s+([\d.]+) ms \/\s+(\d+) tokens/;

/** The server's own generation rate (tokens/s) from its timing line; undefined for any other line. */
export function llamaEvalRate(line: string): number | undefined {
  const m = LLAMA_EVAL_LINE.exec(line);
  if (!m) return undefined;
  const ms = Number(m[1]);
  const tokens = Number(m[2]);
  return ms > 0 ? tokens / (ms / 1000) : undefined;
}

export interface ColdSdkStream extends StreamTimings {
  /** The client's own clock: just before its request → its first text. */
  requestToFirstTokenMs?: number;
  /** It printed its last line (the stream ended without a failure). */
  done: boolean;
}

/** Reads what bench/coldSdkClient.mjs printed: a `{"text"}` line per text chunk, then its `{"done"}` line. */
export function readColdSdkStream(lines: readonly TimedLine[], startedAt: number, endedAt: number): ColdSdkStream {
  const out: ColdSdkStream = { startedAt, endedAt, tokenChunks: 0, textChars: 0, done: false };
  for (const { at, line } of lines) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    if (!json || typeof json !== 'object') continue;
    const { text, done, requestToFirstTokenMs, usage } = json as { text?: unknown; done?: unknown; requestToFirstTokenMs?: unknown; usage?: unknown };
    if (typeof text === 'string' && text !== '') {
      out.firstTokenAt ??= at;
      out.lastTokenAt = at;
      out.tokenChunks++;
      out.textChars += text.length;
    } else if (done === true) {
      out.done = true;
      if (typeof requestToFirstTokenMs === 'number') out.requestToFirstTokenMs = requestToFirstTokenMs;
      if (usage && typeof usage === 'object') {
        const { completion_tokens, prompt_tokens } = usage as { completion_tokens?: unknown; prompt_tokens?: unknown };
        if (typeof completion_tokens === 'number') out.usageTokens = completion_tokens;
        if (typeof prompt_tokens === 'number') out.promptTokens = prompt_tokens;
      }
    }
  }
  return out;
}
