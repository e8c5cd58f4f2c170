import { RULE_TOOLS, type Settings, type SettingsPatch } from '../../shared/settings';

/**
 * What a settings change from a window would let the agent do that it could
 * not do before: a tool allowed without asking, a new server to send
 * conversations to, a secret-looking variable handed to commands. Main asks
 * the user to confirm these in a native dialog (settingsGate.ts) because a
 * compromised page must not be able to widen its own powers. Tightening
 * (asking again, removing a server) never needs a confirmation.
 */

const TOOL_LABELS: Record<(typeof RULE_TOOLS)[number], string> = {
  write_file: 'Write files without asking',
  edit_file: 'Edit files without asking',
  run_command: 'Run commands without asking',
  read_file: 'Read files that may hold secrets (.env, keys, .ssh) without asking',
};

/** One line per widening, for the confirmation's detail; empty when the patch widens nothing. */
export function wideningsOf(current: Settings, patch: SettingsPatch): string[] {
  const lines: string[] = [];
  if (patch.permissionRules) {
    for (const tool of RULE_TOOLS) {
      if (patch.permissionRules[tool] === 'allow' && current.permissionRules[tool] !== 'allow') lines.push(TOOL_LABELS[tool]);
    }
  }
  if (patch.endpoints) {
    const known = new Set(current.endpoints.map(endpointKey));
    for (const url of patch.endpoints) if (!known.has(endpointKey(url))) lines.push(`Send conversations to a new server: ${url}`);
  }
  if (patch.passEnv) {
    const known = new Set(current.passEnv.map((n) => n.toUpperCase()));
    for (const name of patch.passEnv) if (!known.has(name.toUpperCase())) lines.push(`Give commands the variable ${name}`);
  }
  return lines;
}

/** Endpoints compared the way they are probed: case-insensitive scheme and host, no trailing slash. */
export function endpointKey(url: string): string {
  try {
    return new URL(url).href.replace(/\/+$/, '');
  } catch {
    return url.trim().replace(/\/+$/, '');
  }
}
