import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * What `punie --version` loads (issue 18: CLI start). The CLI is bundled into
 * chunks that load when a command needs them (scripts/build-cli.mjs); the
 * entry's static imports are what every command pays, `--version` included.
 * zod alone is 470 KB of JavaScript to compile, so it must stay out of them.
 */
async function staticInputs(): Promise<string[]> {
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
  const entry = Object.keys(outputs).find((o) => o.endsWith('punie.mjs'))!;
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
});
