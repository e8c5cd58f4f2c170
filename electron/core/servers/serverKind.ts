import type { EndpointStatus, LocalModel, ServerKind } from '../../../shared/serverStatus';
import { isLlamaListing, isLlamaRouter, llamaCppModels, readLlamaProps } from './llamaCppListing';
import { lmStudioModels, readLmStudioV0, readLmStudioV1 } from './lmstudioListing';
import { isOkHealth, mlxModels } from './mlxListing';
import { looksLikeEmbedding, type ListingEntry } from './modelListing';
import { ollamaModels, readOllamaVersion } from './ollamaListing';

/**
 * Telling servers apart from what they answer, and listing their models.
 * Pure: the answers (JSON bodies of 200 responses, by path under the
 * server's root) come in, a kind and its models go out.
 *
 * mlx-lm.server and llama-server both default to port 8080; llama-server
 * says `owned_by: "llamacpp"` and has `/props`, mlx-lm has neither but
 * answers `/health` with `{"status": "ok"}`. LM Studio has its REST model
 * listings, Ollama its `/api/version`. Anything else that lists models is
 * "OpenAI-compatible".
 */

/** Root paths each kind needs beyond `/v1/models`, for its models and to confirm it is still that kind. */
export const KIND_PATHS: Readonly<Record<ServerKind, readonly string[]>> = {
  'llama.cpp': ['/props'],
  lmstudio: ['/api/v1/models', '/api/v0/models'],
  ollama: ['/api/version', '/api/tags', '/api/ps'],
  'mlx-lm': ['/health', '/props'],
  'openai-compatible': [],
};

/** What is asked of a server of unknown kind (llama-server's own listing already says what it is). */
export function detectionPaths(entries: readonly ListingEntry[]): readonly string[] {
  return isLlamaListing(entries) ? KIND_PATHS['llama.cpp'] : ['/props', '/api/v1/models', '/api/v0/models', '/api/version', '/health'];
}

/** Root path → JSON body, for the paths that answered 200. */
export type Answers = ReadonlyMap<string, unknown>;

export function detectKind(entries: readonly ListingEntry[], answers: Answers): ServerKind {
  if (isLlamaListing(entries) || readLlamaProps(answers.get('/props'))) return 'llama.cpp';
  if (readLmStudioV1(answers.get('/api/v1/models')) || readLmStudioV0(answers.get('/api/v0/models'))) return 'lmstudio';
  if (readOllamaVersion(answers.get('/api/version'))) return 'ollama';
  if (isOkHealth(answers.get('/health'))) return 'mlx-lm';
  return 'openai-compatible';
}

/** True when the answers still fit the kind seen before (so a hinted probe can skip detection). */
export function confirmsKind(kind: ServerKind, entries: readonly ListingEntry[], answers: Answers): boolean {
  switch (kind) {
    case 'llama.cpp':
      return isLlamaListing(entries) || readLlamaProps(answers.get('/props')) !== undefined;
    case 'lmstudio':
      return readLmStudioV1(answers.get('/api/v1/models')) !== undefined || readLmStudioV0(answers.get('/api/v0/models')) !== undefined;
    case 'ollama':
      return readOllamaVersion(answers.get('/api/version')) !== undefined;
    case 'mlx-lm':
      return isOkHealth(answers.get('/health')) && !isLlamaListing(entries) && readLlamaProps(answers.get('/props')) === undefined;
    case 'openai-compatible':
      return false;
  }
}

export interface ServerDescription {
  kind: ServerKind;
  models: LocalModel[];
  version?: string;
  loadApi?: EndpointStatus['loadApi'];
}

/** Models as a plain listing gives them: listed means served. */
export function listedModels(entries: readonly ListingEntry[]): LocalModel[] {
  return entries.map((e) => ({ id: e.id, loaded: true, type: looksLikeEmbedding(e.id) ? 'embeddings' : 'unknown' }));
}

/** A server's kind, version and models, from whatever answered (missing answers give less detail, never a failure). */
export function describeServer(kind: ServerKind, entries: readonly ListingEntry[], answers: Answers): ServerDescription {
  switch (kind) {
    case 'llama.cpp': {
      const props = readLlamaProps(answers.get('/props'));
      return {
        kind,
        models: llamaCppModels(entries, props),
        ...(props?.buildInfo ? { version: props.buildInfo } : {}),
        ...(isLlamaRouter(entries, props) ? { loadApi: 'llama-router' as const } : {}),
      };
    }
    case 'lmstudio': {
      const ids = new Set(entries.map((e) => e.id));
      const models = lmStudioModels(answers.get('/api/v1/models'), answers.get('/api/v0/models'), ids) ?? listedModels(entries);
      // 0.4 lists its models at /api/v1 and loads them there too.
      return { kind, models, ...(readLmStudioV1(answers.get('/api/v1/models')) ? { loadApi: 'lmstudio-v1' as const } : {}) };
    }
    case 'ollama': {
      const version = readOllamaVersion(answers.get('/api/version'));
      const models = ollamaModels(answers.get('/api/tags'), answers.get('/api/ps')) ?? listedModels(entries).map((m) => ({ ...m, loaded: false, loadsOnDemand: true }));
      return { kind, models, ...(version ? { version } : {}) };
    }
    case 'mlx-lm':
      return { kind, models: mlxModels(entries) };
    case 'openai-compatible':
      return { kind, models: listedModels(entries) };
  }
}
