import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { PunieError } from '../errors';
import { fsError } from './textFile';
import type { Tool } from './toolTypes';
import { walkFiles } from './walkFiles';

const schema = z.object({
  path: z.string().optional().describe('Folder to list, relative to the workspace root. Default: the whole workspace.'),
  glob: z.string().max(500).optional().describe('Only files matching this pattern, for example "*.ts" or "src/**/*.test.ts".'),
});

export const listFilesTool: Tool<typeof schema> = {
  name: 'list_files',
  description:
    'List the files in a folder of the workspace and all its subfolders (files ignored by .gitignore are left out). Returns one path per line, relative to the workspace root. Use it to find out which files exist before reading them.',
  schema,
  needsPermission: false,
  async prepare(args, ctx) {
    const folder = await ctx.guard.resolve(args.path ?? '.');
    const info = await stat(folder.abs).catch((cause: unknown) => {
      throw fsError(cause, args.path ?? '.');
    });
    if (!info.isDirectory()) throw new PunieError('invalid-tool-call', `${folder.rel} is a file, not a folder. Use read_file to read it.`);
    return {
      preview: { summary: `List ${folder.rel}` },
      async run() {
        const max = ctx.limits.listMaxFiles;
        const found: string[] = [];
        let more = false;
        const walk = await walkFiles(
          { guard: ctx.guard, start: folder.abs, glob: args.glob, signal: ctx.signal, maxEntries: ctx.limits.walkMaxEntries },
          (file) => {
            if (found.length >= max) {
              more = true;
              return false;
            }
            found.push(file.rel);
            return true;
          },
        );
        found.sort();
        const where = folder.rel === '.' ? 'the workspace' : folder.rel;
        const what = args.glob ? ` matching ${args.glob}` : '';
        let content: string;
        if (found.length === 0) {
          content = `No files${what} in ${where}.`;
        } else {
          content = found.join('\n');
          if (more) content += `\n\n[Only the first ${max} files are listed. Narrow the listing with path or glob.]`;
          else if (walk.stoppedEarly) content += `\n\n[The folder is very large; the listing stopped early. Narrow it with path or glob.]`;
        }
        if (found.length === 0 && walk.stoppedEarly) content += ' [The folder is very large; the listing stopped early. Narrow it with path or glob.]';
        return { content, meta: { path: folder.rel, files: found.length, truncated: more || walk.stoppedEarly } };
      },
    };
  },
};
