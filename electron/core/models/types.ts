import type { FinishReason, ModelRef, Usage } from '../../../shared/agentEvents';

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
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
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
  /** Cap on generated tokens; providers always send one (a default when unset). */
  maxTokens?: number;
  /** Local models default to 0. */
  temperature?: number;
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
  /** Always the last event of a successful stream. */
  | { type: 'finish'; reason: FinishReason };

export interface ChatModel {
  /** Which model this is, resolved (the real model id, base URL, server kind). */
  readonly ref: ModelRef;
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
