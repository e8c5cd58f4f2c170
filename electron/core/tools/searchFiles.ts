import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { PunieError } from '../errors';
import { openForRead } from './confinedFs';
import { compilePattern } from './lineMatcher';
import { createRegexScanner } from './regexScanner';
import { isSecretPath } from './secretPaths';
import { capLine, fsError, looksBinary } from './textFile';
import type { Tool, ToolContext, ToolOutcome } from './toolTypes';
import type { ResolvedPath } from './workspaceGuard';
import { walkFiles } from './walkFiles';

/** A matching line is shown up to this many characters. */
const SEARCH_LINE_CHARS = 300;
/** Files on which the pattern may run out of time before the search stops: the pattern is the problem, not the files. */
const MAX_SLOW_FILES = 3;

const schema = z.object({
  pattern: z
    .string()
    .min(1)
    .max(1000)
    .describe('Regular expression to look for (JavaScript syntax), or just a word. Start with (?i) to ignore case.'),
  path: z.string().optional().describe('Folder or file to search, relative to the workspace root. Default: the whole workspace.'),
  glob: z.string().max(500).optional().describe('Only search files matching this pattern, for example "*.py".'),
});

export const searchFilesTool: Tool<typeof schema> = {
  name: 'search_files',
  description:
    'Search the text of the workspace\'s files for a regular expression (files ignored by .gitignore are skipped). Returns matching lines as "path:line: text". Use it to find where something is defined or used.',
  schema,
  needsPermission: false,
  async prepare(args, ctx) {
    const target = await ctx.guard.resolve(args.path ?? '.');
    const info = await stat(target.abs).catch((cause: unknown) => {
      throw fsError(cause, args.path ?? '.');
    });
    return {
      preview: { summary: `Search ${target.rel} for ${args.pattern}` },
      run: () => search(args.pattern, target, info.isDirectory(), args.glob, ctx),
    };
  },
};

async function search(pattern: string, target: ResolvedPath, isFolder: boolean, glob: string | undefined, ctx: ToolContext): Promise<ToolOutcome> {
  const { limits, signal } = ctx;
  const compiled = compilePattern(pattern);
  const scanner = createRegexScanner(compiled.regex);
  const lineChars = Math.min(SEARCH_LINE_CHARS, limits.lineMaxChars);
  const out: string[] = [];
  const slow: string[] = [];
  let matches = 0;
  let filesSearched = 0;
  let filesMatched = 0;
  let tooManyMatches = false;
  let secretsSkipped = 0;

  const searchOne = async (abs: string, rel: string): Promise<boolean> => {
    if (signal.aborted) throw new PunieError('aborted', 'Stopped.');
    if (filesSearched >= limits.searchMaxFiles || slow.length >= MAX_SLOW_FILES) return false;
    // A search would show lines of a key or a .env file without asking: those are for read_file, which asks.
    if (isSecretPath(abs)) {
      secretsSkipped++;
      return true;
    }
    filesSearched++;
    // Opened and checked at the moment of reading: a file swapped for a link out of the workspace is skipped.
    const handle = await openForRead(ctx.guard, abs, rel).catch(() => undefined);
    if (!handle) return true;
    let data: Buffer | undefined;
    try {
      const info = await handle.stat();
      if (!info.isFile() || info.size > limits.searchMaxFileBytes) return true;
      data = await handle.readFile();
    } catch {
      return true;
    } finally {
      await handle.close();
    }
    if (looksBinary(data)) return true;
    const room = limits.searchMaxMatches - matches;
    // The pattern runs in a worker: a catastrophic one costs that thread its time limit, never this one.
    const scan = await scanner.scan(data.toString('utf8'), room + 1, lineChars * 2, limits.searchFileTimeoutMs, signal);
    if (!scan.ok) {
      slow.push(rel);
      return slow.length < MAX_SLOW_FILES;
    }
    if (scan.hits.length > 0) filesMatched++;
    for (const hit of scan.hits) {
      if (matches >= limits.searchMaxMatches) {
        tooManyMatches = true;
        return false;
      }
      matches++;
      out.push(`${rel}:${hit.index + 1}: ${capLine(hit.text, lineChars).text}`);
    }
    return true;
  };

  let stoppedEarly = false;
  try {
    if (isFolder) {
      const walk = await walkFiles({ guard: ctx.guard, start: target.abs, glob, signal, maxEntries: limits.walkMaxEntries }, (file) =>
        searchOne(file.abs, file.rel),
      );
      stoppedEarly = walk.stoppedEarly;
    } else {
      await searchOne(target.abs, target.rel);
    }
  } finally {
    await scanner.close();
  }

  const notes: string[] = [];
  if (compiled.literalBecause) notes.push(`[The pattern is not a valid regular expression (${compiled.literalBecause}); it was searched as plain text.]`);
  if (tooManyMatches) notes.push(`[Only the first ${limits.searchMaxMatches} matches are shown. Use a more specific pattern, path or glob.]`);
  else if (stoppedEarly && slow.length < MAX_SLOW_FILES) notes.push(`[The search stopped after ${filesSearched} files. Narrow it with path or glob.]`);
  if (slow.length >= MAX_SLOW_FILES) notes.push(`[The pattern took too long on ${slow.join(', ')}, so the search stopped after ${filesSearched} files. Use a simpler pattern.]`);
  else if (slow.length > 0) notes.push(`[Skipped because the pattern took too long: ${slow.join(', ')}. Use a simpler pattern.]`);
  if (secretsSkipped > 0) {
    notes.push(`[${secretsSkipped} ${secretsSkipped === 1 ? 'file that may hold secrets was' : 'files that may hold secrets were'} not searched (.env, keys, .ssh, …); read_file can read one with the user's permission.]`);
  }
  const where = target.rel === '.' ? 'the workspace' : target.rel;
  const body = out.length > 0 ? out.join('\n') : `No matches for ${pattern} in ${where} (${filesSearched} files searched).`;
  return {
    content: notes.length > 0 ? `${body}\n\n${notes.join('\n')}` : body,
    meta: { path: target.rel, matches, files: filesMatched, truncated: tooManyMatches || stoppedEarly || slow.length > 0 },
  };
}
