import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import {
  agent,
  methods,
  ndJsonStream,
  RequestError,
  type AgentContext,
  type ListSessionsResponse,
  type McpServer,
  type SessionConfigOption,
} from '@agentclientprotocol/sdk';
import type { Conversation, ConversationSummary } from '../../shared/conversation';
import type { ParsedModelSpec } from '../../shared/modelSpec';
import type { ServersStatus } from '../../shared/serverStatus';
import type { AgentHistoryPort } from '../core/agent/agentHistoryPort';
import { PunieError } from '../core/errors';
import { createLogger } from '../core/log';
import type { ChatModel } from '../core/models/types';
import { toRequestError } from './acpErrors';
import { AcpSession } from './acpSession';
import { clientOffers, initializeResponse, type ClientOffers } from './initialize';
import { chosenSpec, modelConfigOption } from './modelOptions';
import { replayUpdates } from './replayUpdates';
import { sessionPage } from './sessionList';
import { openSessionMcp } from './sessionMcp';

/**
 * `punie acp`: Punie as an Agent Client Protocol agent on a pair of byte
 * streams (stdin and stdout), through the SDK's agent-side app over
 * newline-delimited JSON. Sessions are Punie conversations. Nothing but
 * protocol messages is written to `output`; a line that is not JSON-RPC
 * gets a JSON-RPC error and the connection goes on. Resolves when the
 * input ends (the editor closed it), after every run is stopped and the
 * history is written.
 */

const log = createLogger('acp');

/** Where sessions are loaded and listed from: the conversation history. */
export interface SessionHistory {
  get(id: string, signal: AbortSignal): Promise<Conversation>;
  list(signal: AbortSignal): Promise<ConversationSummary[]>;
}

export interface AcpAgentDeps {
  version: string;
  /** The model a new session starts with (`--model`, $PUNIE_MODEL, else `local:`). */
  defaultSpec: string;
  /** `--workspace`: every session works there, whatever folder the editor names. */
  workspace?: string;
  maxTurns: number;
  port: AgentHistoryPort;
  history: SessionHistory;
  createModel(spec: ParsedModelSpec, signal: AbortSignal): Promise<ChatModel>;
  /** The local servers and their models, for the model picker; undefined when discovery failed. */
  discover(signal: AbortSignal): Promise<ServersStatus | undefined>;
  /** Folders the tools never touch (Punie's data folders). */
  deniedRoots: readonly string[];
  /** The environment commands and MCP servers start from (secrets are removed from it), and the variables passed anyway. */
  env: Readonly<Record<string, string | undefined>>;
  passEnv: readonly string[];
  /** Punie's own MCP servers: its mcp.json or the file --mcp-config names; configPath undefined with --no-mcp. */
  mcp: { configPath?: string; dataDir: string };
  /** One line for the person watching stderr (never protocol). */
  notice(line: string): void;
}

/** How long a discovery answers every session/new and set_config_option before it is asked again. */
const DISCOVERY_TTL_MS = 10_000;

export interface AcpIo {
  input: ReadableStream<Uint8Array>;
  output: WritableStream<Uint8Array>;
  /** Closes the connection (Ctrl-C in a terminal). */
  signal?: AbortSignal;
}

export async function runAcpAgent(io: AcpIo, deps: AcpAgentDeps): Promise<void> {
  const sessions = new Map<string, AcpSession>();
  const closing = new AbortController();
  let offers: ClientOffers = { readTextFile: false, writeTextFile: false, terminal: false };
  let discovery: { at: number; status: Promise<ServersStatus | undefined> } | undefined;

  const discover = (): Promise<ServersStatus | undefined> => {
    if (!discovery || Date.now() - discovery.at > DISCOVERY_TTL_MS) {
      const status = deps.discover(closing.signal).catch((e: unknown) => {
        log.warn('model discovery failed', { error: e instanceof Error ? e.message : String(e) });
        return undefined;
      });
      discovery = { at: Date.now(), status };
    }
    return discovery.status;
  };
  const configOptions = async (spec: string): Promise<SessionConfigOption[]> => [modelConfigOption(spec, await discover())];

  const sessionOf = (sessionId: string): AcpSession => {
    const session = sessions.get(sessionId);
    if (!session) throw RequestError.sessionNotFound(sessionId);
    return session;
  };

  const open = (client: AgentContext, id: string, workspace: string, spec: string, exists: boolean, editorServers: readonly McpServer[]): AcpSession => {
    const session = new AcpSession(
      { id, workspace, spec, exists },
      {
        client,
        offers,
        port: deps.port,
        createModel: deps.createModel,
        deniedRoots: deps.deniedRoots,
        maxTurns: deps.maxTurns,
        env: deps.env,
        passEnv: deps.passEnv,
        openMcp: (dir, signal) =>
          openSessionMcp({ ...deps.mcp, workspace: dir, editorServers, env: deps.env, notice: deps.notice, signal: AbortSignal.any([signal, closing.signal]) }),
      },
    );
    sessions.set(id, session);
    return session;
  };

  const guarded =
    <P, R>(handler: (ctx: { params: P; client: AgentContext; signal: AbortSignal }) => Promise<R>) =>
    async (ctx: { params: P; client: AgentContext; signal: AbortSignal }): Promise<R> => {
      try {
        return await handler(ctx);
      } catch (e) {
        throw toRequestError(e);
      }
    };

  const app = agent({ name: 'punie' })
    .onRequest(methods.agent.initialize, ({ params }) => {
      offers = clientOffers(params.clientCapabilities);
      log.info('initialized', { client: params.clientInfo?.name, offers });
      return initializeResponse(params, { version: deps.version });
    })
    .onRequest(
      methods.agent.session.new,
      guarded(async ({ params, client }) => {
        const workspace = await workspaceFor(deps.workspace ?? params.cwd);
        const session = open(client, randomUUID(), workspace, deps.defaultSpec, false, params.mcpServers);
        return { sessionId: session.id, configOptions: await configOptions(session.spec) };
      }),
    )
    .onRequest(
      methods.agent.session.load,
      guarded(async ({ params, client, signal }) => {
        const conversation = await deps.history.get(params.sessionId, signal).catch((e: unknown) => {
          if (e instanceof PunieError && e.code === 'not-found') throw RequestError.sessionNotFound(params.sessionId);
          throw e;
        });
        const previous = sessions.get(params.sessionId);
        if (previous) {
          sessions.delete(params.sessionId);
          await previous.close();
        }
        const workspace = await workspaceFor(deps.workspace ?? storedOr(conversation.workspace, params.cwd, deps.notice));
        const session = open(client, conversation.id, workspace, conversation.model ?? deps.defaultSpec, true, params.mcpServers);
        await session.replay(replayUpdates(conversation, workspace));
        return { configOptions: await configOptions(session.spec) };
      }),
    )
    .onRequest(
      methods.agent.session.list,
      guarded(async ({ params, signal }): Promise<ListSessionsResponse> => sessionPage(await deps.history.list(signal), params)),
    )
    .onRequest(
      methods.agent.session.close,
      guarded(async ({ params }) => {
        const session = sessionOf(params.sessionId);
        sessions.delete(params.sessionId);
        await session.close();
        return {};
      }),
    )
    .onRequest(
      methods.agent.session.setConfigOption,
      guarded(async ({ params }) => {
        const session = sessionOf(params.sessionId);
        session.spec = chosenSpec(params.configId, params.value);
        return { configOptions: await configOptions(session.spec) };
      }),
    )
    .onRequest(
      methods.agent.session.prompt,
      guarded(async ({ params }) => sessionOf(params.sessionId).prompt(params.prompt)),
    )
    .onNotification(methods.agent.session.cancel, ({ params }) => {
      sessions.get(params.sessionId)?.cancel();
    });

  const connection = app.connect(ndJsonStream(io.output, io.input));
  const stop = () => connection.close();
  io.signal?.addEventListener('abort', stop, { once: true });
  if (io.signal?.aborted) stop();
  await connection.closed.catch(() => undefined);
  io.signal?.removeEventListener('abort', stop);
  closing.abort();
  await Promise.all([...sessions.values()].map((s) => s.close().catch(() => undefined)));
  sessions.clear();
}

/** The session's folder: an absolute path to a folder that exists. */
async function workspaceFor(dir: string): Promise<string> {
  if (!isAbsolute(dir)) throw new PunieError('invalid-input', `The session's folder must be an absolute path, not "${dir}".`);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new PunieError('invalid-input', `The folder ${dir} does not exist. Open a folder that exists and start a new session.`);
  if (!info.isDirectory()) throw new PunieError('invalid-input', `${dir} is a file, not a folder.`);
  return dir;
}

/** A loaded conversation keeps the folder it was started in; the editor's is used when it has none. */
function storedOr(stored: string | undefined, editor: string, notice: (line: string) => void): string {
  if (stored === undefined || stored === editor) return editor;
  notice(`punie acp: this conversation works in ${stored}, where it was started (the editor is in ${editor}).`);
  return stored;
}
