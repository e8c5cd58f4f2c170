import type { AgentLaunch } from '../acp/setup/editorConfig';

/**
 * How an editor starts `punie acp` from the installed app: the app binary
 * itself, told to act as the `punie` command (`--punie-cli`, which the app
 * recognises before it would open a window), then `acp`. In development
 * (`electron <app folder>`) the folder comes first, as Electron expects.
 */

/** The argument that makes the app binary run the CLI (see main's CLI entry). */
export const CLI_MARKER = '--punie-cli';

export function appAcpLaunch(input: { execPath: string; defaultApp: boolean; appPath: string }): AgentLaunch {
  return { command: input.execPath, args: [...(input.defaultApp ? [input.appPath] : []), CLI_MARKER, 'acp'] };
}
