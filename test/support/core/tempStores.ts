import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { ConversationStore, type ConversationStoreOptions } from '../../../electron/core/store/conversationStore';

/**
 * For a store test file: `const temp = useTempStores('punie-store-x-')` at
 * the top level. Each test gets a fresh data folder (`temp.dataDir`);
 * `temp.newStore()` opens a store over it (more options merged in). Every
 * store a test opened is closed, and the folder removed, after it.
 */
export function useTempStores(prefix: string): { readonly dataDir: string; newStore(options?: Partial<ConversationStoreOptions>): ConversationStore } {
  let dir = '';
  const open: ConversationStore[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dataDir() {
      return dir;
    },
    newStore(options = {}) {
      const store = new ConversationStore({ dataDir: dir, ...options });
      open.push(store);
      return store;
    },
  };
}
