import { describe, expect, it } from 'vitest';
import { parseMcpConfig, serializeMcpConfig, withDisabled, withoutServer, withServer } from './mcpConfig';
import { specOf } from './mcpServerSpec';

const LM_STUDIO_STYLE = `{
  "mcpServers": {
    "everything": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything"], "env": { "LOG": "1" }, "lmstudioOnly": true },
    "hf-mcp-server": { "url": "https://huggingface.co/mcp", "headers": { "Authorization": "Bearer hf_x" } },
    "legacy": { "type": "sse", "url": "http://127.0.0.1:9000/sse" },
    "both": { "command": "x", "url": "http://a" },
    "neither": { "args": [] }
  },
  "theme": "dark"
}`;

describe('parseMcpConfig', () => {
  it('reads servers in the LM Studio / Claude Desktop shape, each valid or with its reason', () => {
    const doc = parseMcpConfig(LM_STUDIO_STYLE);
    expect(doc.problem).toBeUndefined();
    expect(doc.servers.map((s) => [s.name, s.invalid ?? 'ok'])).toEqual([
      ['everything', 'ok'],
      ['hf-mcp-server', 'ok'],
      ['legacy', 'ok'],
      ['both', 'give either "command" or "url", not both.'],
      ['neither', 'give a "command" (a program to run) or a "url".'],
    ]);
    expect(doc.servers[0]!.entry).toMatchObject({ command: 'npx', lmstudioOnly: true });
  });

  it('says what is wrong with a file that is not a config', () => {
    expect(parseMcpConfig('{ "mcpServers": ').problem).toMatch(/^It is not valid JSON/);
    expect(parseMcpConfig('[]').problem).toBe('It must hold one JSON object, like {"mcpServers": {}}.');
    expect(parseMcpConfig('{"mcpServers": []}').problem).toBe('"mcpServers" must be an object of servers by name.');
    expect(parseMcpConfig('')).toEqual({ raw: {}, servers: [] });
    expect(parseMcpConfig('{"mcpServers": {"a": {"url": "ftp://x"}}}').servers[0]!.invalid).toBe('url: must be an http:// or https:// address.');
  });
});

describe('edits keep what Punie does not know', () => {
  it('adding, editing, disabling and removing leave other keys and entries alone', () => {
    const raw = parseMcpConfig(LM_STUDIO_STYLE).raw;
    const edited = withServer(raw, 'everything', { command: 'node', args: ['server.js'] });
    expect(edited.theme).toBe('dark');
    expect((edited.mcpServers as Record<string, unknown>).everything).toEqual({ lmstudioOnly: true, command: 'node', args: ['server.js'] });
    const exact = withServer(raw, 'everything', { command: 'node' }, { keepUnknown: false });
    expect((exact.mcpServers as Record<string, unknown>).everything).toEqual({ command: 'node' });

    const disabled = withDisabled(edited, 'legacy', true);
    expect((disabled.mcpServers as Record<string, unknown>).legacy).toEqual({ type: 'sse', url: 'http://127.0.0.1:9000/sse', disabled: true });
    expect((withDisabled(disabled, 'legacy', false).mcpServers as Record<string, unknown>).legacy).toEqual({ type: 'sse', url: 'http://127.0.0.1:9000/sse' });

    const removed = withoutServer(disabled, 'both');
    expect(Object.keys(removed.mcpServers as object)).toEqual(['everything', 'hf-mcp-server', 'legacy', 'neither']);
    expect(() => withoutServer(removed, 'both')).toThrow('There is no MCP server named "both".');
    const reparsed = parseMcpConfig(serializeMcpConfig(removed));
    expect(reparsed.raw).toEqual(removed);
  });

  it('a rename keeps the server in its place', () => {
    const raw = { mcpServers: { a: { command: 'a' }, b: { command: 'b', note: 'mine' }, c: { command: 'c' } } };
    const renamed = withServer(raw, 'bee', { command: 'b2' }, { keepUnknown: true, renamedFrom: 'b' });
    expect(renamed.mcpServers).toEqual({ a: { command: 'a' }, bee: { note: 'mine', command: 'b2' }, c: { command: 'c' } });
  });
});

describe('specOf', () => {
  it('resolves cwd against the file\'s folder, picks the transport, reads the timeout', () => {
    const doc = parseMcpConfig(
      JSON.stringify({ mcpServers: { a: { command: 'node', args: ['s.js'], cwd: 'tools', timeoutSeconds: 5 }, b: { url: 'http://x/mcp' }, c: { type: 'http', url: 'http://x/mcp' }, d: { type: 'sse', url: 'http://x/sse' }, e: { command: 'x', disabled: true } } }),
    );
    const specs = doc.servers.map((s) => specOf(s, { source: 'workspace', baseDir: '/work/repo' }));
    expect(specs[0]).toMatchObject({ launch: { kind: 'stdio', command: 'node', args: ['s.js'], cwd: '/work/repo/tools' }, timeoutMs: 5_000, target: 'node s.js', source: 'workspace' });
    expect(specs.slice(1, 4).map((s) => s.launch.kind)).toEqual(['auto', 'http', 'sse']);
    expect(specs[4]!.disabled).toBe(true);
    expect(specs[1]!.timeoutMs).toBe(120_000);
  });
});

describe('sessionServerSpec', () => {
  it('builds the spec of a server an editor passes for a session', async () => {
    const { sessionServerSpec } = await import('./mcpServerSpec');
    expect(sessionServerSpec({ name: 'fs', command: 'npx', args: ['-y', 'pkg dir'], env: { A: '1' }, cwd: '/repo' })).toEqual({
      name: 'fs',
      source: 'session',
      launch: { kind: 'stdio', command: 'npx', args: ['-y', 'pkg dir'], env: { A: '1' }, cwd: '/repo' },
      disabled: false,
      timeoutMs: 120_000,
      target: "npx -y 'pkg dir'",
    });
    expect(sessionServerSpec({ name: 'web', url: 'http://127.0.0.1:9/mcp', transport: 'sse' }).launch).toEqual({ kind: 'sse', url: 'http://127.0.0.1:9/mcp', headers: {} });
  });
});
