import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { runScripted } from '../../../test/support/core/loopHarness';
import { callTools, say } from '../../../test/support/core/scriptedModel';

// Issue 11, item 10: with the workspace at $HOME, read_file .ssh/id_rsa succeeded with no prompt.
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('.ssh/id_rsa', KEY);
  await ws.write('project/.env.local', 'OPENAI_API_KEY=sk-live-secret\n');
  await ws.write('project/notes.md', 'nothing secret here: sk-live is a word\n');
});
afterEach(() => ws.cleanup());

describe('run loop: secrets in the workspace', () => {
  it('asks before read_file reads a private key, and a denial gives the model nothing of it', async () => {
    const run = await runScripted(ws, [callTools([{ id: 'r', name: 'read_file', args: { path: '.ssh/id_rsa' } }]), say('ok')], { decide: () => 'deny' });
    expect(run.of('permission-request')[0]).toMatchObject({ callId: 'r', tool: 'read_file', args: { path: '.ssh/id_rsa' }, summary: expect.stringContaining('.ssh/id_rsa') });
    expect(run.of('tool-error')[0]).toMatchObject({ callId: 'r', denied: true, error: { code: 'permission-denied' } });
    expect(JSON.stringify(run.model.requests[1]?.messages)).not.toContain('OPENSSH');
  });

  it('reads it once allowed, and a rule in Settings can allow such reads', async () => {
    const allowed = await runScripted(ws, [callTools([{ id: 'r', name: 'read_file', args: { path: 'project/.env.local' } }]), say('ok')], { decide: () => 'once' });
    expect(allowed.of('permission-request')).toHaveLength(1);
    expect(allowed.of('tool-result')[0]?.content).toContain('sk-live-secret');
    const ruled = await runScripted(ws, [callTools([{ id: 'r', name: 'read_file', args: { path: 'project/.env.local' } }]), say('ok')], {
      rules: { read_file: 'allow' },
      decide: () => 'deny',
    });
    expect(ruled.of('permission-request')).toHaveLength(0);
    expect(ruled.of('tool-result')[0]?.content).toContain('sk-live-secret');
  });

  it('reading any other file never asks, and search_files skips secret files, saying so', async () => {
    const run = await runScripted(
      ws,
      [callTools([{ id: 'r', name: 'read_file', args: { path: 'project/notes.md' } }, { id: 's', name: 'search_files', args: { pattern: 'sk-live' } }]), say('ok')],
      { decide: () => 'deny' },
    );
    expect(run.of('permission-request')).toHaveLength(0);
    const search = run.of('tool-result').find((e) => e.callId === 's')!;
    expect(search.content).toContain('project/notes.md:1:');
    expect(search.content).not.toContain('sk-live-secret');
    expect(search.content).toMatch(/2 files that may hold secrets were not searched/);
  });
});
