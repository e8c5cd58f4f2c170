import { Client, type ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { McpTransportKind } from '../../../shared/mcp';
import { PunieError } from '../errors';
import type { McpServerSpec } from './mcpServerSpec';
import { ProcessGroupTransport } from './processGroupTransport';
import { serverEnv, type Env } from './serverEnv';

/**
 * Connects the SDK's Client to one server and runs the MCP handshake:
 * a program over stdio (in its own process group), or a URL over Streamable
 * HTTP, falling back to the older HTTP+SSE transport when the server
 * refuses Streamable HTTP with a 4xx (the SDK's documented way to tell them
 * apart). The handshake is bounded by `initTimeoutMs`; a server that does
 * not answer in time is closed (its process group stopped).
 */

export interface ConnectOptions {
  spec: McpServerSpec;
  /** The environment PATH and HOME are taken from (Punie's child environment). */
  baseEnv: Env;
  clientInfo: { name: string; version: string };
  /** Passed to the Client (list-changed handlers). */
  clientOptions?: ClientOptions;
  onStderr?: (text: string) => void;
  initTimeoutMs: number;
  signal: AbortSignal;
  closeGraceMs?: number;
  /** Sees every message sent and received (tests and the bench). */
  tap?: MessageTap;
}

export interface MessageTap {
  sent(message: unknown): void;
  received(message: unknown): void;
}

export interface Connected {
  client: Client;
  transport: Transport;
  kind: McpTransportKind;
  /** For stdio servers: the process (its pid, how it exited). */
  process?: ProcessGroupTransport;
}

/** Thrown when the handshake did not finish in time; the server is not retried. */
export class HandshakeTimeout extends PunieError {
  constructor(seconds: number) {
    super('tool-timeout', `The server did not finish the MCP handshake within ${seconds} s.`, {
      hint: 'Check that the command starts an MCP server on stdio (not a web server, not one waiting for input), then restart it.',
    });
  }
}

export async function connectServer(options: ConnectOptions): Promise<Connected> {
  const { spec } = options;
  const launch = spec.launch;
  if (launch.kind === 'stdio') {
    const transport = new ProcessGroupTransport({
      command: launch.command,
      args: launch.args,
      env: serverEnv(launch.env, options.baseEnv),
      cwd: launch.cwd,
      ...(options.onStderr ? { onStderr: options.onStderr } : {}),
      ...(options.closeGraceMs === undefined ? {} : { closeGraceMs: options.closeGraceMs }),
    });
    try {
      const client = await handshake(tapped(transport, options.tap), options);
      return { client, transport, kind: 'stdio', process: transport };
    } catch (e) {
      const exit = transport.exit;
      if (!exit || e instanceof HandshakeTimeout) throw e;
      const how = exit.signal ? `was stopped by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
      throw new PunieError('tool-failed', `The server ${how} before the MCP handshake finished.`, { hint: 'Its last lines on stderr usually say why.', cause: e });
    }
  }

  const url = new URL(launch.url);
  const requestInit: RequestInit = { headers: launch.headers };
  if (launch.kind === 'sse') {
    const transport = new SSEClientTransport(url, { requestInit, eventSourceInit: { fetch: withHeaders(launch.headers) } });
    return { client: await handshake(tapped(transport, options.tap), options), transport, kind: 'sse' };
  }
  const streamable = new StreamableHTTPClientTransport(url, { requestInit });
  try {
    return { client: await handshake(tapped(streamable, options.tap), options), transport: streamable, kind: 'http' };
  } catch (e) {
    if (launch.kind !== 'auto' || !refusedStreamable(e)) throw e;
  }
  const sse = new SSEClientTransport(url, { requestInit, eventSourceInit: { fetch: withHeaders(launch.headers) } });
  return { client: await handshake(tapped(sse, options.tap), options), transport: sse, kind: 'sse' };
}

async function handshake(transport: Transport, options: ConnectOptions): Promise<Client> {
  const client = new Client(options.clientInfo, { capabilities: {}, ...options.clientOptions });
  // Errors after the handshake (a stray line on stdout, a dropped SSE stream) are reported through onclose or the next call.
  client.onerror = () => undefined;
  try {
    await client.connect(transport, { timeout: options.initTimeoutMs, signal: options.signal });
    return client;
  } catch (e) {
    await client.close().catch(() => undefined);
    if (e instanceof McpError && e.code === ErrorCode.RequestTimeout && !options.signal.aborted) throw new HandshakeTimeout(Math.round(options.initTimeoutMs / 1000));
    throw e;
  }
}

/** Streamable HTTP refused with a 4xx: the server speaks only the older HTTP+SSE transport. */
function refusedStreamable(e: unknown): boolean {
  const code = e instanceof StreamableHTTPError ? e.code : undefined;
  return typeof code === 'number' && code >= 400 && code < 500;
}

/** The SSE stream's GET carries the entry's headers too (EventSource cannot take them otherwise). */
function withHeaders(headers: Record<string, string>): (url: string | URL, init?: RequestInit) => Promise<Response> {
  return (url, init) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    return fetch(url, { ...init, headers: merged });
  };
}

function tapped(transport: Transport, tap: MessageTap | undefined): Transport {
  if (!tap) return transport;
  const send = transport.send.bind(transport);
  transport.send = (message, sendOptions) => {
    tap.sent(message);
    return send(message, sendOptions);
  };
  // The Client sets onmessage when it connects: wrap it then.
  let handler: Transport['onmessage'];
  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    get: () => handler,
    set: (next: Transport['onmessage']) => {
      handler = next === undefined ? undefined : (message, extra) => {
        tap.received(message);
        next(message, extra);
      };
    },
  });
  return transport;
}
