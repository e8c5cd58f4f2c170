import type { z } from 'zod';
import type { endpointStatusSchema, localModelSchema, serversStatusSchema } from './serverStatusSchema';

/**
 * The status of the local model servers. The zod schemas (for IPC) are in
 * serverStatusSchema.ts: this file loads no zod, so the CLI's `punie status`
 * and the probes do not pay for it.
 */

/** Which program answers at a local endpoint. */
export const SERVER_KINDS = ['lmstudio', 'mlx-lm', 'llama.cpp', 'ollama', 'openai-compatible'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export function isServerKind(v: unknown): v is ServerKind {
  return typeof v === 'string' && (SERVER_KINDS as readonly string[]).includes(v);
}

export const SERVER_KIND_LABELS: Record<ServerKind, string> = {
  lmstudio: 'LM Studio',
  'mlx-lm': 'mlx-lm.server',
  'llama.cpp': 'llama.cpp',
  ollama: 'Ollama',
  'openai-compatible': 'OpenAI-compatible server',
};

export type LocalModel = z.infer<typeof localModelSchema>;
export type EndpointState = EndpointStatus['state'];
export type EndpointStatus = z.infer<typeof endpointStatusSchema>;
export type OverallState = ServersStatus['overall'];
export type ServersStatus = z.infer<typeof serversStatusSchema>;

/** Chat-capable models only: embedding models are listed but never offered for chat. */
export function isChatModel(m: LocalModel): boolean {
  return m.type !== 'embeddings';
}
