import type { RouteName } from './routes';

/**
 * How long a request may take, one policy for both ends of the channel: main
 * aborts the handler at the deadline, and the renderer stops waiting then.
 */

/** The deadline of a route the table below does not name. */
export const DEFAULT_ROUTE_TIMEOUT_MS = 30_000;

/**
 * Routes with a deadline of their own, in ms; `null` for routes that wait on
 * the user (a native folder or save dialog): they end when the user answers,
 * or when the app shuts down.
 */
export const ROUTE_TIMEOUTS: { readonly [R in RouteName]?: number | null } = {
  'workspace.pick': null,
  'conversations.export': null,
  // These wait on a native question main asks before it widens what Punie may run.
  'mcp.saveServer': null,
  'mcp.setDisabled': null,
  'mcp.setJson': null,
  'mcp.approveWorkspace': null,
  'mcp.setRule': null,
  'mcp.importApply': null,
};

/** The route's deadline in ms, or null for none; `fallback` replaces the default (tests use short ones). */
export function routeTimeoutMs(route: RouteName, fallback: number = DEFAULT_ROUTE_TIMEOUT_MS): number | null {
  const own = ROUTE_TIMEOUTS[route];
  return own === undefined ? fallback : own;
}
