import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AgentContext } from '@agentclientprotocol/sdk';
import { PunieError } from '../core/errors';
import { diskFiles, type FileAccess } from '../core/tools/fileAccess';
import { formatBytes, looksBinary, readHead } from '../core/tools/textFile';
import type { ClientOffers } from './initialize';

/**
 * The file tools' text through the editor when it offers its file system:
 * `fs/read_text_file` returns its buffer (unsaved changes included) and
 * `fs/write_text_file` puts the change in the editor, in its undo history.
 * What it does not offer stays on the disk. The workspace guard has
 * already confined the path; the disk is still asked whether a file is
 * binary (an editor hands back text) and folders are created on it for a
 * new file, inside the workspace the guard checked.
 */
export function clientFiles(client: AgentContext, sessionId: string, offers: Pick<ClientOffers, 'readTextFile' | 'writeTextFile'>): FileAccess {
  return {
    async readText(abs, rel, maxBytes, signal) {
      if (!offers.readTextFile) return diskFiles.readText(abs, rel, maxBytes, signal);
      const head = await readHead(abs).catch(() => undefined);
      if (head && looksBinary(head)) throw new PunieError('unsupported', `${rel} is a binary file; only text files can be read or edited.`);
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
      if (!offers.writeTextFile) return diskFiles.writeText(abs, rel, text, signal);
      await mkdir(dirname(abs), { recursive: true });
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
