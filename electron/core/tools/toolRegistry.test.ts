import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GATED_TOOLS, TOOL_NAMES } from '../../../shared/settings';
import { createToolRegistry } from './toolRegistry';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';

const registry = createToolRegistry();
let ws: TempWorkspace;
beforeEach(async () => {
  ws = await makeTempWorkspace();
});
afterEach(() => ws.cleanup());

describe('tool registry', () => {
  it('lists the six tools with JSON schemas for the model', () => {
    const specs = registry.specs();
    expect(specs.map((s) => s.name)).toEqual([...TOOL_NAMES]);
    const read = specs.find((s) => s.name === 'read_file');
    expect(read?.parameters).toMatchObject({
      type: 'object',
      required: ['path'],
      properties: { path: { type: 'string' }, offset: { type: 'integer', minimum: 1 }, limit: { type: 'integer' } },
    });
    expect(read?.parameters).not.toHaveProperty('$schema');
    const run = specs.find((s) => s.name === 'run_command');
    expect(run?.parameters).toMatchObject({ properties: { args: { type: 'array', items: { type: 'string' } } }, required: ['command'] });
    for (const spec of specs) expect(spec.description.length).toBeGreaterThan(40);
  });

  it('marks exactly the gated tools as needing permission', () => {
    const gated = registry.names().filter((n) => registry.get(n)?.needsPermission);
    expect(gated).toEqual([...GATED_TOOLS]);
  });

  it('answers an unknown tool with the list of tools', async () => {
    await expect(registry.execute('delete_everything', {}, await ws.context())).rejects.toMatchObject({
      code: 'invalid-tool-call',
      message: 'There is no tool named "delete_everything". The tools are: read_file, list_files, search_files, write_file, edit_file, run_command.',
    });
  });

  it('answers arguments that do not fit the schema with what is wrong and the expected shape', async () => {
    await expect(registry.execute('read_file', { file: 'notes.txt' }, await ws.context())).rejects.toMatchObject({
      code: 'invalid-tool-call',
      message: expect.stringMatching(/^Invalid arguments for read_file: path: .+\. Expected a JSON object \{"path": string, "offset"\?: integer, "limit"\?: integer\}\.$/),
    });
    await expect(registry.execute('run_command', { command: 'ls', args: 'sub' }, await ws.context())).rejects.toMatchObject({
      message: expect.stringContaining('"args"?: array of strings'),
    });
  });
});
