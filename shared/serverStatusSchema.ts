import { z } from 'zod';
import { contextSourceSchema } from './contextSourceSchema';
import { errorDataSchema } from './errorData';
import { SERVER_KINDS } from './serverStatus';

/**
 * The schemas of serverStatus.ts (the IPC routes and events parse with them),
 * apart so that what only needs the types, the labels and the readers (`punie
 * status`, the probes) does not load zod: it is 470 KB of JavaScript to
 * compile on every start of the CLI.
 */

/** Which program answers at a local endpoint. */
export const serverKindSchema = z.enum(SERVER_KINDS);

export const localModelSchema = z.object({
  id: z.string(),
  /** Loaded in memory and ready to answer. */
  loaded: z.boolean(),
  /** Being loaded right now (LM Studio's `state: loading`, llama-server router's `loading`). */
  loading: z.boolean().optional(),
  /** The server loads it on the first request (LM Studio's just-in-time loading, mlx-lm, Ollama). */
  loadsOnDemand: z.boolean().optional(),
  type: z.enum(['llm', 'vlm', 'embeddings', 'unknown']),
  /**
   * The context the model really has for a request: what it is loaded with,
   * or, for a model not loaded yet, what it will be loaded with. `contextSource`
   * says which (shared/contextSource.ts).
   */
  contextLength: z.number().int().positive().optional(),
  contextSource: contextSourceSchema.optional(),
  /** The most the model can take (what it was trained for). */
  maxContextLength: z.number().int().positive().optional(),
  quantization: z.string().optional(),
  arch: z.string().optional(),
  /** Trained for tool use, where the server says so. */
  toolUse: z.boolean().optional(),
  /** A short note for people: "not loaded — the first message loads it". */
  note: z.string().optional(),
  /** For mlx-lm.server: the model it was started with. */
  isDefault: z.boolean().optional(),
});

export const endpointStateSchema = z.enum(['online', 'offline', 'error']);

export const endpointStatusSchema = z.object({
  /** Normalised base URL ending in /v1. */
  url: z.string(),
  kind: serverKindSchema.optional(),
  state: endpointStateSchema,
  /** Server version when it says (LM Studio, Ollama, llama.cpp build). */
  version: z.string().optional(),
  /**
   * The API this server offers to load and unload its models, when it has
   * one: LM Studio 0.4's REST API (`/api/v1/models/load`), llama-server's
   * router (`/models/load`). Absent: none (LM Studio 0.3's `lms` command
   * may still do it on this machine).
   */
  loadApi: z.enum(['lmstudio-v1', 'llama-router']).optional(),
  models: z.array(localModelSchema),
  lastError: errorDataSchema.optional(),
  /** Round-trip of the probe in ms. */
  latencyMs: z.number().nonnegative().optional(),
  checkedAt: z.number(),
});

export const overallStateSchema = z.enum(['ready', 'no-model', 'offline']);

export const serversStatusSchema = z.object({
  /** ready: a server with a loaded chat model; no-model: a server without one; offline: none answers. */
  overall: overallStateSchema,
  endpoints: z.array(endpointStatusSchema),
  /** What `local:` resolves to right now, when it resolves. */
  active: z
    .object({ url: z.string(), kind: serverKindSchema.optional(), model: z.string() })
    .optional(),
  /**
   * Ollama at its own address (the `ollama:` specs), probed beside the local
   * endpoints when discovery is asked to. Not part of `local:` resolution,
   * nor of `overall`.
   */
  ollama: endpointStatusSchema.optional(),
  checkedAt: z.number(),
});
