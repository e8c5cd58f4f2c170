import { PunieError } from '../core/errors';
import type { FileAccess } from '../core/tools/fileAccess';
import type { ObservedRead } from './toolDiff';

/**
 * A FileAccess that tells what it read: write_file and edit_file read
 * their target while they prepare the change, before permission is asked,
 * so the text they read is the "before" of the diff the editor shows. A
 * file that is there but not text (binary, too large) is reported with no
 * text. Runs call their tools one at a time, so the session pairs a read
 * with the call being prepared.
 */
export function observedFiles(inner: FileAccess, onRead: (read: ObservedRead) => void): FileAccess {
  return {
    async readText(abs, rel, maxBytes, signal) {
      try {
        const text = await inner.readText(abs, rel, maxBytes, signal);
        onRead({ abs, text });
        return text;
      } catch (e) {
        if (e instanceof PunieError && e.code === 'unsupported') onRead({ abs, text: undefined });
        throw e;
      }
    },
    writeText: (abs, rel, text, signal) => inner.writeText(abs, rel, text, signal),
  };
}
