import { z } from 'zod';
import { agentEventSchema } from '../agentEvents';
import { mcpViewSchema } from '../mcp';
import { modelLoadSchema } from '../modelLoad';
import { serversStatusSchema } from '../serverStatusSchema';
import { settingsViewSchema } from './routes';

/**
 * Everything main pushes to a window, by channel. The preload's
 * `on(channel, listener)` only accepts these names.
 */
export const noticeSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  /** A folder or file the notice refers to (a quarantined conversation, a kept-aside settings file). */
  path: z.string().optional(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const appCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('new-conversation') }),
  z.object({ command: z.literal('open-settings') }),
  z.object({ command: z.literal('focus-composer') }),
  z.object({ command: z.literal('open-conversation'), conversationId: z.string() }),
  z.object({ command: z.literal('use-model'), spec: z.string() }),
]);
export type AppCommand = z.infer<typeof appCommandSchema>;

export const events = {
  /** Agent events, coalesced by the sink: one array per flush. */
  'agent.events': z.array(agentEventSchema),
  'servers.status': serversStatusSchema,
  /** A step of a model load or unload (models.load, models.unload), its last one included. */
  'models.load': modelLoadSchema,
  'settings.changed': settingsViewSchema,
  /** `runIds`: runs whose records are now all on disk; a window that watched them live has nothing to read again. */
  'conversations.changed': z.object({ ids: z.array(z.string()).optional(), runIds: z.array(z.string()).optional() }),
  'app.notice': noticeSchema,
  'app.command': appCommandSchema,
  /** The MCP servers' states, tools and files changed (at most a few times a second). */
  'mcp.changed': mcpViewSchema,
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventChannel = keyof Events;
export type EventPayload<C extends EventChannel> = z.output<Events[C]>;

export const EVENT_CHANNELS = Object.keys(events) as EventChannel[];

/** The surface the preload exposes as `window.punie`: two functions, nothing else. */
export interface PunieBridge {
  request(route: string, input: unknown): Promise<unknown>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
}
