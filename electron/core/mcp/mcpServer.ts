import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool as McpToolDef } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerState, McpServerStatus, McpToolInfo, McpTransportKind } from '../../../shared/mcp';
import { PunieError } from '../errors';
import type { Logger } from '../log';
import { connectServer, HandshakeTimeout, type Connected, type MessageTap } from './connectServer';
import type { McpServerSpec } from './mcpServerSpec';
import type { Env } from './serverEnv';
import { StderrTail } from './stderrTail';

/**
 * One MCP server over its life: connects (state `starting`), lists its
 * tools (`connected`), follows `tools/list_changed`, and when it goes away
 * unasked (a crash, a dropped connection) starts it again after a backoff
 * (`restarting`), giving up after a few tries in a row (`failed`, with the
 * reason and the last lines of its stderr). A handshake that times out is
 * not retried: a server that hangs at start would hang again. `stop()` ends
 * it for good and resolves once its process group is gone.
 */

export interface RestartPolicy {
  /** Restarts in a row before the server is marked failed. */
  maxRestarts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Connected at least this long: the next crash starts the count again. */
  stableMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { maxRestarts: 3, baseDelayMs: 1_000, maxDelayMs: 15_000, stableMs: 60_000 };
export const DEFAULT_INIT_TIMEOUT_MS = 30_000;
/** Tools kept per server, and pages of tools/list read. */
const MAX_TOOLS = 200;
const MAX_LIST_PAGES = 20;
const LIST_TIMEOUT_MS = 30_000;

export interface McpServerDeps {
  baseEnv(): Promise<Env>;
  clientInfo: { name: string; version: string };
  initTimeoutMs?: number;
  restart?: Partial<RestartPolicy>;
  closeGraceMs?: number;
  log: Logger;
  /** State, tools or stderr changed. */
  onChange(): void;
  tap?: MessageTap;
}

export interface CallOptions {
  signal: AbortSignal;
  timeoutMs: number;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

export class McpServer {
  private state: McpServerState;
  private error: string | undefined;
  private tools: McpToolDef[] = [];
  private readonly stderr = new StderrTail();
  private connection: Connected | undefined;
  private serverInfo: { name: string; version: string } | undefined;
  private restarts = 0;
  private connectedAt = 0;
  /** Bumped on every (re)start and on stop: callbacks of an older connection are ignored. */
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly lifetime = new AbortController();
  private readonly settledWaiters = new Set<() => void>();
  private stopping: Promise<void> | undefined;
  /** The connection attempt under way, so stop() can wait for its process to be closed too. */
  private attempt: Promise<void> | undefined;
  private readonly policy: RestartPolicy;

  constructor(
    readonly spec: McpServerSpec,
    private readonly deps: McpServerDeps,
    options: { hold?: 'needs-approval' } = {},
  ) {
    this.policy = { ...DEFAULT_RESTART_POLICY, ...deps.restart };
    if (spec.invalid !== undefined) {
      this.state = 'failed';
      this.error = spec.invalid;
    } else if (spec.disabled) {
      this.state = 'disabled';
    } else {
      this.state = options.hold ?? 'stopped';
    }
  }

  /** Begins connecting (once); a disabled, invalid or held server stays as it is. */
  start(): void {
    if (this.state !== 'stopped' || this.stopping) return;
    this.connect();
  }

  /** A failed server tries again now, with its count of restarts reset. */
  retry(): void {
    if (this.stopping || this.spec.invalid !== undefined || this.spec.disabled) return;
    if (this.state !== 'failed' && this.state !== 'stopped') return;
    this.restarts = 0;
    this.connect();
  }

  get currentState(): McpServerState {
    return this.state;
  }

  /**
   * Settled: not in the middle of a connection attempt. A server waiting to
   * restart is settled (a run does not wait out its backoff; its tools are
   * back for the next run).
   */
  isSettled(): boolean {
    return this.state !== 'starting';
  }

  /** Resolves once settled or when the signal aborts. */
  settled(signal: AbortSignal): Promise<void> {
    if (this.isSettled() || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        this.settledWaiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.settledWaiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** The tools of a connected server (none otherwise), as the server described them. */
  toolDefs(): readonly McpToolDef[] {
    return this.state === 'connected' ? this.tools : [];
  }

  /** The process id of a stdio server while it runs (tests, the bench). */
  pid(): number | undefined {
    return this.connection?.process?.pid;
  }

  status(names: ReadonlyMap<string, string>): McpServerStatus {
    const tools: McpToolInfo[] = this.toolDefs().map((t) => ({
      name: names.get(t.name) ?? t.name,
      tool: t.name,
      ...(t.title ?? t.annotations?.title ? { title: t.title ?? t.annotations?.title } : {}),
      ...(t.description ? { description: t.description } : {}),
      ...(t.annotations?.readOnlyHint === true ? { readOnly: true } : {}),
    }));
    return {
      name: this.spec.name,
      source: this.spec.source,
      transport: this.transportKind(),
      target: this.spec.target,
      state: this.state,
      tools,
      ...(this.error === undefined ? {} : { error: this.error }),
      stderr: this.stderr.snapshot(),
      ...(this.serverInfo ? { serverInfo: this.serverInfo } : {}),
      restarts: this.restarts,
      timeoutMs: this.spec.timeoutMs,
    };
  }

  async callTool(tool: string, args: Record<string, unknown>, options: CallOptions): Promise<CallToolResult> {
    const client = this.state === 'connected' ? this.connection?.client : undefined;
    if (!client) {
      throw new PunieError('tool-failed', `The MCP server "${this.spec.name}" is ${stateWords(this.state)}, so its tool ${tool} cannot run now.`, {
        hint: this.state === 'failed' ? 'See Settings → MCP servers (or punie mcp list) for why.' : 'Try again in a moment.',
      });
    }
    // The SDK leaves its abort listener on the signal it is given: give it one per call, tied to the run's, and let it go after.
    const call = new AbortController();
    // The reason goes to the server in notifications/cancelled: words, not an error's class name.
    const onAbort = () => call.abort('The user stopped the run.');
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.callWith(client, tool, args, options, call.signal);
    } finally {
      options.signal.removeEventListener('abort', onAbort);
    }
  }

  private async callWith(client: Client, tool: string, args: Record<string, unknown>, options: CallOptions, signal: AbortSignal): Promise<CallToolResult> {
    const result = await client.callTool({ name: tool, arguments: args }, undefined, {
      signal,
      timeout: options.timeoutMs,
      ...(options.onProgress
        ? {
            onprogress: (p: { progress: number; total?: number; message?: string }) =>
              options.onProgress?.({ progress: p.progress, ...(p.total === undefined ? {} : { total: p.total }), ...(p.message === undefined ? {} : { message: p.message }) }),
          }
        : {}),
    });
    return result as CallToolResult;
  }

  /** Stops for good: no restart, the process group ended. Resolves once it is gone. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.generation += 1;
      this.lifetime.abort();
      if (this.timer) clearTimeout(this.timer);
      const connection = this.connection;
      this.connection = undefined;
      if (this.state !== 'disabled' && this.state !== 'needs-approval' && this.spec.invalid === undefined) this.setState('stopped');
      if (connection) await connection.client.close().catch(() => undefined);
      // An attempt still in its handshake was aborted above; it closes what it started before it ends.
      await this.attempt;
    })();
    return this.stopping;
  }

  private connect(): void {
    const generation = ++this.generation;
    this.setState('starting');
    this.track(this.connectOnce(generation));
  }

  private track(attempt: Promise<void>): void {
    const tracked = attempt.catch((e: unknown) => this.deps.log.error('an MCP connection attempt failed unexpectedly', { error: messageOf(e) }));
    this.attempt = tracked;
    void tracked.finally(() => {
      if (this.attempt === tracked) this.attempt = undefined;
    });
  }

  private async connectOnce(generation: number): Promise<void> {
    let connection: Connected;
    try {
      connection = await connectServer({
        spec: this.spec,
        baseEnv: await this.deps.baseEnv(),
        clientInfo: this.deps.clientInfo,
        clientOptions: { listChanged: { tools: { autoRefresh: false, debounceMs: 100, onChanged: () => void this.refreshTools(generation) } } },
        onStderr: (text) => {
          if (generation !== this.generation) return;
          this.stderr.push(text);
        },
        initTimeoutMs: this.deps.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS,
        signal: this.lifetime.signal,
        ...(this.deps.closeGraceMs === undefined ? {} : { closeGraceMs: this.deps.closeGraceMs }),
        ...(this.deps.tap ? { tap: this.deps.tap } : {}),
      });
    } catch (e) {
      if (generation !== this.generation) return;
      if (e instanceof HandshakeTimeout) return this.fail(e.message);
      return this.crashed(e instanceof PunieError ? e.message : `It could not be started: ${messageOf(e)}`);
    }
    if (generation !== this.generation) {
      await connection.client.close().catch(() => undefined);
      return;
    }
    this.connection = connection;
    connection.client.onclose = () => {
      if (generation !== this.generation) return;
      this.connection = undefined;
      this.crashed(this.exitWords(connection, 'The server stopped unexpectedly'));
    };
    try {
      this.tools = await this.listTools(connection.client);
    } catch (e) {
      if (generation !== this.generation) return;
      this.deps.log.warn('an MCP server could not list its tools', { server: this.spec.name, error: messageOf(e) });
      this.tools = [];
      this.error = `It connected but could not list its tools: ${messageOf(e)}`;
    }
    if (generation !== this.generation) return;
    this.serverInfo = connection.client.getServerVersion() ? { name: connection.client.getServerVersion()!.name, version: connection.client.getServerVersion()!.version } : undefined;
    this.connectedAt = performance.now();
    if (this.error?.startsWith('It connected') !== true) this.error = undefined;
    this.setState('connected');
  }

  private crashed(reason: string): void {
    if (this.stopping) return;
    const stable = this.connectedAt > 0 && performance.now() - this.connectedAt >= this.policy.stableMs;
    if (stable) this.restarts = 0;
    this.connectedAt = 0;
    this.tools = [];
    if (this.restarts >= this.policy.maxRestarts) {
      this.fail(this.restarts === 0 ? reason : `${reason} It was restarted ${this.restarts} time${this.restarts === 1 ? '' : 's'} and gave up.`);
      return;
    }
    this.restarts += 1;
    this.error = reason;
    this.setState('restarting');
    const delay = Math.min(this.policy.baseDelayMs * 2 ** (this.restarts - 1), this.policy.maxDelayMs);
    const generation = ++this.generation;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (generation !== this.generation || this.stopping) return;
      this.setState('starting');
      this.track(this.connectOnce(generation));
    }, delay);
    this.timer.unref?.();
  }

  private fail(reason: string): void {
    this.error = reason;
    this.tools = [];
    const connection = this.connection;
    this.connection = undefined;
    this.generation += 1;
    if (connection) void connection.client.close().catch(() => undefined);
    this.setState('failed');
  }

  private async refreshTools(generation: number): Promise<void> {
    const client = this.connection?.client;
    if (!client || generation !== this.generation) return;
    try {
      const tools = await this.listTools(client);
      if (generation !== this.generation) return;
      this.tools = tools;
      this.deps.onChange();
    } catch (e) {
      if (generation !== this.generation || this.stopping) return;
      this.deps.log.warn('an MCP server could not list its changed tools', { server: this.spec.name, error: messageOf(e) });
    }
  }

  /** Every page of tools/list (bounded); tools that only run as tasks are left out (Punie does not run tasks). */
  private async listTools(client: Client): Promise<McpToolDef[]> {
    if (!client.getServerCapabilities()?.tools) return [];
    const tools: McpToolDef[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const result = await client.listTools(cursor === undefined ? {} : { cursor }, { signal: this.lifetime.signal, timeout: LIST_TIMEOUT_MS });
      for (const tool of result.tools) {
        if (tool.execution?.taskSupport === 'required') continue;
        if (tools.length < MAX_TOOLS && !tools.some((t) => t.name === tool.name)) tools.push(tool);
      }
      cursor = result.nextCursor;
      if (!cursor || tools.length >= MAX_TOOLS) break;
    }
    if (tools.length >= MAX_TOOLS) this.deps.log.warn('an MCP server offers more tools than Punie keeps', { server: this.spec.name, kept: MAX_TOOLS });
    return tools;
  }

  private exitWords(connection: Connected, fallback: string): string {
    const exit = connection.process?.exit;
    if (!exit) return `${fallback}.`;
    if (exit.signal) return `The server was stopped by ${exit.signal}.`;
    return `The server exited with code ${exit.code ?? 'unknown'}.`;
  }

  private transportKind(): McpTransportKind {
    if (this.connection) return this.connection.kind;
    return this.spec.launch.kind === 'stdio' ? 'stdio' : this.spec.launch.kind === 'sse' ? 'sse' : 'http';
  }

  private setState(state: McpServerState): void {
    this.state = state;
    if (this.isSettled()) for (const waiter of [...this.settledWaiters]) waiter();
    this.deps.onChange();
  }
}

function stateWords(state: McpServerState): string {
  switch (state) {
    case 'starting':
      return 'still starting';
    case 'restarting':
      return 'restarting after a crash';
    case 'failed':
      return 'not running (it failed)';
    case 'disabled':
      return 'disabled';
    case 'needs-approval':
      return 'waiting for your approval';
    default:
      return 'not running';
  }
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message.replace(/^MCP error -?\d+: /, '');
  return String(e);
}
