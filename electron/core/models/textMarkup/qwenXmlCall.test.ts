import { describe, expect, it } from 'vitest';
import { parseQwenXmlCalls, schemaTypes, typedValue } from './qwenXmlCall';

const EDIT = {
  name: 'edit_file',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' }, count: { type: ['integer', 'null'] }, ratio: { type: 'number' }, opts: { anyOf: [{ type: 'object' }, { type: 'string' }] }, mode: { enum: ['a', 'b'] } },
  },
};

describe('Qwen3-Coder XML calls', () => {
  it('types each value by its schema, and keeps text that is not the type as text', () => {
    expect(typedValue('42', { type: 'integer' })).toBe(42);
    expect(typedValue('4.5', { type: 'integer' })).toBe('4.5');
    expect(typedValue('4.5', { type: 'number' })).toBe(4.5);
    expect(typedValue('True', { type: 'boolean' })).toBe(true);
    expect(typedValue('null', { type: ['integer', 'null'] })).toBeNull();
    expect(typedValue('{"a": 1}', { anyOf: [{ type: 'object' }, { type: 'string' }] })).toEqual({ a: 1 });
    expect(typedValue('{not json', { anyOf: [{ type: 'object' }, { type: 'string' }] })).toBe('{not json');
    expect(typedValue('007', { type: 'string' })).toBe('007');
    expect(typedValue(' x ', undefined)).toBe(' x ');
    expect([...schemaTypes({ enum: ['a', 1, null] })].sort()).toEqual(['null', 'number', 'string']);
  });

  it('strips only the newline after the opening tag and before the closing one', () => {
    const body = '<function=edit_file>\n<parameter=path>\n\n  indented\n\n</parameter>\n<parameter=count>\n3\n</parameter>\n</function>';
    expect(parseQwenXmlCalls(body, [EDIT])).toEqual({ ok: true, calls: [{ name: 'edit_file', argsText: JSON.stringify({ path: '\n  indented\n', count: 3 }) }] });
  });

  it('ends a value whose closing tag the model forgot where the next parameter begins', () => {
    const body = '<function=edit_file>\n<parameter=path>\na.ts\n<parameter=mode>\nb\n</parameter>\n</function>';
    expect(parseQwenXmlCalls(body, [EDIT])).toEqual({ ok: true, calls: [{ name: 'edit_file', argsText: JSON.stringify({ path: 'a.ts', mode: 'b' }) }] });
  });

  it('turns down text outside the blocks and tools not offered', () => {
    expect(parseQwenXmlCalls('hello <function=edit_file></function>', [EDIT])).toMatchObject({ ok: false, reason: 'it has text outside its <function=…> blocks' });
    expect(parseQwenXmlCalls('<function=edit_file>\nstray\n</function>', [EDIT])).toMatchObject({ ok: false, reason: 'the call to edit_file has text outside its <parameter=…> blocks' });
    expect(parseQwenXmlCalls('<function=nope>\n</function>', [EDIT])).toMatchObject({ ok: false, reason: expect.stringContaining('"nope"') });
  });
});
