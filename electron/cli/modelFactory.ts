import type { ParsedModelSpec } from '../../shared/modelSpec';
import { cliEnsureLoaded, presetContextFrom } from './presetLoad';
import type { CliModelOptions } from './cliContext';
import type { AppPresets } from './appPresets';
import type { CreateModelDeps } from '../core/models/createModel';
import type { ChatModel } from '../core/models/types';
import type { LocalTarget } from '../core/servers/resolveLocal';
import { localWant, namedTarget } from '../core/servers/localWant';

/**
 * How the CLI makes models: keys from the environment, local endpoints from
 * $PUNIE_LOCAL_ENDPOINTS or the defaults.
 *
 * A CLI run pays for everything before its request, so the model's side
 * starts as soon as the spec is known (`prepareModel`), while the rest of
 * the command is still opening history and its workspace: the provider code
 * is loaded, Node's fetch is loaded, and a `local:` spec that needs
 * resolving starts its probe round. `createModel` then takes that round's
 * answer instead of probing again (once: a later model for the same spec
 * probes afresh).
 */
export interface CliModelFactory {
  createModel(spec: ParsedModelSpec, signal: AbortSignal, options?: CliModelOptions): Promise<ChatModel>;
  /** Starts what making a model for `spec` will need; never throws. */
  prepareModel(spec: ParsedModelSpec, signal: AbortSignal): void;
  /**
   * Loads the code every model needs (and Node's fetch) without resolving
   * anything: for a long-lived command (`punie acp`) whose first prompt may
   * come minutes later, when an early resolution would be stale.
   */
  preloadModelCode(signal: AbortSignal): void;
}

interface ModelCode {
  createModel: typeof import('../core/models/createModel').createModel;
  createKeySource: typeof import('../core/models/keySource').createKeySource;
  localEndpoints: typeof import('../core/servers/localEndpoints').localEndpoints;
}

export interface CliModelFactoryOptions {
  /** Where a one-line notice goes (presets that could not be read). */
  warn?: (line: string) => void;
  /** Where a line about what Punie does before the request goes (loading a model with its preset's context). */
  note?: (line: string) => void;
}

export function cliModelFactory(env: Readonly<Record<string, string | undefined>>, factoryOptions: CliModelFactoryOptions = {}): CliModelFactory {
  let code: Promise<ModelCode> | undefined;
  const loadCode = () =>
    (code ??= Promise.all([import('../core/models/createModel'), import('../core/models/keySource'), import('../core/servers/localEndpoints')]).then(
      ([m, k, l]) => ({ createModel: m.createModel, createKeySource: k.createKeySource, localEndpoints: l.localEndpoints }),
    ));
  /** A resolution started early, for the first model of this spec. */
  let prepared: { spec: ParsedModelSpec; target: Promise<LocalTarget> } | undefined;
  /** The user's presets from the app's settings file, read once. */
  let presets: Promise<AppPresets> | undefined;
  const loadPresets = (signal: AbortSignal) =>
    (presets ??= Promise.all([import('./appPresets'), import('./appDataFolders')])
      .then(([p, f]) => p.loadAppPresets(f.appSettingsFile({ env }), signal))
      .then((loaded) => {
        if (loaded.notice) factoryOptions.warn?.(loaded.notice);
        return loaded;
      })
      .catch(() => ({}) as AppPresets));

  const deps = (c: ModelCode): CreateModelDeps => ({ env, keys: c.createKeySource(env), endpoints: c.localEndpoints(env), missingKeyHint: cliMissingKeyHint });
  const presetContextFor = (app: AppPresets) => presetContextFrom(app.presets, env);

  return {
    preloadModelCode(signal) {
      void loadPresets(signal);
      void loadCode().then(warmFetch, () => undefined);
    },
    prepareModel(spec, signal) {
      const loading = loadCode();
      void loadPresets(signal);
      // Loaded now, in the gaps while the command waits on the disk, rather than on the request's path.
      void loading.then(warmFetch, () => undefined);
      if (spec.spec.provider !== 'local') return;
      const want = localWant(spec.spec);
      if (namedTarget(want)) return;
      const target = Promise.all([loading, import('../core/servers/resolveLocal'), loadPresets(signal).then(presetContextFor)]).then(([c, r, presetContext]) =>
        r.resolveLocal(want, { endpoints: c.localEndpoints(env), signal, ...(presetContext ? { presetContext } : {}) }),
      );
      // Nobody may ever ask (the command failed first): its failure must not go unhandled.
      target.catch(() => undefined);
      prepared = { spec, target };
    },
    async createModel(spec, signal, options = {}) {
      const [c, app] = await Promise.all([loadCode(), loadPresets(signal)]);
      const presetContext = await presetContextFor(app);
      const early = prepared?.spec.text === spec.text ? prepared.target : undefined;
      if (early) prepared = undefined;
      return c.createModel(
        spec,
        {
          ...deps(c),
          ...(early ? { resolveLocal: () => early } : {}),
          ...(app.presets ? { presets: app.presets } : {}),
          ...(options.overrides ? { overrides: options.overrides } : {}),
          ...(presetContext ? { presetContext, ensureLoaded: cliEnsureLoaded(env, factoryOptions.note ?? (() => {})) } : {}),
        },
        signal,
      );
    },
  };
}

/**
 * The CLI reads keys from the environment only: a key saved in the app's
 * Settings is encrypted with the OS keychain for the app alone.
 */
export function cliMissingKeyHint(provider: 'openai' | 'anthropic'): string {
  const variable = provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
  return `Set ${variable} in the environment (the punie command cannot read keys saved in the app's Settings: the app keeps them encrypted for itself).`;
}

/**
 * Node loads its fetch implementation (undici, some 30–40 ms of CPU) the
 * first time one of its classes is touched (the SDK touches `Headers` as it
 * builds its first request): touch it now. A call, so no minifier drops it.
 */
function warmFetch(): void {
  Reflect.get(globalThis, 'Headers');
}
