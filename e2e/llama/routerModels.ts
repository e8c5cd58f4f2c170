import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * llama-server's router mode (`--models-dir DIR`, optionally
 * `--no-models-autoload`): a folder of models, each listed by /v1/models with
 * a `status`, loaded on demand or through POST /models/load. A real stand-in
 * for LM Studio's "downloaded but not loaded" state.
 */

export interface ModelsDir {
  dir: string;
  /** The ids the router lists: each file name without `.gguf`. */
  modelIds: string[];
  remove(): Promise<void>;
}

/** A temporary models folder holding the tiny model once per id (as symlinks, so it costs no space). */
export async function createModelsDir(model: string, modelIds: readonly string[] = ['tiny-qwen2']): Promise<ModelsDir> {
  for (const id of modelIds) {
    if (!/^[\w.-]+$/.test(id)) throw new Error(`A router model id must be a plain file name, not '${id}'.`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'punie-llama-models-'));
  for (const id of modelIds) await symlink(model, join(dir, `${id}.gguf`));
  return { dir, modelIds: [...modelIds], remove: () => rm(dir, { recursive: true, force: true }) };
}

/** One entry of the router's /v1/models, as far as tests rely on it. */
export const routerModelSchema = z.object({
  id: z.string(),
  owned_by: z.string(),
  status: z.object({ value: z.string() }).loose(),
});

export type RouterModel = z.infer<typeof routerModelSchema>;

const routerModelsSchema = z.object({ data: z.array(routerModelSchema) });

/** The server's root URL from its `/v1` base URL. */
function rootOf(baseURL: string): string {
  return baseURL.replace(/\/v1\/?$/, '');
}

export async function listRouterModels(baseURL: string, signal?: AbortSignal): Promise<RouterModel[]> {
  const res = await fetch(`${rootOf(baseURL)}/v1/models`, { signal: withTimeout(signal, 5_000) });
  if (!res.ok) throw new Error(`GET /v1/models answered ${res.status}: ${await res.text()}`);
  return routerModelsSchema.parse(await res.json()).data;
}

/** Asks the router to load a model (POST /models/load) and waits until it is listed as `loaded`. */
export async function loadRouterModel(baseURL: string, modelId: string, timeoutMs = 60_000, signal?: AbortSignal): Promise<void> {
  const deadline = withTimeout(signal, timeoutMs);
  const res = await fetch(`${rootOf(baseURL)}/models/load`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: modelId }),
    signal: deadline,
  });
  if (!res.ok) throw new Error(`POST /models/load answered ${res.status}: ${await res.text()}`);
  await res.body?.cancel();
  let status = 'unknown';
  for (let attempt = 0; attempt < 10_000; attempt++) {
    if (deadline.aborted) break;
    const entry = (await listRouterModels(baseURL, deadline)).find((m) => m.id === modelId);
    status = entry?.status.value ?? 'not listed';
    if (status === 'loaded') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Model '${modelId}' was not loaded within ${timeoutMs} ms (last status: ${status}).`);
}

function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  return signal ? AbortSignal.any([signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms);
}
