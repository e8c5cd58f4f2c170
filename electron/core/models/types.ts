import type { FinishReason, ModelRef, Usage } from '../../../shared/agentEvents';
import type { ModelPreset } from '../../../shared/modelPreset';

/**
 * What every provider speaks: one normalised message format in, one
 * normalised stream of events out. Providers translate to and from their wire
 * protocol; nothing above this layer knows about HTTP.
 */

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments exactly as the model produced them (JSON text, possibly invalid). */
  argsText: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  /**
   * `reasoning`: the turn's reasoning, set only on a tool-call turn of the
   * current run for a family whose template reads it back (gpt-oss, Qwen3);
   * sent to local servers only.
   */
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[]; reasoning?: string }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

/** A tool as the model sees it: a name, a description and a JSON schema for its arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  /**
   * Cap on generated tokens (already cut to what the context leaves). Unset:
   * no cap is sent (Anthropic, which requires one, gets a default).
   */
  maxTokens?: number;
  /** Provider-specific extras merged into the request body (tests, tool forcing). */
  extraBody?: Record<string, unknown>;
}

export type ModelStreamEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  /** A tool call began streaming (for the trace); its arguments follow as deltas. */
  | { type: 'tool-call-start'; id: string; name: string }
  | { type: 'tool-call-delta'; id: string; argsDelta: string }
  /** A complete tool call, emitted once the stream has finished it. */
  | { type: 'tool-call'; call: ToolCall }
  | { type: 'usage'; usage: Usage }
  /** Something the trace should say that is neither text nor a call (a tool call written as text that could not be run). */
  | { type: 'notice'; code: 'tool-call-text-rejected'; message: string }
  /** Always the last event of a successful stream. */
  | { type: 'finish'; reason: FinishReason };

export interface ChatModel {
  /** Which model this is, resolved (the real model id, base URL, server kind). */
  readonly ref: ModelRef;
  /**
   * The preset it runs with (flags over the user's preset over the family's
   * figures): the provider sends its sampling fields; the loop reads its
   * reply cap; the system prompt may add its `systemPrompt`.
   */
  readonly preset?: ModelPreset;
  /**
   * Streams one model turn, pushing each event to `onEvent` synchronously as
   * it arrives (no async hop per token); the promise settles when the stream
   * ended. Throws PunieError (classified) on failure; a failure after some
   * text was received is `stream-broken` with `partialText`. Aborting the
   * signal closes the socket so the server stops generating, and rejects
   * with an AbortError. An `onEvent` that throws ends the stream (closing
   * the request) and its error is rethrown as is.
   */
  streamTo(request: ChatRequest, signal: AbortSignal, onEvent: (event: ModelStreamEvent) => void): Promise<void>;
}

/** Where keys come from; environment variables win over stored keys. Never used for local servers. */
export interface KeySource {
  get(provider: 'openai' | 'anthropic'): string | undefined;
}
