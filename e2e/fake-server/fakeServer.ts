import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { writeAnthropicStream } from './anthropicWire';
import { discoveryAnswer, notFoundAnswer, type DiscoveryState } from './discoveryRoutes';
import { createModelControl } from './modelControl';
import { openAICompletion, writeOpenAIStream } from './openaiWire';
import { authErrorFor, DEFAULT_MODELS, modelErrorFor, PROFILE_QUIRKS } from './profiles';
import { defaultTurn, withToolResults, type FakeModel, type FakeProfile, type ScriptedTurn, type StreamTurn } from './script';
import { roughTokens, type WireOut } from './wireOut';

/**
 * A scripted fake of the model servers Punie talks to (node:http, no
 * framework): LM Studio, mlx-lm.server, llama.cpp, Ollama, OpenAI, and
 * Anthropic's wire format. It records every request and how its connection
 * ended, so tests can check headers, bodies and aborts.
 */
export interface FakeServerOptions {
  /** Which server to imitate. Default `openai`. */
  profile?: FakeProfile;
  /** Models listed and served. Default: a realistic set for the profile. */
  models?: FakeModel[];
  /** Turns answered in order; an empty queue answers with a default reply. */
  script?: ScriptedTurn[];
  /** When set, requests must carry this key (Bearer, or x-api-key for Anthropic). */
  apiKey?: string;
  /** llama.cpp router mode: per-model `status`, and chats to unloaded models fail. */
  router?: boolean;
  /** LM Studio: which REST listings answer. Default both. */
  lmstudioApi?: DiscoveryState['lmstudioApi'];
  /** LM Studio: just-in-time loading of listed models on the first request. Default true. */
  jit?: boolean;
  /** Ollama: tool calls carry `index: 0` each (default) or no index. */
  ollamaToolIndex?: 'zero' | 'missing';
  /** When the queue runs out, start the script over (for people trying things by hand). */
  repeatScript?: boolean;
  /** Every request is accepted and never answered (a black-holed port). */
  hangAll?: boolean;
  /** GET requests other than the OpenAI model listing answer only after this long (a server busy with a load). */
  discoveryDelayMs?: number;
  /** mlx-lm: started with this local folder (listed last in /v1/models as the path; chats may name it). */
  mlxModelPath?: string;
  /** llama.cpp router mode with autoload on: a chat to a listed, unloaded model loads it. Default false. */
  routerAutoload?: boolean;
  /** LM Studio with `jit: false`: /v1/models lists only the loaded models, as the real server does. Default false. */
  lmstudioListsLoadedOnly?: boolean;
  /** llama.cpp router mode: the arguments it starts each model with, listed as `status.args` (`--ctx-size N` sets the context a load gets). */
  routerArgs?: string[];
  /** How long loading a model takes (LM Studio's REST load, the llama.cpp router's load). Default 200 ms. */
  loadDelayMs?: number;
  /** Loads fail with this message. */
  loadError?: string;
  /** Server version reported by /api/version, /props. */
  version?: string;
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  rawBody: string;
  /** The client closed the connection before the response ended. */
  clientClosedEarly: boolean;
  /** Resolves when the response ended or the connection closed. */
  done: Promise<void>;
}

export interface FakeServer {
  readonly profile: FakeProfile;
  /** Base URL ending in /v1. */
  readonly baseURL: string;
  /** http://127.0.0.1:port */
  readonly origin: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Only the chat requests (chat completions or Anthropic messages). */
  chatRequests(): RecordedRequest[];
  /** Replaces the queue of scripted turns. */
  setScript(turns: ScriptedTurn[]): void;
  /** Appends turns to the queue. */
  push(...turns: ScriptedTurn[]): void;
  /** Replaces the listed models (e.g. to load or unload one). */
  setModels(models: FakeModel[]): void;
  readonly models: readonly FakeModel[];
  /** Loads and unloads asked for through the servers' APIs, in order (`load m 8192`, `unload m`, `cancel m`). */
  readonly controlLog: readonly string[];
  setHangAll(hang: boolean): void;
  /** TCP connections accepted and closed so far. */
  readonly connections: { readonly opened: number; readonly closed: number };
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;
const CHAT_PATHS = new Set(['/v1/chat/completions', '/chat/completions']);

export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const profile = options.profile ?? 'openai';
  let models: FakeModel[] = (options.models ?? DEFAULT_MODELS[profile]).map((m) => ({ ...m }));
  let queue: ScriptedTurn[] = [...(options.script ?? [])];
  let hangAll = options.hangAll ?? false;
  let closing = false;
  let idCounter = 0;
  const nextId = () => ++idCounter;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const connections = { opened: 0, closed: 0 };
  const control = createModelControl({
    profile,
    models: () => models,
    lmstudioApi: options.lmstudioApi ?? 'both',
    router: options.router ?? false,
    ...(options.routerArgs ? { routerArgs: options.routerArgs } : {}),
    loadDelayMs: options.loadDelayMs ?? 200,
    ...(options.loadError ? { loadError: options.loadError } : {}),
  });

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    connections.opened += 1;
    sockets.add(socket);
    socket.on('close', () => {
      connections.closed += 1;
      sockets.delete(socket);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    let serverDestroyed = false;
    let resolveDone: () => void = () => {};
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: { ...req.headers },
      body,
      rawBody,
      clientClosedEarly: false,
      done: new Promise<void>((r) => (resolveDone = r)),
    };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished && !serverDestroyed && !closing) record.clientClosedEarly = true;
      resolveDone();
    });
    if (hangAll) return;

    const out: WireOut = {
      write: (text) => {
        if (!res.destroyed) res.write(text);
      },
      closed: () => closing || res.destroyed || res.writableEnded,
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          if (res.destroyed) return resolve();
          // One listener per pause, removed when the pause ends, so a long paced stream never piles them up.
          const wake = () => {
            clearTimeout(t);
            res.off('close', wake);
            resolve();
          };
          const t = setTimeout(wake, ms);
          res.once('close', wake);
        }),
      destroy: () =>
        new Promise<void>((resolve) => {
          serverDestroyed = true;
          const socket = req.socket;
          const kill = () => {
            socket.destroy();
            resolve();
          };
          // An empty write's callback runs once everything before it reached the kernel.
          if (socket.destroyed || !socket.writable) kill();
          else socket.write('', kill);
        }),
    };

    if (options.apiKey !== undefined && !hasKey(req, profile, options.apiKey)) {
      const a = authErrorFor(profile);
      return sendJson(res, a.status, a.body);
    }
    if (record.method === 'GET') {
      if (options.discoveryDelayMs && path !== '/v1/models') await out.sleep(options.discoveryDelayMs);
      const answer = discoveryAnswer(
        {
          profile,
          models,
          router: options.router ?? false,
          lmstudioApi: options.lmstudioApi ?? 'both',
          version: options.version ?? defaultVersion(profile),
          ...(options.mlxModelPath ? { mlxModelPath: options.mlxModelPath } : {}),
          ...(options.routerAutoload ? { routerAutoload: true } : {}),
          ...(options.lmstudioListsLoadedOnly ? { lmstudioListsLoadedOnly: true } : {}),
          ...(options.routerArgs ? { routerArgs: options.routerArgs } : {}),
        },
        path,
      );
      const a = answer ?? notFoundAnswer(profile, record.method, path);
      return sendJson(res, a.status, a.body);
    }
    const controlled = record.method === 'POST' ? control.handle(path, body) : undefined;
    if (controlled) {
      const a = await controlled;
      return sendJson(res, a.status, a.body);
    }
    const isAnthropic = profile === 'anthropic' && path === '/v1/messages';
    if (record.method !== 'POST' || (!isAnthropic && (profile === 'anthropic' || !CHAT_PATHS.has(path)))) {
      const a = notFoundAnswer(profile, record.method, path);
      return sendJson(res, a.status, a.body);
    }
    const request = (body ?? {}) as { model?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown }; messages?: unknown };
    const model = typeof request.model === 'string' ? request.model : '';
    const modelError = checkModel(model);
    if (modelError) return sendJson(res, modelError.status, modelError.body);

    if (queue.length === 0 && options.repeatScript && options.script?.length) queue = [...options.script];
    const turn = queue.shift() ?? defaultTurn();
    if (turn.kind === 'error') return sendJson(res, turn.status, turn.body);
    if (turn.kind === 'hang') return;
    if (turn.kind === 'drop') return void (await out.destroy());
    const streamTurn: StreamTurn = withToolResults(turn, request.messages);
    const promptTokens = roughTokens(JSON.stringify(request.messages ?? ''));
    if (streamTurn.headersDelayMs) await out.sleep(streamTurn.headersDelayMs);
    if (out.closed()) return;

    if (isAnthropic) {
      if (request.stream !== true) return sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'the fake serves streams only' } });
      startSse(res);
      await writeAnthropicStream(out, streamTurn, { model: model || 'claude', promptTokens, nextId });
      if (!out.closed()) res.end();
      return;
    }
    const wireOptions = {
      quirks: PROFILE_QUIRKS[profile as Exclude<FakeProfile, 'anthropic'>],
      model: model || models.find((m) => m.loaded !== false)?.id || 'model',
      includeUsage: request.stream_options?.include_usage === true,
      promptTokens,
      ollamaToolIndex: options.ollamaToolIndex ?? 'zero',
      nextId,
    };
    if (request.stream !== true) return sendJson(res, 200, openAICompletion(streamTurn, wireOptions));
    startSse(res);
    await writeOpenAIStream(out, streamTurn, wireOptions);
    if (!out.closed()) res.end();
  }

  /** Each server's rules for which model names it will serve. */
  function checkModel(model: string): { status: number; body: unknown } | undefined {
    const anyLoaded = models.some((m) => m.loaded !== false);
    const listed = models.find((m) => m.id === model);
    switch (profile) {
      case 'llama.cpp':
        if (!options.router) return undefined; // one model: any name is served by it
        if (listed && listed.loaded === false && options.routerAutoload) listed.loaded = true;
        return listed && listed.loaded !== false ? undefined : modelErrorFor(profile, model, anyLoaded);
      case 'lmstudio':
        if (model === '' && anyLoaded) return undefined;
        if (listed && (listed.loaded !== false || options.jit !== false)) {
          listed.loaded = true;
          return undefined;
        }
        return modelErrorFor(profile, model, anyLoaded);
      case 'mlx-lm':
        if (model === '' || model === 'default_model' || listed || (options.mlxModelPath !== undefined && model === options.mlxModelPath)) return undefined;
        return modelErrorFor(profile, model, anyLoaded);
      default:
        return listed ? undefined : modelErrorFor(profile, model, anyLoaded);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    profile,
    baseURL: `${origin}/v1`,
    origin,
    port,
    requests,
    chatRequests: () => requests.filter((r) => r.method === 'POST' && (CHAT_PATHS.has(r.path) || r.path === '/v1/messages')),
    setScript: (turns) => {
      queue = [...turns];
    },
    push: (...turns) => {
      queue.push(...turns);
    },
    setModels: (next) => {
      models = next.map((m) => ({ ...m }));
    },
    get models() {
      return models;
    },
    controlLog: control.log,
    setHangAll: (hang) => {
      hangAll = hang;
    },
    connections,
    close: async () => {
      closing = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function defaultVersion(profile: FakeProfile): string {
  if (profile === 'ollama') return '0.12.6';
  if (profile === 'llama.cpp') return 'b6869-fake';
  if (profile === 'lmstudio') return '0.3.31';
  return '1.0.0';
}

function hasKey(req: IncomingMessage, profile: FakeProfile, key: string): boolean {
  // Anthropic's API takes x-api-key; its newer SDKs send the key as a Bearer token.
  if (profile === 'anthropic') return req.headers['x-api-key'] === key || req.headers.authorization === `Bearer ${key}`;
  if (!PROFILE_QUIRKS[profile].checksKey) return true;
  return req.headers.authorization === `Bearer ${key}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}
