/** Where a wire writer sends its bytes; the server implements it over one response. */
export interface WireOut {
  /** Writes raw text to the response body. */
  write(text: string): void;
  /** True once the client went away or the server is closing. */
  closed(): boolean;
  /** Sleeps, waking early when the connection closes. */
  sleep(ms: number): Promise<void>;
  /** Destroys the socket once what was written has left: the server "dies" mid-stream. */
  destroy(): Promise<void>;
}

export function sseData(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Splits text into about `parts` pieces (at least one). */
export function pieces(text: string, parts: number): string[] {
  if (text.length === 0) return [''];
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** A rough token count: about four characters a token, at least one. */
export function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
