import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import type { AgentEvent } from '../../../shared/agentEvents';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { createModel } from '../models/createModel';
import { createKeySource } from '../models/keySource';
import { createWorkspaceGuard } from '../tools/workspaceGuard';
import { createAgentService, type AgentService } from './agentService';
import { createMemoryAgentHistory } from './memoryAgentHistory';
import { readProjectInstructions } from './projectInstructions';
import { checkedModelSpec } from '../models/checkedSpec';

let ws: TempWorkspace;
const signal = new AbortController().signal;
const read = async (maxChars?: number) => readProjectInstructions(await createWorkspaceGuard({ root: ws.root }), signal, maxChars);

beforeEach(async () => {
  ws = await makeTempWorkspace();
});
afterEach(async () => {
  await ws.cleanup();
});

describe('project instructions', () => {
  it('takes AGENTS.md alone when there is one', async () => {
    await ws.write('AGENTS.md', 'Use tabs.\n');
    await ws.write('CLAUDE.md', 'Use spaces.\n');
    expect(await read()).toEqual({ files: ['AGENTS.md'], text: 'Use tabs.', truncated: false });
  });

  it('without AGENTS.md, takes CLAUDE.md and .punie/instructions.md, each under its name; none at all: undefined', async () => {
    expect(await read()).toBeUndefined();
    await ws.write('CLAUDE.md', 'Run npm test.\n');
    await ws.write('.punie/instructions.md', 'Answer in French.\n');
    expect(await read()).toEqual({
      files: ['CLAUDE.md', '.punie/instructions.md'],
      text: 'From CLAUDE.md:\nRun npm test.\n\nFrom .punie/instructions.md:\nAnswer in French.',
      truncated: false,
    });
  });

  it('cuts a long file to the cap and says so', async () => {
    await ws.write('AGENTS.md', 'x'.repeat(5_000));
    const got = await read(1_000);
    expect(got?.truncated).toBe(true);
    expect(got?.text.startsWith('x'.repeat(1_000) + '\n\n[… cut')).toBe(true);
    expect(got?.text.length).toBeLessThan(1_100);
  });

  it('attack: an AGENTS.md that is a link to a file outside the workspace is skipped, not read', async () => {
    await ws.link('AGENTS.md', `${ws.outside}/secret.txt`);
    await ws.write('CLAUDE.md', 'The real instructions.\n');
    const got = await read();
    expect(JSON.stringify(got)).not.toContain('top secret');
  });

  it('a binary file is skipped', async () => {
    await ws.write('AGENTS.md', new Uint8Array([0x41, 0, 0x42]));
    expect(await read()).toBeUndefined();
  });
});

describe('project instructions reach the model', () => {
  let server: FakeServer;
  let service: AgentService;
  afterEach(async () => {
    await service?.dispose();
    await server?.close();
  });

  it('with an AGENTS.md in the workspace, the system message the server receives contains its text (then the Settings addition), and run-start names the file', async () => {
    await ws.write('AGENTS.md', '# House rules\nAlways run `make check` before you finish.\n');
    server = await startFakeServer({ profile: 'lmstudio' });
    server.setScript([{ chunks: [{ text: 'OK.' }] }]);
    const events: AgentEvent[] = [];
    service = createAgentService({
      port: createMemoryAgentHistory(),
      settings: () => ({ workspace: ws.root, systemPrompt: 'Answer in British English.' }),
      createModel: (spec, s) => createModel(spec, { env: {}, keys: createKeySource({}), endpoints: [] }, s),
      env: { ...process.env },
    });
    service.subscribe((e) => events.push(e));
    const { runId } = await service.start({ prompt: 'hi', model: checkedModelSpec(`local:${server.baseURL}/${server.models[0]?.id ?? 'm'}`) });
    expect((await service.done(runId))?.type).toBe('run-finish');
    const body = server.chatRequests()[0]?.body as { messages: { role: string; content: string }[] };
    const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
    expect(system).toContain('Project instructions (from AGENTS.md in the workspace');
    expect(system).toContain('# House rules\nAlways run `make check` before you finish.');
    expect(events.find((e) => e.type === 'run-start')).toMatchObject({ instructions: ['AGENTS.md'] });
    expect(system.indexOf('Answer in British English.')).toBeGreaterThan(system.indexOf('Always run `make check`'));
  });
});
