/**
 * Channel names only: no schemas, so the preload can import this without
 * bundling zod. routes.ts and events.ts hold the schemas.
 */

/** The one invoke channel every request travels on. */
export const INVOKE_CHANNEL = 'punie:request';

/** Prefix of the IPC channel names events travel on (`punie:event:agent.events`). */
export const EVENT_CHANNEL_PREFIX = 'punie:event:';

/** Must list exactly the keys of `events` in events.ts (a test checks). */
export const EVENT_CHANNEL_NAMES = [
  'agent.events',
  'servers.status',
  'models.load',
  'settings.changed',
  'conversations.changed',
  'app.notice',
  'app.command',
  'mcp.changed',
] as const;
