import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../e2e/fake-server/fakeServer';
import { piecesTurn, toolResultTurn } from '../../e2e/fake-server/script';
import { MARKUP_PATTERN, TEXT_CALL_FORMS, THINK_TEXT } from '../../e2e/fake-server/textCallForms';
import { assertBuilt, spawnPunie } from '../../test/support/cli/spawnPunie';

/**
 * Issue 13's "Done when", through the built `punie ask` (no terminal)
 * against the fake server: a Qwen3-Coder XML call streamed as plain text
 * runs its tool; inline reasoning stays out of stdout; sampling parameters
 * are sent only where a preset applies.
 */

const NOTES = 'The meeting moved to Thursday, room 4.';
const root = mkdtempSync(join(tmpdir(), 'punie-local-models-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let ws: string;
let home: string;
let server: FakeServer;
let serial = 0;

beforeAll(assertBuilt);
beforeEach(async () => {
  serial += 1;
  ws = join(root, `ws-${serial}`);
  home = join(root, `home-${serial}`);
  mkdirSync(ws);
  writeFileSync(join(ws, 'notes.txt'), NOTES);
  server = await startFakeServer({ profile: 'lmstudio', models: [{ id: 'm', loaded: true }, { id: 'qwen/qwen3-coder-30b', loaded: true }] });
});
afterEach(async () => {
  await server.close();
});

/** No app settings are read from the real home: the app's data folder is an empty temp folder. */
function punie(args: string[], env: Record<string, string> = {}) {
  return spawnPunie(args, { env: { PUNIE_HOME: home, PUNIE_USER_DATA_DIR: join(home, 'app'), ...env } });
}

const bodyOf = (i: number) => server.chatRequests()[i]?.body as Record<string, unknown>;
const QWEN_XML = TEXT_CALL_FORMS.find((f) => f.id === 'qwen3-coder')!.one;

describe('punie ask with local models that write their calls and reasoning as text', () => {
  it('runs a Qwen3-Coder XML read_file call streamed as plain text; stdout holds no markup', async () => {
    server.setScript([piecesTurn(QWEN_XML, { seed: 11 }), toolResultTurn('notes.txt says: ')]);
    const r = await punie(['ask', 'What does notes.txt say?', '--model', `local:${server.baseURL}/m`, '--workspace', ws]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^✓ read_file notes\.txt → 1 line \(\d+ ms\)$/m);
    // The next turn got the file's text, after a real call.
    const messages = bodyOf(1).messages as { role: string; content: unknown; tool_calls?: unknown[] }[];
    expect(messages.at(-1)).toMatchObject({ role: 'tool', content: NOTES });
    expect(messages.at(-2)?.tool_calls).toHaveLength(1);
    expect(r.stdout).not.toContain('<function=');
    expect(r.stdout).not.toContain('<tool_call>');
    expect(r.stdout).not.toMatch(MARKUP_PATTERN);
    expect(r.stdout).toContain(`notes.txt says: ${NOTES}`);
  });

  it('prints only the answer of <think>plan</think>Answer. on stdout; --json carries the plan as reasoning-delta', async () => {
    server.setScript([piecesTurn(THINK_TEXT, { seed: 4 })]);
    const plain = await punie(['ask', 'hi', '--model', `local:${server.baseURL}/m`, '--no-history']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('Answer.\n');

    server.setScript([piecesTurn(THINK_TEXT, { seed: 9 })]);
    const json = await punie(['ask', 'hi', '--model', `local:${server.baseURL}/m`, '--no-history', '--json']);
    expect(json.code).toBe(0);
    const events = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; delta?: string });
    expect(
      events
        .filter((e) => e.type === 'reasoning-delta')
        .map((e) => e.delta)
        .join(''),
    ).toBe('plan');
    expect(
      events
        .filter((e) => e.type === 'text-delta')
        .map((e) => e.delta)
        .join(''),
    ).toBe('Answer.');
    expect(json.stdout).not.toMatch(/<\/?think>/);
  });

  it('sends no temperature for a model that matches no family, and the Qwen3-Coder preset for qwen/qwen3-coder-30b', async () => {
    const env = { PUNIE_LOCAL_ENDPOINTS: server.baseURL };
    expect((await punie(['ask', 'hi', '--model', 'local:m', '--no-history'], env)).code).toBe(0);
    expect((await punie(['ask', 'hi', '--model', 'local:qwen/qwen3-coder-30b', '--no-history'], env)).code).toBe(0);
    const [unmatched, qwen] = [bodyOf(0), bodyOf(1)];
    expect(unmatched.model).toBe('m');
    for (const field of ['temperature', 'top_p', 'top_k', 'min_p', 'repeat_penalty', 'max_tokens']) expect(unmatched).not.toHaveProperty(field);
    expect(qwen).toMatchObject({ model: 'qwen/qwen3-coder-30b', temperature: 0.7, top_p: 0.8, top_k: 20, repeat_penalty: 1.05 });
    expect(qwen).not.toHaveProperty('max_tokens');
  });

  it("puts the flags over the app's preset for the model, and the preset over the family's", async () => {
    mkdirSync(join(home, 'app'), { recursive: true });
    writeFileSync(join(home, 'app', 'settings.json'), JSON.stringify({ modelPresets: { 'qwen/qwen3-coder-30b': { topK: 40, maxOutputTokens: 4000, systemPrompt: 'Answer in French.' } } }));
    const r = await punie(['ask', 'hi', '--model', 'local:qwen/qwen3-coder-30b', '--no-history', '--temperature', '0.2', '--max-tokens', '300'], {
      PUNIE_LOCAL_ENDPOINTS: server.baseURL,
    });
    expect(r.code).toBe(0);
    expect(bodyOf(0)).toMatchObject({ temperature: 0.2, top_p: 0.8, top_k: 40, repeat_penalty: 1.05, max_tokens: 300 });
    // The preset's extra system prompt ends the system message.
    const system = (bodyOf(0).messages as { role: string; content: string }[])[0]!;
    expect(system.role).toBe('system');
    expect(system.content.endsWith('\n\nAnswer in French.')).toBe(true);
  });

  it('says in one line when the app settings cannot be read, and runs without them', async () => {
    mkdirSync(join(home, 'app'), { recursive: true });
    writeFileSync(join(home, 'app', 'settings.json'), '{ broken');
    const r = await punie(['ask', 'hi', '--model', `local:${server.baseURL}/m`, '--no-history']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^punie: .*settings\.json is not valid JSON; your model presets are not used\.$/m);
  });

  it('a cloud model without a key: the hint names the environment variable, not the app\'s Settings', async () => {
    for (const [spec, variable] of [
      ['openai:gpt-4.1', 'OPENAI_API_KEY'],
      ['anthropic:claude-sonnet-4-6', 'ANTHROPIC_API_KEY'],
    ] as const) {
      const r = await punie(['ask', 'hi', '--model', spec, '--no-history']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`Set ${variable} in the environment`);
      expect(r.stderr).toContain("cannot read keys saved in the app's Settings");
    }
  });
});
