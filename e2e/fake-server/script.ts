import { smallPieces } from './textCallForms';

/**
 * The fake server's script: a queue of scripted model turns. Each chat
 * request takes the next turn; when the queue is empty the server answers
 * with `defaultTurn()`.
 */

export type FakeProfile = 'lmstudio' | 'mlx-lm' | 'llama.cpp' | 'ollama' | 'openai' | 'anthropic';

export const FAKE_PROFILES: readonly FakeProfile[] = ['lmstudio', 'mlx-lm', 'llama.cpp', 'ollama', 'openai', 'anthropic'];

/** A tool call the scripted model makes. */
export interface ScriptedToolCall {
  /** Defaults to a profile-shaped id (LM Studio: numeric string). */
  id?: string;
  name: string;
  /** Argument JSON text, sent as is (it may be invalid on purpose). */
  arguments: string;
}

/** One step of a streamed turn, written in order. */
export type ScriptChunk =
  /** A content delta. */
  | { text: string }
  /** A content delta holding the last tool result the request carries (what the tool said, word for word). */
  | { lastToolResult: true }
  /** A reasoning delta, in the profile's field (`reasoning_content` or `reasoning`, Anthropic thinking). */
  | { reasoning: string }
  /** Tool calls, streamed the profile's way (split deltas, or whole in one delta for mlx-lm). */
  | { toolCalls: ScriptedToolCall[] }
  /** An SSE comment line, e.g. `keepalive`. */
  | { comment: string }
  /** Pause before the next step. */
  | { delayMs: number }
  /** A data line that is not JSON. */
  | { malformed: string }
  /** An in-stream error object, as servers send when generation fails after the headers. */
  | { streamError: { message: string; type?: string } }
  /** Destroy the socket here: the server dies mid-stream. */
  | { die: true };

export interface ScriptedUsage {
  promptTokens: number;
  completionTokens: number;
}

/** A streamed answer. */
export interface StreamTurn {
  kind?: 'stream';
  chunks: ScriptChunk[];
  /** Defaults to `tool_calls` when the turn made tool calls, else `stop`. */
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  /** Usage reported at the end (when the client asks for it); `false` sends none. Defaults to counts from the chunks. */
  usage?: ScriptedUsage | false;
  /** Delay before every chunk, in ms. */
  chunkDelayMs?: number;
  /** Delay before the response headers, in ms. */
  headersDelayMs?: number;
  /** Destroy the socket right after the finish chunk (no usage chunk, no [DONE]). */
  dieAfterFinish?: boolean;
}

/** An HTTP error before any stream. `body` is sent as JSON unless it is a string. */
export interface ErrorTurn {
  kind: 'error';
  status: number;
  body: unknown;
}

/** Accept the request and never answer. */
export interface HangTurn {
  kind: 'hang';
}

/** Destroy the connection before any response. */
export interface DropTurn {
  kind: 'drop';
}

export type ScriptedTurn = StreamTurn | ErrorTurn | HangTurn | DropTurn;

/** A model the fake server lists. */
export interface FakeModel {
  id: string;
  /** Loaded in memory (LM Studio state, llama.cpp router status, Ollama /api/ps). Default true. */
  loaded?: boolean;
  type?: 'llm' | 'vlm' | 'embeddings';
  contextLength?: number;
  maxContextLength?: number;
  quantization?: string;
  arch?: string;
  toolUse?: boolean;
  /** Being loaded right now (LM Studio's `state: loading`, the llama.cpp router's `loading`). */
  loading?: boolean;
  /** LM Studio: the ids of its loaded instances (default: the model id, once, when loaded). */
  instanceIds?: string[];
  /** llama.cpp router: the last load failed (`status.failed`). */
  loadFailed?: boolean;
}

/** Splits text into word-sized deltas (each keeps its leading space), as models stream. */
export function words(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

/** A plain streamed answer, word by word. */
export function textTurn(text: string, options: Omit<StreamTurn, 'chunks' | 'kind'> = {}): StreamTurn {
  return { ...options, chunks: words(text).map((w) => ({ text: w })) };
}

/** An answer streamed in small pieces (1 to `max` characters, seeded), so any tag in it is split somewhere. */
export function piecesTurn(text: string, options: Omit<StreamTurn, 'chunks' | 'kind'> & { seed?: number; max?: number } = {}): StreamTurn {
  const { seed = 1, max = 4, ...rest } = options;
  return { ...rest, chunks: smallPieces(text, seed, max).map((piece) => ({ text: piece })) };
}

/** A turn that only calls tools. */
export function toolTurn(calls: ScriptedToolCall[], options: Omit<StreamTurn, 'chunks' | 'kind'> = {}): StreamTurn {
  return { ...options, chunks: [{ toolCalls: calls }] };
}

/** A turn that answers with the last tool result it was given, after `prefix`. */
export function toolResultTurn(prefix = ''): StreamTurn {
  return { chunks: [...(prefix ? [{ text: prefix }] : []), { lastToolResult: true as const }] };
}

/** The turn with each `lastToolResult` step replaced by that text, from the request's messages (OpenAI or Anthropic shape). */
export function withToolResults(turn: StreamTurn, messages: unknown): StreamTurn {
  if (!turn.chunks.some((c) => 'lastToolResult' in c)) return turn;
  const text = lastToolResult(messages) ?? '(no tool result)';
  return { ...turn, chunks: turn.chunks.map((c) => ('lastToolResult' in c ? { text } : c)) };
}

function lastToolResult(messages: unknown): string | undefined {
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown };
    if (m.role === 'tool') return typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
    if (m.role === 'user' && Array.isArray(m.content)) {
      const block = (m.content as { type?: unknown; content?: unknown }[]).findLast((b) => b.type === 'tool_result');
      if (block) return typeof block.content === 'string' ? block.content : JSON.stringify(block.content);
    }
  }
  return undefined;
}

export function errorTurn(status: number, body: unknown): ErrorTurn {
  return { kind: 'error', status, body };
}

export const DEFAULT_REPLY = 'Hello! I am the fake server, answering as scripted.';

export function defaultTurn(): StreamTurn {
  return textTurn(DEFAULT_REPLY);
}
