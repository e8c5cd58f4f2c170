import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { conversationSummarySchema } from '../../../shared/conversation';
import { ConversationStore } from '../../core/store/conversationStore';
import { runCli } from '../runCli';
import { testContext } from '../../../test/support/cli/testIo';
import { parseHistoryArgs } from './history';
import { historyLayout } from '../../core/store/historyLayout';
import { createLogWriter } from '../../../test/support/core/historyLogs';

const root = mkdtempSync(join(tmpdir(), 'punie-history-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let serial = 0;
let home: string;
beforeEach(() => {
  serial += 1;
  home = join(root, `home-${serial}`);
});

async function punie(argv: string[]) {
  const { ctx, stdout, stderr } = testContext({ PUNIE_HOME: home }, root);
  const code = await runCli(argv, ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const summaries = z.array(conversationSummarySchema);

async function askAll(prompts: string[]) {
  for (const p of prompts) expect((await punie(['ask', p, '--model', 'test'])).code).toBe(0);
}

describe('punie history without its index', () => {
  it('prints the list from the logs at once and leaves the rebuild to a detached `punie history --rebuild-index`', async () => {
    const layout = historyLayout(home);
    mkdirSync(layout.conversations, { recursive: true });
    const { conversationLog } = createLogWriter();
    for (let i = 0; i < 70; i++) writeFileSync(join(layout.conversations, `c-${i}.jsonl`), conversationLog(`c-${i}`, 40, 1_700_000_000_000 + i * 60_000));
    const { ctx, stdout } = testContext({ PUNIE_HOME: home }, root);
    const started: string[][] = [];
    ctx.startDetached = async (args) => void started.push([...args]);
    expect(await runCli(['history', '--json', '--all'], ctx)).toBe(0);
    expect(summaries.parse(JSON.parse(stdout.text))).toHaveLength(70);
    // The command did not rebuild the index itself: it asked for the detached rebuild.
    expect(existsSync(layout.index)).toBe(false);
    expect(started).toEqual([['history', '--rebuild-index']]);

    const rebuild = await punie(['history', '--rebuild-index']);
    expect(rebuild).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(layout.index)).toBe(true);
    // With the index the list is exact, and nothing more is started.
    const { ctx: again } = testContext({ PUNIE_HOME: home }, root);
    again.startDetached = async (args) => void started.push([...args]);
    expect(await runCli(['history'], again)).toBe(0);
    expect(started).toHaveLength(1);
  });

  it('--rebuild-index goes alone', async () => {
    expect((await punie(['history', '--rebuild-index', '--json'])).code).toBe(2);
  });
});

describe('punie history', () => {
  it('with no history: says so, and --json prints an empty list', async () => {
    expect(await punie(['history'])).toEqual({ code: 0, stdout: '', stderr: 'punie: no conversations yet. Start one with punie ask "…".\n' });
    expect(await punie(['history', '--json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('lists conversations newest first: date, id, messages, model, title', async () => {
    await askAll(['first question', 'second question']);
    const json = summaries.parse(JSON.parse((await punie(['history', '--json'])).stdout));
    expect(json.map((c) => c.title)).toEqual(['second question', 'first question']);
    expect(json[0]).toMatchObject({ model: 'test', messageCount: 2, workspace: root });

    const r = await punie(['history']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^DATE +ID +MESSAGES +MODEL +TITLE$/);
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  ${json[0]!.id}  +2  test +second question$`));
    expect(lines[2]).toContain(json[1]!.id);
    expect(lines).toHaveLength(3);
  });

  it('--limit, --all and --search', async () => {
    await askAll(['apples', 'pears', 'plums']);
    const limited = await punie(['history', '--limit', '2']);
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(limited.stderr).toBe('punie: 1 older not shown (--limit N or --all).\n');
    expect(summaries.parse(JSON.parse((await punie(['history', '--json', '-n', '1'])).stdout))).toHaveLength(1);
    expect(summaries.parse(JSON.parse((await punie(['history', '--json', '--all'])).stdout))).toHaveLength(3);
    const found = summaries.parse(JSON.parse((await punie(['history', '--json', '--search', 'pears'])).stdout));
    expect(found.map((c) => c.title)).toEqual(['pears']);
    expect((await punie(['history', '--search', 'bananas'])).stderr).toBe('punie: no conversation matches "bananas".\n');
  });

  it('reports an unreadable conversation once and lists the others', async () => {
    await askAll(['good one']);
    mkdirSync(join(home, 'history', 'conversations'), { recursive: true });
    writeFileSync(join(home, 'history', 'conversations', 'garbage.jsonl'), 'not json at all\n');
    const first = await punie(['history', '--json']);
    expect(summaries.parse(JSON.parse(first.stdout)).map((c) => c.title)).toEqual(['good one']);
    expect(first.stderr).toMatch(/^punie: 1 conversation could not be read; it was kept at .*quarantine.*\.\n$/);
    const second = await punie(['history', '--json']);
    expect(second.stderr).toBe('');
  });

  it('a history folder that cannot be read: a message, no stack', async () => {
    writeFileSync(join(root, `file-${serial}`), '');
    home = join(root, `file-${serial}`);
    const r = await punie(['history']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^punie: Could not read the history in .*: ENOTDIR\.\n {2}Check the folder's permissions/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('ID prints the current branch numbered; ask --from N branches at prompt N and keeps the old branch', async () => {
    await askAll(['first question']);
    const [c] = summaries.parse(JSON.parse((await punie(['history', '--json'])).stdout));
    expect((await punie(['ask', 'second question', '--model', 'test', '--conversation', c!.id])).code).toBe(0);
    // Prompt 2 asked again, differently: a second branch after prompt 1.
    expect((await punie(['ask', 'second, reworded', '--model', 'test', '--conversation', c!.id, '--from', '2'])).code).toBe(0);
    const text = await punie(['history', c!.id]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('#1 you:\n  first question');
    expect(text.stdout).toContain('#2 you (1 other branch here):\n  second, reworded');
    expect(text.stdout).not.toContain('second question');
    const branch = z
      .object({ runs: z.array(z.object({ n: z.number(), messages: z.array(z.object({ role: z.string(), content: z.string() })) })) })
      .parse(JSON.parse((await punie(['history', c!.id, '--json'])).stdout));
    expect(branch.runs.map((r) => [r.n, r.messages[0]!.content])).toEqual([
      [1, 'first question'],
      [2, 'second, reworded'],
    ]);
    // Every run is kept in the log: 3 prompts and their answers.
    expect(summaries.parse(JSON.parse((await punie(['history', '--json'])).stdout))[0]!.messageCount).toBe(6);
    // --from 1: from the very start; a number past the branch is refused with a hint.
    expect((await punie(['ask', 'zero', '--model', 'test', '--conversation', c!.id, '--from', '1'])).code).toBe(0);
    expect((await punie(['history', c!.id])).stdout).toContain('#1 you (1 other branch here):\n  zero');
    const past = await punie(['ask', 'x', '--model', 'test', '--conversation', c!.id, '--from', '5']);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('--from 5 names none');
    expect((await punie(['ask', 'x', '--model', 'test', '--from', '1'])).code).toBe(2);
  });

  it('ID, --search and a continued ask follow the branch the app switched to, not the latest one', async () => {
    await askAll(['first question']);
    const [c] = summaries.parse(JSON.parse((await punie(['history', '--json'])).stdout));
    expect((await punie(['ask', 'second question', '--model', 'test', '--conversation', c!.id])).code).toBe(0);
    expect((await punie(['ask', 'second, reworded', '--model', 'test', '--conversation', c!.id, '--from', '2'])).code).toBe(0);
    // The app's ‹ 1/2 ›: back to the first branch of prompt 2, recorded in the log.
    const store = new ConversationStore({ dataDir: home });
    const all = (await store.get(c!.id, new AbortController().signal)).messages;
    const firstBranch = all.find((m) => m.role === 'user' && m.content === 'second question') as { runId: string };
    await store.setBranch(c!.id, firstBranch.runId, new AbortController().signal);
    await store.close();

    const text = (await punie(['history', c!.id])).stdout;
    expect(text).toContain('#2 you (1 other branch here):\n  second question');
    expect(text).not.toContain('reworded');
    expect(summaries.parse(JSON.parse((await punie(['history', '--json', '--search', 'reworded'])).stdout))).toEqual([]);
    expect(summaries.parse(JSON.parse((await punie(['history', '--json', '--search', 'second question'])).stdout))).toHaveLength(1);
    // A prompt with no --from carries on the branch in view, and is then the latest.
    expect((await punie(['ask', 'third question', '--model', 'test', '--conversation', c!.id])).code).toBe(0);
    const after = (await punie(['history', c!.id])).stdout;
    expect(after).toMatch(/#2 you \(1 other branch here\):\n {2}second question[\s\S]*#3 you:\n {2}third question/);
    // --from numbers the prompts of that branch.
    expect((await punie(['ask', 'third, reworded', '--model', 'test', '--conversation', c!.id, '--from', '3'])).code).toBe(0);
    expect((await punie(['history', c!.id])).stdout).toMatch(/second question[\s\S]*#3 you \(1 other branch here\):\n {2}third, reworded/);
  });

  it('usage errors exit 2; --help explains', async () => {
    for (const argv of [['history', '--limit', '0'], ['history', '--all', '--limit', '3'], ['history', 'one', 'two'], ['history', '--bogus']]) {
      const r = await punie(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/^punie: .*\n {2}Run `punie history --help`/);
    }
    expect((await punie(['history', '--help'])).stdout).toMatch(/^usage: punie history/);
    expect(parseHistoryArgs(['--all'])).toEqual({ json: false, search: '', limit: undefined });
  });
});
