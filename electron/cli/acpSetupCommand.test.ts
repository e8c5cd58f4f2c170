import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testContext } from '../../test/support/cli/testIo';
import { cliLaunch, runAcpSetup } from './acpSetupCommand';

const dir = mkdtempSync(join(tmpdir(), 'punie-acp-setup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('punie acp setup', () => {
  it('names this punie by absolute paths: the program and the script a link points to', () => {
    const script = join(dir, 'punie.js');
    writeFileSync(script, '');
    symlinkSync(script, join(dir, 'punie'));
    expect(cliLaunch(script, '/usr/bin/node')).toEqual({ command: '/usr/bin/node', args: [script, 'acp'] });
    expect(cliLaunch(join(dir, 'punie'), '/usr/bin/node')).toEqual({ command: '/usr/bin/node', args: [script, 'acp'] });
    expect(cliLaunch(undefined, '/Applications/Punie.app/Contents/MacOS/Punie')).toEqual({ command: '/Applications/Punie.app/Contents/MacOS/Punie', args: ['acp'] });
  });

  it('writes JetBrains’ acp.json and says what it changed and what the editor shows; --print writes nothing', async () => {
    const home = join(dir, 'home');
    const printed = testContext({ PUNIE_HOME: join(dir, 'data'), HOME: home }, dir);
    expect(await runAcpSetup({ editor: 'jetbrains', print: true }, printed.ctx)).toBe(0);
    expect(printed.stdout.text).toMatch(new RegExp(`^punie acp setup jetbrains would create ${join(home, '.jetbrains', 'acp.json').replace(/[.]/g, '\\.')}:\n\\{\n  "agent_servers"`));

    const { ctx, stdout } = testContext({ PUNIE_HOME: join(dir, 'data'), HOME: home }, dir);
    expect(await runAcpSetup({ editor: 'jetbrains', print: false }, ctx)).toBe(0);
    expect(stdout.text).toContain(`JetBrains IDEs: created ${join(home, '.jetbrains', 'acp.json')} with Punie in agent_servers:`);
    expect(stdout.text).toContain('pick Punie from the agent list');
    expect(JSON.parse(readFileSync(join(home, '.jetbrains', 'acp.json'), 'utf8'))).toMatchObject({ agent_servers: { Punie: { command: process.execPath } } });
  });
});
