import { describe, expect, it } from 'vitest';
import { argsText, callFromObject, parseJsonCall, parseMistralCall } from './jsonCallForms';

const TOOLS = [{ name: 'read_file' }, { name: 'list_files' }];

describe('JSON call forms', () => {
  it('reads arguments given as an object, a JSON string, "parameters", or none', () => {
    expect(parseJsonCall('{"name":"read_file","arguments":{"x":1}}', TOOLS)).toEqual({ ok: true, calls: [{ name: 'read_file', argsText: '{"x":1}' }] });
    expect(parseJsonCall('{"name":"read_file","arguments":"{\\"x\\":1}"}', TOOLS)).toEqual({ ok: true, calls: [{ name: 'read_file', argsText: '{"x":1}' }] });
    expect(parseJsonCall('{"name":"read_file","parameters":{"y":2}}', TOOLS)).toEqual({ ok: true, calls: [{ name: 'read_file', argsText: '{"y":2}' }] });
    expect(parseJsonCall('{"name":"list_files"}', TOOLS)).toEqual({ ok: true, calls: [{ name: 'list_files', argsText: '{}' }] });
    expect(callFromObject({ type: 'function', function: { name: 'read_file', arguments: '{}' } }, TOOLS)).toEqual({ name: 'read_file', argsText: '{}' });
  });

  it('turns down what cannot be run: no name, unknown names, arguments that are not an object, broken JSON', () => {
    expect(parseJsonCall('[1,2]', TOOLS)).toMatchObject({ ok: false, reason: 'it is not a JSON object with a "name"' });
    expect(parseJsonCall('{"arguments":{}}', TOOLS)).toMatchObject({ ok: false, reason: 'it has no tool "name"' });
    expect(parseJsonCall('{"name":"rm","arguments":{}}', TOOLS)).toMatchObject({ ok: false, reason: expect.stringContaining('"rm", which is not one of the tools offered (read_file, list_files)') });
    expect(parseJsonCall('{"name":"read_file","arguments":[1]}', TOOLS)).toMatchObject({ ok: false, reason: 'the arguments of read_file are not a JSON object' });
    expect(parseJsonCall('{"name": "read_file", "arguments": {"path": "a}', TOOLS)).toMatchObject({ ok: false, reason: 'its JSON does not parse' });
    expect(argsText('not json')).toBeUndefined();
  });

  it('reads every Mistral form and turns down a name with spaces or no [ARGS]', () => {
    expect(parseMistralCall('read_file[ARGS]{"path":"a"}', TOOLS)).toEqual({ ok: true, calls: [{ name: 'read_file', argsText: '{"path":"a"}' }] });
    expect(parseMistralCall(' read_file[CALL_ID]abcdefghi[ARGS] {"path":"a"}', TOOLS)).toMatchObject({ ok: true });
    expect(parseMistralCall('[{"name":"read_file","arguments":{}},{"name":"list_files","arguments":{}}]', TOOLS)).toMatchObject({ ok: true, calls: [{ name: 'read_file' }, { name: 'list_files' }] });
    expect(parseMistralCall('read file[ARGS]{}', TOOLS)).toMatchObject({ ok: false, reason: 'its tool name is not a plain name' });
    expect(parseMistralCall('read_file{}', TOOLS)).toMatchObject({ ok: false, reason: 'it has no [ARGS]' });
    expect(parseMistralCall('[]', TOOLS)).toMatchObject({ ok: false, reason: 'it lists no calls' });
  });
});
