import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { textTurn, toolTurn } from '../../../e2e/fake-server/script';
import type { CliContext } from '../cliContext';
import { runCli } from '../runCli';
import { testContext } from '../../../test/support/cli/testIo';

/** `punie undo` in process, after real `punie ask` runs against the fake server. */

const root = mkdtempSync(join(tmpdir(), 'punie-undo-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let serial = 0;
let ws: string;
let home: string;
let server: FakeServer;
let spec: string;

beforeEach(async () => {
  serial += 1;
  ws = join(root, `ws-${serial}`);
  home = join(root, `home-${serial}`);
  mkdirSync(ws);
  writeFileSync(join(ws, 'notes.txt'), 'old\n');
  server = await startFakeServer({ profile: 'llama.cpp', models: [{ id: 'm' }] });
  spec = `local:${server.baseURL}/m`;
});
afterEach(async () => {
  await server.close();
});

async function punie(argv: string[], tweak: (ctx: CliContext) => void = () => undefined) {
  const { ctx, stdout, stderr } = testContext({ PUNIE_HOME: home }, ws);
  tweak(ctx);
  const code = await runCli(argv, ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A terminal that answers each question ending in "[y/N] " with the next answer. */
function terminal(answers: string[]) {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const asked: string[] = [];
  return {
    asked,
    tweak: (ctx: CliContext) => {
      const stderr = ctx.stderr;
      ctx.stdin = input;
      ctx.stderr = {
        isTTY: false,
        write(chunk: string) {
          if (chunk.endsWith('[y/N] ')) {
            asked.push(chunk);
            const next = answers.shift();
            setImmediate(() => (next === undefined ? input.end() : input.write(`${next}\n`)));
          }
          return stderr.write(chunk);
        },
      };
    },
  };
}

const writeTurn = (path: string, content: string) => toolTurn([{ name: 'write_file', arguments: JSON.stringify({ path, content }) }]);
const read = (rel: string) => readFileSync(join(ws, rel), 'utf8');

describe('punie undo', () => {
  it('with no terminal and no --yes: shows the diff and changes nothing; --yes puts notes.txt back and removes the file the run created', async () => {
    server.setScript([writeTurn('notes.txt', 'changed\n'), writeTurn('made.txt', 'new\n'), textTurn('Done.')]);
    expect((await punie(['ask', 'write notes.txt with changed', '--model', spec, '--allow', 'write_file'])).code).toBe(0);
    expect(read('notes.txt')).toBe('changed\n');

    const refused = await punie(['undo']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Undo run 1 ("write notes.txt with changed")');
    expect(refused.stdout).toContain('    -changed\n    +old');
    expect(refused.stdout).toContain('  made.txt: remove (the run created it)');
    expect(refused.stderr).toContain('Nothing was changed');
    expect(read('notes.txt')).toBe('changed\n');

    const undone = await punie(['undo', '--yes']);
    expect(undone.code).toBe(0);
    expect(read('notes.txt')).toBe('old\n');
    expect(existsSync(join(ws, 'made.txt'))).toBe(false);
    expect(undone.stderr).toContain('punie: put back notes.txt\npunie: removed made.txt\n');

    // Nothing left to undo; --redo makes the changes again.
    expect((await punie(['undo', '--yes'])).code).toBe(1);
    expect((await punie(['undo', '--redo', '--yes'])).code).toBe(0);
    expect(read('notes.txt')).toBe('changed\n');
    expect(read('made.txt')).toBe('new\n');
  });

  it('on a terminal: asks about a file changed since the run, keeps it when told no, and asks before doing anything', async () => {
    server.setScript([writeTurn('notes.txt', 'changed\n'), writeTurn('made.txt', 'new\n'), textTurn('Done.')]);
    expect((await punie(['ask', 'change things', '--model', spec, '--allow', 'write_file'])).code).toBe(0);
    writeFileSync(join(ws, 'notes.txt'), 'my own edit\n');

    const declined = terminal(['n', 'n']);
    expect((await punie(['undo'], declined.tweak)).code).toBe(0);
    expect(declined.asked).toEqual(['notes.txt changed since the run. Put it back anyway, losing those changes? [y/N] ', 'Undo these changes? [y/N] ']);
    expect(existsSync(join(ws, 'made.txt'))).toBe(true);

    const keep = terminal(['n', 'y']);
    const r = await punie(['undo'], keep.tweak);
    expect(r.code).toBe(0);
    expect(read('notes.txt')).toBe('my own edit\n');
    expect(existsSync(join(ws, 'made.txt'))).toBe(false);
    expect(r.stderr).toContain('punie: kept notes.txt: changed since the run; kept as it is');
  });

  it('--run N picks a run; a run that ran commands says their effects are not undone', async () => {
    server.setScript([
      writeTurn('notes.txt', 'first\n'),
      textTurn('One.'),
      toolTurn([{ name: 'run_command', arguments: '{"command":"true"}' }]),
      writeTurn('notes.txt', 'second\n'),
      textTurn('Two.'),
    ]);
    expect((await punie(['ask', 'one', '--model', spec, '--yes'])).code).toBe(0);
    expect((await punie(['ask', 'two', '--continue', '--model', spec, '--yes'])).code).toBe(0);
    const r = await punie(['undo', '--yes', '--run', '2']);
    expect(r.code).toBe(0);
    expect(read('notes.txt')).toBe('first\n');
    expect(r.stderr).toContain('punie: 1 command ran; its effects are not undone.');
  });
});
