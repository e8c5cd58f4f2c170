import { stat, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { PunieError } from '../errors';
import { openForRead } from './confinedFs';
import { capLine, fsError, looksBinary, readHead } from './textFile';
import type { Tool, ToolContext, ToolOutcome } from './toolTypes';
import { isSecretPath } from './secretPaths';
import { resolveAgain } from './workspaceGuard';
import { formatBytes } from '../../../shared/text';

const schema = z.object({
  path: z.string().min(1).describe('File path relative to the workspace root, for example "src/app.ts".'),
  offset: z.coerce.number().int().min(1).max(100_000_000).optional().describe('Line number to start at (1 is the first line). Default 1.'),
  limit: z.coerce.number().int().min(1).max(100_000).optional().describe('How many lines to read. Default 2000.'),
});

/** Files up to this size are read to the end to count their lines for the "of N lines" note. */
const COUNT_ALL_LINES_BYTES = 20_000_000;

export const readFileTool: Tool<typeof schema> = {
  name: 'read_file',
  description:
    'Read a text file from the workspace. Returns the file\'s text. Long files come in parts: the result says which lines you got and what offset to use for the next part. Always read a file before you change it.',
  schema,
  needsPermission: false,
  async prepare(args, ctx) {
    const target = await ctx.guard.resolve(args.path);
    const info = await stat(target.abs).catch((cause: unknown) => {
      throw fsError(cause, args.path);
    });
    if (info.isDirectory()) throw new PunieError('invalid-tool-call', `${target.rel} is a folder, not a file. Use list_files to see what it holds.`);
    if (!info.isFile()) throw new PunieError('unsupported', `${target.rel} is not a regular file.`);
    // Keys and credentials (.ssh, .env, *.pem, …) are read only with permission, like a write.
    const secret = isSecretPath(target.abs);
    return {
      preview: { summary: secret ? `Read ${target.rel}, which may hold keys or passwords` : `Read ${target.rel}` },
      ...(secret ? { needsPermission: true } : {}),
      async run() {
        // Checked again at the moment of reading (a secret's read may have waited for permission).
        await resolveAgain(ctx.guard, args.path, target);
        const handle = await openForRead(ctx.guard, target.abs, target.rel).catch((cause: unknown) => {
          throw fsError(cause, args.path);
        });
        try {
          return await readLines(handle, target.abs, target.rel, info.size, args.offset ?? 1, args.limit, ctx);
        } finally {
          await handle.close();
        }
      },
    };
  },
};

async function readLines(handle: FileHandle, abs: string, rel: string, size: number, offset: number, limit: number | undefined, ctx: ToolContext): Promise<ToolOutcome> {
  const { limits, signal } = ctx;
  if (looksBinary(await readHead(handle))) {
    throw new PunieError('unsupported', `${rel} is a binary file (${formatBytes(size)}); only text files can be read.`);
  }
  const maxLines = Math.min(limit ?? limits.readMaxLines, limits.readMaxLines);
  const lines: string[] = [];
  let chars = 0;
  let lineNo = 0;
  let cutLines = 0;
  let stoppedAt: number | undefined; // first line not returned
  let totalLines: number | undefined;

  // A face's own file access (an editor's buffer) is asked for files it can hold whole; the rest stream from the disk.
  const whole = ctx.files && size <= limits.editMaxFileBytes ? splitLines(await ctx.files.readText(abs, rel, limits.editMaxFileBytes, signal)) : undefined;
  const stream = whole ? undefined : handle.createReadStream({ encoding: 'utf8', start: 0, autoClose: false });
  const reader = stream ? createInterface({ input: stream, crlfDelay: Infinity, signal }) : undefined;
  try {
    for await (const line of reader ?? whole ?? []) {
      lineNo++;
      if (lineNo < offset) continue;
      if (stoppedAt === undefined) {
        const capped = capLine(line, limits.lineMaxChars);
        if (lines.length >= maxLines || (lines.length > 0 && chars + capped.text.length + 1 > limits.readMaxChars)) {
          stoppedAt = lineNo;
          if (size > COUNT_ALL_LINES_BYTES) break;
          continue;
        }
        if (capped.cut) cutLines++;
        lines.push(capped.text);
        chars += capped.text.length + 1;
      }
    }
    if (stoppedAt === undefined || size <= COUNT_ALL_LINES_BYTES) totalLines = lineNo;
  } catch (cause) {
    if (signal.aborted) throw new PunieError('aborted', 'Stopped.', { cause });
    throw fsError(cause, rel);
  } finally {
    reader?.close();
    stream?.destroy();
  }

  const notes: string[] = [];
  if (lines.length === 0) {
    notes.push(lineNo === 0 ? '(The file is empty.)' : `(The file has only ${lineNo} lines; offset ${offset} is past its end.)`);
  } else if (stoppedAt !== undefined) {
    const of = totalLines === undefined ? '' : ` of ${totalLines}`;
    notes.push(`[Showing lines ${offset}-${stoppedAt - 1}${of}. To read more, call read_file with offset=${stoppedAt}.]`);
  } else if (offset > 1) {
    notes.push(`[Showing lines ${offset}-${lineNo} (the end of the file).]`);
  }
  if (cutLines > 0) notes.push(`[${cutLines} long line(s) were cut at ${limits.lineMaxChars} characters.]`);
  const body = lines.join('\n');
  const content = notes.length === 0 ? body : lines.length === 0 ? notes.join('\n') : `${body}\n\n${notes.join('\n')}`;
  return {
    content,
    meta: { path: rel, bytes: size, lines: lines.length, truncated: stoppedAt !== undefined || cutLines > 0 },
  };
}

/** Lines as readline gives them: split on LF or CRLF, no empty last line for a final newline. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
