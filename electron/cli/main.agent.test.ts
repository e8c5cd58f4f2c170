import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeServer, type FakeServer } from '../../e2e/fake-server/fakeServer';
import { textTurn, toolTurn } from '../../e2e/fake-server/script';
import { conversationSummarySchema } from '../../shared/conversation';
import { assertBuilt, spawnPunie } from '../../test/support/cli/spawnPunie';

/**
 * The built `punie ask` as the agent (issue 4's "Done when", issue 7's CLI
 * items), spawned with no terminal against the fake server's scripted turns.
 */

const NOTES = 'The meeting moved to Thursday, room 4.\n';
const root = mkdtempSync(join(tmpdir(), 'punie-agent-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let ws: string;
let home: string;
let server: FakeServer;
let spec: string;
let serial = 0;

beforeAll(assertBuilt);
beforeEach(async () => {
  serial += 1;
  ws = join(root, `ws-${serial}`);
  home = join(root, `home-${serial}`);
  mkdirSync(ws);
  writeFileSync(join(ws, 'notes.txt'), NOTES);
  server = await startFakeServer({ profile: 'lmstudio', models: [{ id: 'm' }] });
  spec = `local:http://127.0.0.1:${server.port}/v1/m`;
});
afterEach(async () => {
  await server.close();
});

const chatMessageSchema = z.object({ role: z.string(), content: z.unknown() });
const chatBodySchema = z.object({ messages: z.array(chatMessageSchema) });
const messagesOf = (i: number) => chatBodySchema.parse(server.chatRequests()[i]?.body).messages;

function punie(args: string[], env: Record<string, string> = {}) {
  return spawnPunie(args, { env: { PUNIE_HOME: home, ...env } });
}

describe('punie ask as the agent (built, no terminal)', () => {
  it('reads notes.txt, answers with what it holds, and traces the call on stderr', async () => {
    server.setScript([toolTurn([{ name: 'read_file', arguments: '{"path":"notes.txt"}' }]), textTurn(`notes.txt says: ${NOTES.trim()}`)]);
    const r = await punie(['ask', 'What does notes.txt say?', '--model', spec, '--workspace', ws]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(NOTES.trim());
    expect(r.stderr).toMatch(/^✓ read_file notes\.txt → 1 line \(\d+ ms\)$/m);
    // The answer followed what the tool really returned.
    expect(messagesOf(1).at(-1)).toEqual(expect.objectContaining({ role: 'tool', content: NOTES.trim() }));
  });

  it('write_file with no terminal and no --yes: nothing is written and the answer reports the denial', async () => {
    server.setScript([
      toolTurn([{ name: 'write_file', arguments: '{"path":"todo.txt","content":"ship it\\n"}' }]),
      textTurn('I could not write todo.txt: permission was denied.'),
    ]);
    const r = await punie(['ask', 'Write a todo', '--model', spec, '--workspace', ws]);
    expect(r.code).toBe(0);
    expect(existsSync(join(ws, 'todo.txt'))).toBe(false);
    expect(r.stdout).toMatch(/denied/);
    expect(r.stderr).toContain('punie: denied write_file');
    expect(r.stderr).toContain('Pass --allow write_file or --yes to allow it.');
    expect(r.stderr).toMatch(/^✗ write_file todo\.txt → denied by the user/m);
    const toolMessage = messagesOf(1).at(-1);
    expect(toolMessage?.role).toBe('tool');
    expect(String(toolMessage?.content)).toMatch(/Permission denied by the user/);
  });

  it('write_file with --allow write_file: written', async () => {
    server.setScript([toolTurn([{ name: 'write_file', arguments: '{"path":"todo.txt","content":"ship it\\n"}' }]), textTurn('Saved todo.txt.')]);
    const r = await punie(['ask', 'Write a todo', '--model', spec, '--workspace', ws, '--allow', 'write_file']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(ws, 'todo.txt'), 'utf8')).toBe('ship it\n');
    expect(r.stdout).toBe('Saved todo.txt.\n');
    expect(r.stderr).toMatch(/^✓ write_file todo\.txt → created/m);
  });

  it('--continue sends the earlier messages, and history --json lists the conversation', async () => {
    server.setScript([textTurn('First answer.'), textTurn('Second answer.')]);
    const first = await punie(['ask', 'First question', '--model', spec, '--workspace', ws]);
    expect(first.code).toBe(0);
    const second = await punie(['ask', 'Second question', '--continue', '--model', spec, '--workspace', ws]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('Second answer.\n');
    expect(second.stderr).toMatch(/^punie: continuing "First question" \(/);

    const sent = messagesOf(1).filter((m) => m.role !== 'system');
    expect(sent).toEqual([
      expect.objectContaining({ role: 'user', content: 'First question' }),
      expect.objectContaining({ role: 'assistant', content: 'First answer.' }),
      expect.objectContaining({ role: 'user', content: 'Second question' }),
    ]);

    const listed = await punie(['history', '--json']);
    expect(listed.code).toBe(0);
    const summaries = z.array(conversationSummarySchema).parse(JSON.parse(listed.stdout));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ title: 'First question', model: spec, messageCount: 4, workspace: ws });
  });

  it('punie ask "write notes.txt with changed" --allow write_file changes notes.txt; punie undo --yes brings back its old text and removes the file the run created', async () => {
    server.setScript([
      toolTurn([{ name: 'write_file', arguments: '{"path":"notes.txt","content":"changed\\n"}' }]),
      toolTurn([{ name: 'write_file', arguments: '{"path":"created.txt","content":"new\\n"}' }]),
      textTurn('Done.'),
    ]);
    const asked = await spawnPunie(['ask', 'write notes.txt with changed', '--allow', 'write_file', '--model', spec], { env: { PUNIE_HOME: home }, cwd: ws });
    expect(asked.code).toBe(0);
    expect(readFileSync(join(ws, 'notes.txt'), 'utf8')).toBe('changed\n');
    expect(existsSync(join(ws, 'created.txt'))).toBe(true);

    const undone = await spawnPunie(['undo', '--yes'], { env: { PUNIE_HOME: home }, cwd: ws });
    expect(undone.code).toBe(0);
    expect(readFileSync(join(ws, 'notes.txt'), 'utf8')).toBe(NOTES);
    expect(existsSync(join(ws, 'created.txt'))).toBe(false);
    expect(undone.stdout).toContain('Undo run 1 ("write notes.txt with changed")');
  });

  it('a conversation started in folder A and continued with --conversation ID from folder B reads A’s a.txt', async () => {
    const b = join(root, `b-${serial}`);
    mkdirSync(b);
    writeFileSync(join(ws, 'a.txt'), 'written in A\n');
    writeFileSync(join(b, 'a.txt'), 'written in B\n');
    server.setScript([textTurn('Started.'), toolTurn([{ name: 'read_file', arguments: '{"path":"a.txt"}' }]), textTurn('Done.')]);
    const first = await spawnPunie(['ask', 'Start here', '--model', spec], { env: { PUNIE_HOME: home }, cwd: ws });
    expect(first.code).toBe(0);
    const listed = z.array(conversationSummarySchema).parse(JSON.parse((await punie(['history', '--json'])).stdout));
    const id = listed[0]!.id;

    const second = await spawnPunie(['ask', 'read a.txt', '--conversation', id, '--model', spec], { env: { PUNIE_HOME: home }, cwd: b });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`punie: this conversation works in ${ws}, where it was started`);
    expect(messagesOf(2).at(-1)).toEqual(expect.objectContaining({ role: 'tool', content: 'written in A' }));
    expect(JSON.stringify(server.chatRequests().map((q) => q.body))).not.toContain('written in B');
  });

  it('--continue continues the latest conversation of the current workspace, not the latest overall', async () => {
    const b = join(root, `b-${serial}`);
    mkdirSync(b);
    server.setScript([textTurn('A answer.'), textTurn('B answer.'), textTurn('A again.')]);
    expect((await spawnPunie(['ask', 'Question in A', '--model', spec], { env: { PUNIE_HOME: home }, cwd: ws })).code).toBe(0);
    expect((await spawnPunie(['ask', 'Question in B', '--model', spec], { env: { PUNIE_HOME: home }, cwd: b })).code).toBe(0);
    const again = await spawnPunie(['ask', 'More in A', '--continue', '--model', spec], { env: { PUNIE_HOME: home }, cwd: ws });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^punie: continuing "Question in A" \(/);
    expect(messagesOf(2).filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['Question in A', 'More in A']);

    const c = join(root, `c-${serial}`);
    mkdirSync(c);
    const none = await spawnPunie(['ask', 'Anything?', '--continue', '--model', spec], { env: { PUNIE_HOME: home }, cwd: c });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`There is no conversation in ${c} to continue yet.`);
  });

  it('OPENAI_API_KEY=sk-x punie ask "run printenv OPENAI_API_KEY" --yes: the command, and so the model, never sees the key', async () => {
    server.setScript([
      toolTurn([{ name: 'run_command', arguments: '{"command":"printenv OPENAI_API_KEY"}' }]),
      toolTurn([{ name: 'run_command', arguments: '{"command":"printenv GITHUB_TOKEN"}' }]),
      textTurn('No key here.'),
    ]);
    const r = await punie(['ask', 'run printenv OPENAI_API_KEY', '--yes', '--model', spec, '--workspace', ws], {
      OPENAI_API_KEY: 'sk-x',
      GITHUB_TOKEN: 'ghp-passed',
      PUNIE_PASS_ENV: 'GITHUB_TOKEN',
    });
    expect(r.code).toBe(0);
    const printed = String(messagesOf(1).at(-1)?.content);
    expect(printed).toBe('$ printenv OPENAI_API_KEY\n(no output)\n[exit code 1]');
    // A variable the pass-list names does reach the command.
    expect(String(messagesOf(2).at(-1)?.content)).toBe('$ printenv GITHUB_TOKEN\nghp-passed\n[exit code 0]');
    expect(JSON.stringify(server.chatRequests().map((q) => q.body))).not.toContain('sk-x');
    expect(r.stdout + r.stderr).not.toContain('sk-x');
  });
});
