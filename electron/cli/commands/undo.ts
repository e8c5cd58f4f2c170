import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_CODES } from '../../../shared/errors';
import { PunieError } from '../../core/errors';
import type { FilePlan } from '../../core/undo/undoPlan';
import type { UndoPlanView } from '../../core/undo/undoService';
import { appDataFolders } from '../appDataFolders';
import type { CliContext } from '../cliContext';
import { historyReadFailure, openCliHistory } from '../cliHistory';
import { inert, inertLine } from '../inertText';
import { readLine } from '../permissionPrompt';
import { colorEnabled, createPalette, type Palette, type Style } from '../terminalStyle';
import type { CliCommand } from './command';

const HELP = `usage: punie undo [options]

Undoes what one run of the agent changed in files: each file it wrote or
edited gets its earlier text back, and files it created are removed. The
diff of what will change is shown first. A file changed since the run (by
you or a later run) is not overwritten unless you say so. The undo is
recorded in the conversation, and punie undo --redo makes the run's changes
again. Commands a run ran are not undone.

By default: the last run (not undone yet) of the branch in view of the
latest conversation of this workspace.

options:
      --conversation ID   that conversation (ids: punie history)
      --run N             its Nth run (1 = its first prompt)
  -w, --workspace DIR     the workspace whose latest conversation is meant
                          (default: the current folder)
  -y, --yes               do it without asking; files changed since the run
                          are kept as they are (listed) unless --overwrite
      --overwrite         put back files changed since the run too
      --redo              make the changes of an undone run again
  -h, --help              this help

On a terminal you are asked before anything changes, and about each file
changed since the run. With no terminal, nothing changes without --yes.`;

const usage = (message: string) => new PunieError('invalid-input', message, { hint: 'Run `punie undo --help` for usage.' });

interface UndoOptions {
  conversationId?: string;
  run?: number;
  workspace: string;
  yes: boolean;
  overwrite: boolean;
  redo: boolean;
}

export function parseUndoArgs(argv: readonly string[], cwd: string): UndoOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        conversation: { type: 'string' },
        run: { type: 'string' },
        workspace: { type: 'string', short: 'w' },
        yes: { type: 'boolean', short: 'y', default: false },
        overwrite: { type: 'boolean', default: false },
        redo: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw usage(e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e));
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const conversationId = values.conversation?.trim();
  if (values.conversation !== undefined && !conversationId) throw usage('--conversation needs an id (see punie history)');
  let run: number | undefined;
  if (values.run !== undefined) {
    run = Number(values.run);
    if (!Number.isInteger(run) || run < 1) throw usage(`--run takes a run number from 1 up, not "${values.run}"`);
  }
  return {
    ...(conversationId ? { conversationId } : {}),
    ...(run === undefined ? {} : { run }),
    workspace: resolve(cwd, values.workspace ?? '.'),
    yes: values.yes,
    overwrite: values.overwrite,
    redo: values.redo,
  };
}

export const undoCommand: CliCommand = {
  name: 'undo',
  summary: 'undo what a run changed in files (the last one of this workspace by default); --redo makes it again',
  help: HELP,
  async run(argv, ctx) {
    const options = parseUndoArgs(argv, ctx.cwd);
    if (options === 'help') {
      ctx.stdout.write(`${HELP}\n`);
      return EXIT_CODES.ok;
    }
    const palette = createPalette(colorEnabled(ctx.stderr, ctx.env));
    const history = await openCliHistory({ enabled: true, env: ctx.env, stderr: ctx.stderr });
    try {
      const store = history.store!;
      const { createUndoService } = await import('../../core/undo/undoService');
      const undo = createUndoService({ store, deniedRoots: appDataFolders({ env: ctx.env }) });
      let conversationId = options.conversationId;
      if (conversationId === undefined) {
        const here = await realpath(options.workspace).catch(() => options.workspace);
        const latest = await store.latest(ctx.signal, { workspace: here }).catch((e: unknown) => {
          throw historyReadFailure(e, store.layout.root);
        });
        if (!latest) throw new PunieError('not-found', `There is no conversation in ${options.workspace}, so there is nothing to undo.`, { hint: 'Name one with --conversation ID (punie history lists them).' });
        conversationId = latest.id;
      }
      const choice = { ...(options.run === undefined ? {} : { number: options.run }), redo: options.redo };
      const plan = await undo.plan(conversationId, choice, ctx.signal);
      ctx.stdout.write(formatPlan(plan, palette));

      const actionable = plan.files.filter((f) => !f.blocked);
      if (actionable.length === 0) {
        ctx.stderr.write(plan.files.length === 0 ? 'punie: the files are already as they were; nothing to do.\n' : 'punie: nothing here can be put back.\n');
        return plan.files.length === 0 ? EXIT_CODES.ok : EXIT_CODES.failure;
      }
      const interactive = ctx.stdin?.isTTY === true && !options.yes;
      const overwrite: string[] = [];
      const changed = actionable.filter((f) => f.changedSince);
      if (interactive) {
        for (const f of changed) {
          ctx.stderr.write(`${inertLine(f.path)} changed since the run. Put it back anyway, losing those changes? [y/N] `);
          if (isYes(await readLine(ctx.stdin!, ctx.signal))) overwrite.push(f.path);
        }
        ctx.stderr.write(`${options.redo ? 'Redo' : 'Undo'} these changes? [y/N] `);
        if (!isYes(await readLine(ctx.stdin!, ctx.signal))) {
          ctx.stderr.write('punie: nothing changed.\n');
          return EXIT_CODES.ok;
        }
      } else if (!options.yes) {
        throw new PunieError('permission-denied', 'Nothing was changed: there is no terminal to ask, and --yes was not given.', { hint: 'Run it again with --yes (and --overwrite to put back files changed since the run).' });
      } else if (options.overwrite) {
        overwrite.push(...changed.map((f) => f.path));
      }
      const result = await undo.apply(conversationId, { runId: plan.run.runId, redo: options.redo, overwrite, seen: Object.fromEntries(plan.files.map((f) => [f.path, f.now])) }, ctx.signal);
      for (const d of result.done) {
        const f = plan.files.find((p) => p.path === d.path);
        ctx.stderr.write(`punie: ${f?.action === 'remove' ? 'removed' : 'put back'} ${inertLine(d.path)}\n`);
      }
      for (const s of result.skipped) ctx.stderr.write(`punie: kept ${inertLine(s.path)}: ${inertLine(s.reason)}\n`);
      if (plan.run.commands > 0) ctx.stderr.write(`punie: ${commandsNote(plan.run.commands)}\n`);
      return result.skipped.length > 0 && result.done.length === 0 ? EXIT_CODES.failure : EXIT_CODES.ok;
    } catch (e) {
      if (e instanceof PunieError && e.code === 'not-found' && options.conversationId !== undefined && !e.hint) {
        throw new PunieError('not-found', e.message, { hint: 'Run `punie history` to list your conversations and their ids.' });
      }
      throw e;
    } finally {
      await history.close();
      history.printNotices();
    }
  },
};

const isYes = (line: string | undefined) => /^\s*y(es)?\s*$/i.test(line ?? '');

export function commandsNote(n: number): string {
  return `${n} command${n === 1 ? '' : 's'} ran; ${n === 1 ? 'its effects are' : 'their effects are'} not undone.`;
}

/** The plan as a person reads it: which run, then each file with its diff; everything a file or the model wrote is inert. */
export function formatPlan(plan: UndoPlanView, palette: Palette): string {
  const verb = plan.redo ? 'Redo' : 'Undo';
  const lines = [palette.paint('bold', `${verb} run ${plan.run.number} ("${inertLine(plan.run.prompt.slice(0, 60))}") in ${inertLine(plan.workspace)}:`)];
  for (const f of plan.files) lines.push(...formatFile(f, palette));
  if (plan.files.length === 0) lines.push('  (every file is already as it would be)');
  return `${lines.join('\n')}\n`;
}

function formatFile(f: FilePlan, palette: Palette): string[] {
  const what = f.blocked ? `cannot be put back: ${f.blocked}` : f.action === 'remove' ? 'remove (the run created it)' : 'put back its earlier text';
  const lines = [`  ${inertLine(f.path)}: ${inertLine(what)}${f.changedSince && !f.blocked ? palette.paint('bold', ' — changed since the run') : ''}`];
  for (const raw of f.diff.replace(/\n$/, '').split('\n')) {
    if (!raw) continue;
    const l = inert(raw);
    const style: Style | undefined = l.startsWith('+++') || l.startsWith('---') ? 'bold' : l.startsWith('+') ? 'green' : l.startsWith('-') ? 'red' : l.startsWith('@@') ? 'cyan' : undefined;
    lines.push(`    ${style ? palette.paint(style, l) : l}`);
  }
  return lines;
}
