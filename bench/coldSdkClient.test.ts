import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../e2e/fake-server/fakeServer';
import { textTurn } from '../e2e/fake-server/script';
import { readColdSdkStream } from './streamReaders';
import { spawnTimed } from './timedProcess';

const CLIENT = fileURLToPath(new URL('./coldSdkClient.mjs', import.meta.url));
let server: FakeServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

describe('the cold SDK client (llama bench baseline)', () => {
  it('streams the body it is given, a line per text chunk, then its own first-token time and the usage', async () => {
    server = await startFakeServer({ profile: 'llama.cpp', script: [textTurn('One two three.', { usage: { promptTokens: 5, completionTokens: 3 } })] });
    dir = await mkdtemp(join(tmpdir(), 'punie-cold-sdk-'));
    const bodyFile = join(dir, 'body.json');
    const body = { model: 'tiny', messages: [{ role: 'user', content: 'count' }], stream_options: { include_usage: true }, max_tokens: 16 };
    await writeFile(bodyFile, JSON.stringify(body));
    const run = await spawnTimed(process.execPath, [CLIENT, server.baseURL, bodyFile], { env: { PATH: process.env.PATH ?? '' }, timeoutMs: 30_000 });
    expect(run.code).toBe(0);
    const read = readColdSdkStream(run.lines, run.spawnedAt, run.exitedAt);
    expect(read).toMatchObject({ done: true, usageTokens: 3, promptTokens: 5 });
    expect(read.textChars).toBe('One two three.'.length);
    expect(read.requestToFirstTokenMs).toBeGreaterThan(0);
    expect(server.chatRequests()[0]?.body).toEqual({ ...body, stream: true });
  });
});
