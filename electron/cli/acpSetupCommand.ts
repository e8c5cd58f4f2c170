import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { EXIT_CODES } from '../../shared/errors';
import { EDITOR_NAMES, type AgentLaunch, type Editor } from '../acp/setup/editorConfig';
import { setupEditor, type SetupReport } from '../acp/setup/editorSetup';
import type { CliContext } from './cliContext';

/** `punie acp setup zed|jetbrains [--print]`: the editor's entry written (or printed) and what changed said on stdout. */
export async function runAcpSetup(options: { editor: Editor; print: boolean }, ctx: CliContext): Promise<number> {
  const report = await setupEditor(options.editor, cliLaunch(process.argv[1], process.execPath), { platform: process.platform, home: ctx.env.HOME || homedir(), env: ctx.env }, { write: !options.print });
  ctx.stdout.write(`${setupSummary(report, options.print)}\n`);
  return EXIT_CODES.ok;
}

/**
 * How an editor starts this `punie`: the same program and script that run
 * now, by absolute path (an editor started from a dock does not have the
 * shell's PATH), with `acp`.
 */
export function cliLaunch(script: string | undefined, execPath: string): AgentLaunch {
  if (script && /\.[cm]?js$/.test(script)) return { command: execPath, args: [realpath(script), 'acp'] };
  if (script && !/\.[cm]?js$/.test(script)) {
    // `punie` reached through a link (npm link, node_modules/.bin): the file it runs.
    const target = realpath(script);
    if (/\.[cm]?js$/.test(target)) return { command: execPath, args: [target, 'acp'] };
  }
  return { command: execPath, args: ['acp'] };
}

export function setupSummary(report: SetupReport, printed: boolean): string {
  const name = EDITOR_NAMES[report.editor];
  const where = report.path;
  if (printed) {
    const would = report.change === 'unchanged' ? `${where} already has this entry.` : `punie acp setup ${report.editor} would ${report.change === 'create' ? 'create' : 'change'} ${where}:`;
    return `${would}\n${report.snippet}`;
  }
  const lines: string[] = [];
  switch (report.change) {
    case 'unchanged':
      lines.push(`${name}: ${where} already starts Punie; nothing changed.`);
      break;
    case 'create':
      lines.push(`${name}: created ${where} with Punie in agent_servers:`);
      break;
    case 'add':
      lines.push(`${name}: added Punie to agent_servers in ${where}:`);
      break;
    case 'update':
      lines.push(`${name}: updated Punie in agent_servers in ${where}:`);
      break;
  }
  if (report.change !== 'unchanged') lines.push(report.snippet);
  if (report.backup) lines.push(`The previous file is kept at ${report.backup}.`);
  lines.push(
    report.editor === 'zed'
      ? 'In Zed, open the agent panel, click + and choose Punie.'
      : 'In your JetBrains IDE, open AI Chat, pick Punie from the agent list (restart the IDE if it is not there yet).',
  );
  return lines.join('\n');
}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
