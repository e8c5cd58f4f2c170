import { loginShellPath, type LoginPathOptions } from '../tools/loginShellPath';

/**
 * The environment of every process Punie starts (run_command, MCP servers):
 * the user's environment without Punie's secrets, plus, on macOS, the login
 * shell's PATH (an app started from the Dock has a bare one).
 *
 * Withheld unless the pass-list names them (Settings → Permissions, or
 * `PUNIE_PASS_ENV` for the CLI):
 * - Punie's own variables (`PUNIE_*`) and the provider keys;
 * - anything whose name looks like a credential: it contains `API_KEY`,
 *   `APIKEY`, `SECRET`, `PASSWORD`, `PASSWD`, `PASSPHRASE`, `PRIVATE_KEY`,
 *   `ACCESS_KEY`, ends with `_AUTH`, or has `TOKEN` or `CREDENTIALS` as
 *   one of its underscore-separated words (`GITHUB_TOKEN`,
 *   `npm_config__auth`; not `TOKENIZERS_PARALLELISM`, not `SSH_AUTH_SOCK`).
 * Names are compared without regard to case.
 */

export type Env = Record<string, string | undefined>;

/** The variables Punie itself reads its keys from, withheld even if they did not match a pattern. */
const PROVIDER_KEYS = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID'];
const SUBSTRINGS = ['API_KEY', 'APIKEY', 'SECRET', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'PRIVATE_KEY', 'ACCESS_KEY'];
const WORDS = new Set(['TOKEN', 'CREDENTIALS']);

/** Whether a variable of this name is kept from child processes by default. */
export function isWithheldName(name: string): boolean {
  const upper = name.toUpperCase();
  if (upper.startsWith('PUNIE_')) return true;
  if (PROVIDER_KEYS.includes(upper)) return true;
  if (SUBSTRINGS.some((s) => upper.includes(s))) return true;
  return upper.endsWith('_AUTH') || upper.split('_').some((word) => WORDS.has(word));
}

/** `VAR_A, VAR_B` (the CLI's PUNIE_PASS_ENV) → names; empty items dropped. */
export function parsePassList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The environment without the withheld variables; `pass` names variables given anyway. */
export function withoutSecrets(env: Readonly<Env>, pass: readonly string[] = []): Env {
  const passed = new Set(pass.map((n) => n.toUpperCase()));
  const out: Env = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (isWithheldName(name) && !passed.has(name.toUpperCase())) continue;
    out[name] = value;
  }
  return out;
}

export interface ChildEnvOptions extends Omit<LoginPathOptions, 'env'> {
  /** The environment to start from; default process.env. */
  base?: Readonly<Env>;
  /** Variables passed although they would be withheld (Settings, PUNIE_PASS_ENV). */
  pass?: readonly string[];
}

let cachedPath: Promise<string | undefined> | undefined;

/**
 * The environment for a process Punie starts. The login shell is asked for
 * its PATH once per process (macOS only), with the secrets already removed
 * from what it sees.
 */
export async function childEnv(options: ChildEnvOptions = {}): Promise<Env> {
  const env = withoutSecrets(options.base ?? process.env, options.pass);
  if ((options.platform ?? process.platform) !== 'darwin') return env;
  cachedPath ??= loginShellPath({ ...options, env });
  const path = await cachedPath;
  if (path) env.PATH = path;
  return env;
}

/** Forgets the resolved PATH (tests). */
export function resetChildEnvCache(): void {
  cachedPath = undefined;
}
