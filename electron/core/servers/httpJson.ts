import { request as httpRequest, type IncomingMessage } from 'node:http';

/**
 * A small JSON client for probing (and managing) local servers, with what fetch does
 * not give simply: a short connect timeout (a closed or black-holed port
 * must not hold anything up), an overall timeout, a size cap, and abort.
 */
export interface GetJsonOptions {
  signal: AbortSignal;
  /** Time to establish the TCP connection. Default 500 ms. */
  connectTimeoutMs?: number;
  /** Time for the whole exchange. Default 1500 ms. */
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Largest body read. Default 2 MB. */
  maxBytes?: number;
}

export type ProbeFailure = 'refused' | 'connect-timeout' | 'timeout' | 'dns' | 'too-large' | 'aborted' | 'other';

export class ProbeError extends Error {
  readonly kind: ProbeFailure;
  constructor(kind: ProbeFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProbeError';
    this.kind = kind;
  }
}

export interface JsonAnswer {
  status: number;
  /** Parsed JSON, or undefined when the body was not JSON. */
  body: unknown;
  text: string;
}

/** The Authorization header for an endpoint's key, or none. */
export function bearer(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

export function getJson(url: string, options: GetJsonOptions): Promise<JsonAnswer> {
  return requestJson('GET', url, undefined, options);
}

/** POSTs a JSON body and reads a JSON answer, with the same bounds as getJson. */
export function postJson(url: string, body: unknown, options: GetJsonOptions): Promise<JsonAnswer> {
  return requestJson('POST', url, JSON.stringify(body), options);
}

type Send = typeof httpRequest;

function requestJson(method: 'GET' | 'POST', url: string, payload: string | undefined, options: GetJsonOptions): Promise<JsonAnswer> {
  // node:https (TLS and crypto with it) loads only for an https endpoint: local servers
  // speak plain http, and `punie status` must not pay for TLS on every start.
  if (/^https:/i.test(url)) return import('node:https').then((https) => requestWith(https.request, method, url, payload, options));
  return requestWith(httpRequest, method, url, payload, options);
}

function requestWith(send: Send, method: 'GET' | 'POST', url: string, payload: string | undefined, options: GetJsonOptions): Promise<JsonAnswer> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 1500;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  return new Promise<JsonAnswer>((resolve, reject) => {
    if (options.signal.aborted) return reject(new ProbeError('aborted', 'aborted'));
    let target: URL;
    try {
      target = new URL(url);
    } catch (e) {
      return reject(new ProbeError('other', `not a URL: ${url}`, { cause: e }));
    }
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      options.signal.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (kind: ProbeFailure, message: string, cause?: unknown) => {
      finish(() => reject(new ProbeError(kind, message, { cause })));
      req.destroy();
    };
    const headers: Record<string, string | number> = { accept: 'application/json', ...options.headers };
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    const req = send(target, { method, headers, agent: false });
    const connectTimer = setTimeout(() => fail('connect-timeout', `no connection to ${target.host} within ${connectTimeoutMs} ms`), connectTimeoutMs);
    const totalTimer = setTimeout(() => fail('timeout', `${target.host} did not answer within ${timeoutMs} ms`), timeoutMs);
    const onAbort = () => fail('aborted', 'aborted');
    options.signal.addEventListener('abort', onAbort, { once: true });
    req.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once('connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      const kind: ProbeFailure = e.code === 'ECONNREFUSED' ? 'refused' : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? 'dns' : 'other';
      fail(kind, e.message, e);
    });
    req.on('response', (res: IncomingMessage) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return fail('too-large', `answer from ${target.host} is larger than ${maxBytes} bytes`);
        parts.push(chunk);
      });
      res.on('error', (e) => fail('other', e.message, e));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        finish(() => resolve({ status: res.statusCode ?? 0, body, text }));
      });
    });
    req.end(payload);
  });
}
