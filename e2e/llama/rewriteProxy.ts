import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small test proxy in front of a real llama-server that rewrites each chat
 * request before passing it on, and streams the answer back untouched: the
 * way to make the random model write an exact text (a GBNF grammar whose
 * only sentence is that text, with `tools` removed, since llama-server drops
 * any grammar when the request carries tools), or to force the server's own
 * tool-call grammar (`tool_choice: "required"`). It records every chat body
 * as the client sent it, before the rewrite.
 */

export type ChatBody = Record<string, unknown> & { messages?: unknown[]; tools?: unknown[] };

/** Rewrites the n-th chat request (0-based). */
export type Rewrite = (body: ChatBody, index: number) => ChatBody;

export interface RewriteProxy {
  /** `http://127.0.0.1:<port>/v1`. */
  readonly baseURL: string;
  /** Chat bodies as the client sent them, in order. */
  readonly received: ChatBody[];
  /** The server's answers to them (the SSE text), in order, once each has ended. */
  readonly answers: string[];
  setRewrite(rewrite: Rewrite): void;
  close(): Promise<void>;
}

/** Larger than any test's request. */
const MAX_BODY = 8 * 1024 * 1024;

export async function startRewriteProxy(targetBaseURL: string, initial: Rewrite = (b) => b): Promise<RewriteProxy> {
  const target = new URL(targetBaseURL);
  let rewrite = initial;
  const received: ChatBody[] = [];
  const answers: string[] = [];

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, record?: number) => {
    const headers = { ...req.headers, host: target.host };
    if (body) headers['content-length'] = String(body.length);
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (record !== undefined) {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => (answers[record] = Buffer.concat(parts).toString('utf8')));
      }
      answer.pipe(res);
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `proxy: ${e.message}` } }));
    });
    // A client that goes away takes the upstream request with it, so the server stops generating.
    res.on('close', () => upstream.destroy());
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return forward(req, res, raw.length ? raw : undefined);
      let body: ChatBody;
      try {
        body = JSON.parse(raw.toString('utf8')) as ChatBody;
      } catch {
        return forward(req, res, raw);
      }
      received.push(structuredClone(body));
      const index = received.length - 1;
      forward(req, res, Buffer.from(JSON.stringify(rewrite(body, index))), index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    received,
    answers,
    setRewrite(next) {
      rewrite = next;
      received.length = 0;
      answers.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A GBNF grammar whose only sentence is `text`. */
export function exactGrammar(text: string): string {
  const escaped = text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `root ::= "${escaped}"`;
}

/** The request as a server without a tool parser would see it, made to answer exactly `text`. */
export function writeExactly(body: ChatBody, text: string): ChatBody {
  const { tools: _tools, tool_choice: _choice, ...rest } = body;
  return { ...rest, grammar: exactGrammar(text) };
}
