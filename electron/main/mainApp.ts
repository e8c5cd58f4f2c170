import type { EventChannel, EventPayload } from '../../shared/ipc/events';
import type { Envelope } from '../../shared/ipc/routes';
import { createLogger, type Logger } from '../core/log';
import type { EventSinkOptions } from './eventSink';
import { createHandlers, settingsView } from './handlers';
import { createPermissionTracker, type PermissionTracker } from './permissionTracker';
import { createRouter } from './router';
import type { SenderInfo, TrustedSender } from './senderPolicy';
import type { MainServices, Unsubscribe, WindowKind } from './services';
import { createWindowHub, type WindowTarget } from './windowHub';

/**
 * The electron-free heart of main: the router with its handlers, the hub that
 * pushes events to windows (agent events through a coalescing sink per
 * window), and the permission tracker. The Electron shell (electronApp.ts)
 * and the renderer's browser host (e2e) both build it from the same services.
 */

const MCP_VIEW_INTERVAL_MS = 200;

export interface MainApp {
  /** Answers one request from a window; never throws. */
  handle(sender: SenderInfo, route: unknown, input: unknown): Promise<Envelope<unknown>>;
  /** Starts pushing events to a window; call the returned function when the window closes. */
  attachWindow(target: WindowTarget): () => void;
  send<C extends EventChannel>(kind: WindowKind, channel: C, payload: EventPayload<C>): void;
  broadcast<C extends EventChannel>(channel: C, payload: EventPayload<C>): void;
  readonly permissions: Pick<PermissionTracker, 'pending' | 'originOf'>;
  /** Unsubscribes from the services, ends requests in flight, stops every sink. */
  dispose(): void;
}

export interface MainAppOptions {
  isTrustedSender: (sender: SenderInfo) => sender is TrustedSender;
  /** Validate every answer against its route's output schema (tests and the browser host). */
  checkOutput?: boolean;
  routeTimeoutMs?: number;
  sink?: Omit<EventSinkOptions, 'send' | 'onSendError'>;
  log?: Logger;
}

export function createMainApp(services: MainServices, options: MainAppOptions): MainApp {
  const log = options.log ?? createLogger('main');
  const shutdown = new AbortController();
  const hub = createWindowHub(options.sink === undefined ? { log } : { sink: options.sink, log });
  const permissions = createPermissionTracker();

  const handlers = createHandlers({
    services,
    events: { broadcast: hub.broadcast, send: hub.send },
    noteRunOrigin: permissions.noteOrigin,
    flushAgentEvents: hub.flush,
  });
  const router = createRouter({
    handlers,
    isTrustedSender: options.isTrustedSender,
    signal: shutdown.signal,
    log: log.child('router'),
    ...(options.checkOutput === undefined ? {} : { checkOutput: options.checkOutput }),
    ...(options.routeTimeoutMs === undefined ? {} : { timeoutMs: options.routeTimeoutMs }),
  });

  // MCP servers change in bursts (a start, a chatty stderr): windows get the latest view at most every MCP_VIEW_INTERVAL_MS.
  let mcpTimer: NodeJS.Timeout | undefined;
  let mcpLast = 0;
  const pushMcpView = () => {
    mcpTimer = undefined;
    mcpLast = performance.now();
    hub.broadcast('mcp.changed', services.mcp.view());
  };
  const onMcpChange = () => {
    if (mcpTimer) return;
    mcpTimer = setTimeout(pushMcpView, Math.max(0, mcpLast + MCP_VIEW_INTERVAL_MS - performance.now()));
  };

  const subscriptions: Unsubscribe[] = [
    services.mcp.subscribe(onMcpChange),
    services.agent.subscribe((event) => {
      permissions.observe(event);
      hub.pushAgentEvent(event);
    }),
    services.servers.subscribe((status) => hub.broadcast('servers.status', status)),
    services.modelLoads.subscribe((load) => hub.broadcast('models.load', load)),
    services.settings.subscribe(() => hub.broadcast('settings.changed', settingsView(services))),
    services.shortcut.subscribe(() => hub.broadcast('settings.changed', settingsView(services))),
    services.conversations.subscribe((change) => hub.broadcast('conversations.changed', change)),
  ];

  return {
    handle: router,
    attachWindow: hub.attach,
    send: hub.send,
    broadcast: hub.broadcast,
    permissions,
    dispose() {
      shutdown.abort();
      if (mcpTimer) clearTimeout(mcpTimer);
      for (const unsubscribe of subscriptions.splice(0)) unsubscribe();
      hub.dispose();
    },
  };
}
