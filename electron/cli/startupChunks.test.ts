import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * What `punie --version` loads (issue 18: CLI start). The CLI is bundled into
 * chunks that load when a command needs them (scripts/build-cli.mjs); the
 * entry's static imports are what every command pays, `--version` included.
 * zod alone is 470 KB of JavaScript to compile, so it must stay out of them.
 */
async function staticInputs(from?: string): Promise<string[]> {
  const result = await build({
    entryPoints: { punie: 'electron/cli/main.ts' },
    outdir: 'out/cli-metafile-test',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs: Metafile['outputs'] = result.metafile.outputs;
  // The entry, or the chunk a command's dynamic import loads (its entryPoint is the command's file).
  const entry = Object.keys(outputs).find((o) => (from ? outputs[o]?.entryPoint === from : o.endsWith('punie.mjs')))!;
  expect(entry).toBeDefined();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of outputs[file]?.imports ?? []) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  visit(entry);
  return [...seen].flatMap((file) => Object.keys(outputs[file]?.inputs ?? {}));
}

describe('the CLI entry', () => {
  it('loads no zod, no SDK and no store before a command asks for them', async () => {
    const inputs = await staticInputs();
    expect(inputs.some((i) => i.includes('electron/cli/main.ts'))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/(zod|openai|@anthropic-ai|@modelcontextprotocol|@agentclientprotocol)\//.test(i))).toEqual([]);
    expect(inputs.filter((i) => i.includes('electron/core/store/'))).toEqual([]);
  }, 60_000);

  it('`punie status` loads no zod, no SDK and no store: it reads the servers\' listings with plain checks', async () => {
    const inputs = [...(await staticInputs()), ...(await staticInputs('electron/cli/commands/status.ts'))];
    expect(inputs.some((i) => i.includes('electron/cli/commands/status.ts'))).toBe(true);
    expect(inputs.some((i) => i.includes('electron/core/servers/lmstudioListing.ts'))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/(zod|openai|@anthropic-ai|@modelcontextprotocol|@agentclientprotocol)\//.test(i))).toEqual([]);
    expect(inputs.filter((i) => i.includes('electron/core/store/'))).toEqual([]);
  }, 60_000);
});
