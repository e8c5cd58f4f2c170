import { describe, expect, it } from 'vitest';
import { startFakeServer } from './fakeServer';
import { NAMED_SCRIPTS } from './namedScripts';

describe('named scripts', () => {
  it.each(['hello', 'think', 'read-notes', 'tool-text', 'qwen-xml', 'mistral-text', 'llama-json', 'think-inline'])('%s streams to the end of its first turn', async (name) => {
    const server = await startFakeServer({ profile: 'lmstudio', script: NAMED_SCRIPTS[name]!.turns, repeatScript: true });
    try {
      const body = { model: 'qwen/qwen3-coder-30b', stream: true, messages: [{ role: 'user', content: 'hi' }] };
      const text = await (await fetch(`${server.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(body) })).text();
      expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('starts the script over when repeatScript is set', async () => {
    const server = await startFakeServer({ profile: 'openai', models: [{ id: 'm' }], script: NAMED_SCRIPTS.hello!.turns, repeatScript: true });
    try {
      for (let i = 0; i < 2; i++) {
        const r = await fetch(`${server.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) });
        expect(((await r.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toMatch(/fake server/);
      }
    } finally {
      await server.close();
    }
  });
});
