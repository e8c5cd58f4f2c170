import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { APIError } from 'openai';
import { PunieError } from '../errors';

/**
 * Reads a chat-completions SSE response body into parsed chunks, handed to
 * `onChunk` synchronously as each network read is parsed: one await per
 * read, none per event. The `openai` SDK still sends the request (retries,
 * HTTP errors); only its stream parser is replaced, because it re-copies its
 * whole buffer on every network read (a 20 MB event cost 39 s of CPU) and
 * awaits several async generators per event. `eventsource-parser` keeps the
 * unfinished event as a list of fragments, so an event costs time linear in
 * its size, and it refuses one larger than the cap.
 *
 * Same meaning as the SDK's reader: `[DONE]` ends the answer, a chunk with an
 * `error` field fails as the SDK's APIError, malformed JSON as a SyntaxError
 * (both classified by classifyError.ts).
 */

export interface SseCaps {
  /** Largest single event, in characters (data lines and the unfinished line together). */
  maxEventChars: number;
}

/** 8 Mi characters: far above any real chunk (a whole tool call streamed at once is kilobytes), far below what hurts. */
export const DEFAULT_MAX_EVENT_CHARS = 8 * 1024 * 1024;
/** What may still arrive after `[DONE]` before the reader stops listening. */
const AFTER_DONE_CHARS = 64 * 1024;

export interface ReadChatStreamOptions {
  caps?: SseCaps;
  /** Called on every network read, comments and keep-alives included (the idle watchdog's arm). */
  onRead?: () => void;
}

export async function readChatStream(body: ReadableStream<Uint8Array> | null, onChunk: (raw: unknown) => void, options: ReadChatStreamOptions = {}): Promise<void> {
  if (!body) return;
  const caps = options.caps ?? { maxEventChars: DEFAULT_MAX_EVENT_CHARS };
  const onRead = options.onRead;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let done = false;
  let afterDone = 0;
  let failure: unknown;
  const parser = createParser({
    maxBufferSize: caps.maxEventChars,
    onEvent(event: EventSourceMessage) {
      if (done) return;
      if (event.data.startsWith('[DONE]')) {
        done = true;
        return;
      }
      // Throws SyntaxError on malformed JSON, as the SDK does.
      const data: unknown = JSON.parse(event.data);
      if (data && typeof data === 'object' && (data as { error?: unknown }).error) {
        throw new APIError(undefined, (data as { error: object }).error, undefined, new Headers());
      }
      onChunk(data);
    },
    onError(error: ParseError) {
      // Unknown fields and bad `retry` values are ignored, as browsers do; only an oversized event stops the stream.
      if (error.type === 'max-buffer-size-exceeded') failure ??= tooLarge(caps.maxEventChars);
    },
  });
  let finished = false;
  try {
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) {
        finished = true;
        break;
      }
      onRead?.();
      const text = decoder.decode(value, { stream: true });
      if (done) {
        afterDone += text.length;
        if (afterDone > AFTER_DONE_CHARS) break;
        continue;
      }
      parser.feed(text);
      if (failure) throw failure;
    }
    if (!done) {
      parser.feed(decoder.decode());
      if (failure) throw failure;
      // A last event without its blank line still counts; a cut-off one is the stream ending early, not a malformed one.
      try {
        parser.feed('\n\n');
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
      }
    }
  } finally {
    // Stop the server: cancelling the body closes the socket unless it already ended.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function tooLarge(maxChars: number): PunieError {
  return new PunieError('stream-too-large', `The server sent a single stream event larger than ${formatChars(maxChars)}; the stream was stopped.`, {
    hint: 'The server or a proxy in front of it is misbehaving; check its log, or try again.',
  });
}

export function formatChars(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} Mi characters` : n >= 1024 ? `${Math.round(n / 1024)} Ki characters` : `${n} characters`;
}
