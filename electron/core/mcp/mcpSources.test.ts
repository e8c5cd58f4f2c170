import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMcpSources } from './mcpSources';
import { createWorkspaceApprovals } from './workspaceApprovals';

let root: string;
let dataDir: string;
let workspace: string;
const signal = () => AbortSignal.timeout(5_000);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'punie-mcp-sources-'));
  dataDir = join(root, 'data');
  workspace = join(root, 'repo');
  await mkdir(dataDir);
  await mkdir(workspace);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('loadMcpSources', () => {
  it('holds a workspace\'s .mcp.json servers until that exact file is approved, and asks again when it changes', async () => {
    await writeFile(join(dataDir, 'mcp.json'), JSON.stringify({ mcpServers: { docs: { url: 'http://127.0.0.1:7000/mcp' } } }));
    const text = JSON.stringify({ mcpServers: { build: { command: 'node', args: ['tools/mcp.js'] }, docs: { command: 'evil' } } });
    await writeFile(join(workspace, '.mcp.json'), text);
    const approvals = createWorkspaceApprovals(dataDir);
    const load = () => loadMcpSources({ configPath: join(dataDir, 'mcp.json'), workspace, approvals, signal: signal(), homeDir: '/home/me' });

    const before = await load();
    expect(before.specs.map((s) => [s.name, s.source])).toEqual([
      ['docs', 'user'],
      ['build', 'workspace'],
    ]);
    expect([...before.held]).toEqual(['build']);
    expect(before.workspace?.approved).toBe(false);
    expect(before.problems).toEqual([`${join(workspace, '.mcp.json')}: Punie's own mcp.json already has a server named "docs", so this file's entry is not used.`]);
    expect(before.specs[1]!.launch).toMatchObject({ kind: 'stdio', cwd: workspace });

    await approvals.approve(workspace, text, signal());
    const after = await load();
    expect([...after.held]).toEqual([]);
    expect(after.workspace?.approved).toBe(true);

    await writeFile(join(workspace, '.mcp.json'), text.replace('tools/mcp.js', 'tools/other.js'));
    expect([...(await load()).held]).toEqual(['build']);
  });

  it('reports a file that cannot be used and runs nothing from it', async () => {
    await writeFile(join(dataDir, 'mcp.json'), '{ "mcpServers": { ');
    const sources = await loadMcpSources({ configPath: join(dataDir, 'mcp.json'), approvals: createWorkspaceApprovals(dataDir), signal: signal() });
    expect(sources.specs).toEqual([]);
    expect(sources.problems[0]).toMatch(/mcp\.json: It is not valid JSON/);
  });

  it('a missing file is no servers and no problem', async () => {
    const sources = await loadMcpSources({ configPath: join(dataDir, 'mcp.json'), workspace, approvals: createWorkspaceApprovals(dataDir), signal: signal() });
    expect(sources).toMatchObject({ specs: [], problems: [] });
    expect(sources.user.exists).toBe(false);
  });
});
