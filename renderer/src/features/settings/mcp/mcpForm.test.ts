import { describe, expect, it } from 'vitest';
import { emptyForm, formFromEntry, inputFromForm } from './mcpForm';

describe('the MCP server form', () => {
  it('turns a program entry into fields and back', () => {
    const form = formFromEntry('github', { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github', 'a b'], env: { GITHUB_TOKEN: 'ghp_x' }, cwd: '~/src', timeoutSeconds: 30, note: 'kept by main' });
    expect(form).toMatchObject({ transport: 'stdio', args: '-y\n@modelcontextprotocol/server-github\na b', env: 'GITHUB_TOKEN=ghp_x', cwd: '~/src', timeoutSeconds: '30' });
    expect(inputFromForm(form)).toEqual({
      ok: true,
      name: 'github',
      server: { transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-github', 'a b'], env: { GITHUB_TOKEN: 'ghp_x' }, cwd: '~/src', timeoutSeconds: 30 },
    });
  });

  it('turns a URL entry into fields and back', () => {
    const form = formFromEntry('hf', { url: 'https://huggingface.co/mcp', headers: { Authorization: 'Bearer hf_x' } });
    expect(form).toMatchObject({ transport: 'http', url: 'https://huggingface.co/mcp', headers: 'Authorization: Bearer hf_x' });
    expect(inputFromForm(form)).toEqual({ ok: true, name: 'hf', server: { transport: 'http', url: 'https://huggingface.co/mcp', headers: { Authorization: 'Bearer hf_x' } } });
    expect(formFromEntry('old', { type: 'sse', url: 'http://x/sse' }).transport).toBe('sse');
  });

  it('says which field to fix', () => {
    expect(inputFromForm(emptyForm())).toEqual({ ok: false, field: 'name', message: 'The name is empty.' });
    expect(inputFromForm({ ...emptyForm(), name: 'x' })).toEqual({ ok: false, field: 'command', message: 'Give the program to run.' });
    expect(inputFromForm({ ...emptyForm(), name: 'x', command: 'node', env: 'NOEQUALS' })).toEqual({ ok: false, field: 'env', message: '"NOEQUALS" is not NAME=value.' });
    expect(inputFromForm({ ...emptyForm(), name: 'x', transport: 'http', url: 'ftp://x' })).toEqual({ ok: false, field: 'url', message: 'Give an http:// or https:// address.' });
    expect(inputFromForm({ ...emptyForm(), name: 'x', command: 'node', timeoutSeconds: '0' })).toMatchObject({ ok: false, field: 'timeoutSeconds' });
  });
});
