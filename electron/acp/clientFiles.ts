import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AgentContext } from '@agentclientprotocol/sdk';
import { PunieError } from '../core/errors';
import { openForRead } from '../core/tools/confinedFs';
import { diskFiles, type FileAccess } from '../core/tools/fileAccess';
import { looksBinary, readHead } from '../core/tools/textFile';
import type { WorkspaceGuard } from '../core/tools/workspaceGuard';
import type { ClientOffers } from './initialize';
import { formatBytes } from '../../shared/text';

/**
 * The file tools' text through the editor when it offers its file system:
 * `fs/read_text_file` returns its buffer (unsaved changes included) and
 * `fs/write_text_file` puts the change in the editor, in its undo history.
 * What it does not offer stays on the disk (confined at the moment of use,
 * confinedFs.ts). Before the editor is asked, the path is resolved again
 * by the workspace guard and must still lead to the same file inside the
 * workspace (a permission wait is long enough for a folder on the way to
 * become a link); the disk is asked whether a file is binary (an editor
 * hands back text).
 */
export function clientFiles(client: AgentContext, sessionId: string, offers: Pick<ClientOffers, 'readTextFile' | 'writeTextFile'>, guard: WorkspaceGuard): FileAccess {
  const disk = diskFiles(guard);
  const stillHere = async (abs: string, rel: string) => {
    const now = await guard.resolve(abs);
    if (now.abs !== abs) throw new PunieError('outside-workspace', `${rel} now leads elsewhere (something on its path changed while waiting), so it was not used.`);
  };
  return {
    async readText(abs, rel, maxBytes, signal) {
      if (!offers.readTextFile) return disk.readText(abs, rel, maxBytes, signal);
      await stillHere(abs, rel);
      const handle = await openForRead(guard, abs, rel).catch(() => undefined);
      if (handle) {
        try {
          if (looksBinary(await readHead(handle))) throw new PunieError('unsupported', `${rel} is a binary file; only text files can be read or edited.`);
        } finally {
          await handle.close();
        }
      }
      const { content } = await client
        .request('fs/read_text_file', { sessionId, path: abs }, { cancellationSignal: signal, stopWaitingOnCancel: true })
        .catch((e: unknown) => {
          throw editorFailure(e, rel, 'read', signal);
        });
      const bytes = Buffer.byteLength(content, 'utf8');
      if (bytes > maxBytes) throw new PunieError('unsupported', `${rel} is too large to edit here (${formatBytes(bytes)}; the limit is ${formatBytes(maxBytes)}).`);
      return content;
    },
    async writeText(abs, rel, text, signal) {
      if (!offers.writeTextFile) return disk.writeText(abs, rel, text, signal);
      await stillHere(abs, rel);
      await mkdir(dirname(abs), { recursive: true });
      await stillHere(abs, rel);
      await client.request('fs/write_text_file', { sessionId, path: abs, content: text }, { cancellationSignal: signal, stopWaitingOnCancel: true }).catch((e: unknown) => {
        throw editorFailure(e, rel, 'write', signal);
      });
    },
  };
}

function editorFailure(e: unknown, rel: string, verb: 'read' | 'write', signal: AbortSignal): PunieError {
  if (signal.aborted) return new PunieError('aborted', 'Stopped.', { cause: e });
  const said = e instanceof Error && e.message ? e.message : String(e);
  if (verb === 'read' && /not.?found|no such file|ENOENT|does not exist/i.test(said)) {
    return new PunieError('not-found', `${rel} does not exist. Use list_files to see which files there are.`, { cause: e });
  }
  return new PunieError('tool-failed', `The editor could not ${verb} ${rel}: ${said}`, { cause: e });
}
