import type { ParsedModelSpec } from '../../shared/modelSpec';
import type { ChatModel } from '../core/models/types';
import type { ModelPreset } from '../../shared/modelPreset';

/** What a command adds when it makes a model. */
export interface CliModelOptions {
  /** The command line's sampling flags, over the model's presets. */
  overrides?: ModelPreset;
}

/** Where the CLI writes: process.stdout / stderr, or a buffer in tests. */
export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** The terminal's width, when writing to one (process.stdout has it). */
  readonly columns?: number;
}

/** Where answers to permission prompts come from. */
export type CliInput = NodeJS.ReadableStream & { readonly isTTY?: boolean };

/** Everything a command needs from the outside world; tests inject all of it. */
export interface CliContext {
  stdout: CliOutput;
  stderr: CliOutput;
  /** process.stdin; omitted (tests): no person can answer, as with no terminal. */
  stdin?: CliInput;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Epoch milliseconds. */
  now(): number;
  createModel(spec: ParsedModelSpec, signal: AbortSignal, options?: CliModelOptions): Promise<ChatModel>;
  /** Starts what making a model for `spec` will need, so it is ready by the time the run asks (see modelFactory). Optional. */
  prepareModel?(spec: ParsedModelSpec, signal: AbortSignal): void;
  /**
   * Starts this same `punie` (node and script, or the app binary with
   * --punie-cli) with `args`, detached, its output ignored: for work that
   * should outlive the command (rebuilding the history index after
   * `punie history` has printed). Resolves once it is started. Optional
   * (tests): then that work is skipped.
   */
  startDetached?(args: readonly string[]): Promise<void>;
  /** Loads the model code (and Node's fetch) early, resolving nothing (see modelFactory). Optional. */
  preloadModelCode?(signal: AbortSignal): void;
}
