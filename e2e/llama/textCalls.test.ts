import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentEventSchema, type AgentEvent } from '../../shared/agentEvents';
import { MARKUP_PATTERN, TEXT_CALL_FORMS, THINK_TEXT } from '../fake-server/textCallForms';
import { assertBuilt, spawnPunie } from '../../test/support/cli/spawnPunie';
import { ensureLlama, startLlamaServer, type LlamaServer } from './llamaServer';
import { startRewriteProxy, writeExactly, type ChatBody, type RewriteProxy } from './rewriteProxy';

// Tool calls and reasoning from the real llama-server with the tiny random
// model, both ways a real server delivers them, through the built `punie ask`:
// - as text the server does not parse: a test proxy removes `tools` and adds a
//   GBNF grammar whose only sentence is the exact text of one form, so the
//   model streams it token by token; Punie must recover the call, run the
//   tool, and show no markup;
// - as calls the server parses itself: `--jinja` with the family's template
//   from llama.cpp's models/templates/ and `tool_choice: "required"` (with a
//   prefill and a logit bias so the random model gets through its grammar),
//   and the next turn rendered by that template.
// Asserts protocol and behaviour, never the model's words.

const setup = await ensureLlama();
const skip = 'skip' in setup ? setup.skip : undefined;
if (skip !== undefined) console.warn(`text tool-call real-server suite skipped: ${skip}`);

const NOTES = 'The meeting moved to Thursday, room 4.';

describe.skipIf(skip !== undefined)('tool calls and reasoning from the real llama-server', () => {
  const root = mkdtempSync(join(tmpdir(), 'punie-llama-text-'));
  const workspace = join(root, 'workspace');
  const home = join(root, 'home');
  const events = (stdout: string): AgentEvent[] =>
    stdout
      .trim()
      .split('\n')
      .map((line) => agentEventSchema.parse(JSON.parse(line)));
  const ask = (baseURL: string, model: string) =>
    spawnPunie(['ask', 'What does notes.txt say?', '--model', `local:${baseURL}/${model}`, '--workspace', workspace, '--json', '--no-history'], {
      env: { PUNIE_HOME: home },
      timeoutMs: 280_000,
    });
  const texts = (list: AgentEvent[], type: 'text-delta' | 'reasoning-delta') => list.flatMap((e) => (e.type === type ? [e.delta] : []));

  beforeAll(() => {
    assertBuilt();
    mkdirSync(workspace);
    writeFileSync(join(workspace, 'notes.txt'), NOTES);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe('written as text the server does not parse (grammar-forced through a proxy)', () => {
    let server: LlamaServer;
    let proxy: RewriteProxy;
    beforeAll(async () => {
      // No reasoning parser: <think> stays in the content, as on a server without one.
      server = await startLlamaServer({ alias: 'tiny-qwen2', extraArgs: ['--jinja', '--reasoning-format', 'none', '-np', '1', '-c', '8192'] });
      proxy = await startRewriteProxy(server.baseURL);
    });
    afterAll(async () => {
      await proxy?.close();
      await server?.stop();
    });

    it.each(TEXT_CALL_FORMS.map((f) => [f.id, f.one] as const))('%s: the call is recovered, the tool runs, no markup reaches the answer', async (_id, text) => {
      proxy.setRewrite((body, index) => writeExactly(body, index === 0 ? text : 'Done.'));
      const r = await ask(proxy.baseURL, 'tiny-qwen2');
      expect(r.code, r.stderr).toBe(0);
      // The model really streamed the markup, token by token.
      expect(proxy.answers[0]).toContain('"content"');
      const list = events(r.stdout);
      expect(list.find((e) => e.type === 'tool-call-ready')).toMatchObject({ name: 'read_file', args: { path: 'notes.txt' } });
      expect(list.find((e) => e.type === 'tool-result')).toMatchObject({ name: 'read_file', content: NOTES });
      for (const piece of texts(list, 'text-delta')) expect(piece).not.toMatch(MARKUP_PATTERN);
      expect(list.at(-1)).toMatchObject({ type: 'run-finish', text: 'Done.' });
      // The next turn got a real call and its result, which the server's template rendered.
      const messages = proxy.received[1]!.messages as { role: string; content: unknown; tool_calls?: { id: string }[]; tool_call_id?: string }[];
      const call = messages.at(-2)!;
      expect(call.tool_calls).toHaveLength(1);
      expect(String(call.content)).not.toMatch(MARKUP_PATTERN);
      expect(messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: call.tool_calls![0]!.id, content: NOTES });
    });

    it('two Qwen3-Coder XML calls in one answer run as parallel calls, in order', async () => {
      const two = TEXT_CALL_FORMS.find((f) => f.id === 'qwen3-coder')!.two;
      writeFileSync(join(workspace, 'todo.txt'), 'Buy milk.');
      proxy.setRewrite((body, index) => writeExactly(body, index === 0 ? two : 'Done.'));
      const r = await ask(proxy.baseURL, 'tiny-qwen2');
      expect(r.code, r.stderr).toBe(0);
      const list = events(r.stdout);
      expect(list.filter((e) => e.type === 'tool-result').map((e) => (e.type === 'tool-result' ? e.content : ''))).toEqual([NOTES, 'Buy milk.']);
      expect((proxy.received[1]!.messages as { tool_calls?: unknown[] }[]).at(-3)?.tool_calls).toHaveLength(2);
    });

    it('<think>plan</think>Answer.: the plan is reasoning, the answer is only Answer.', async () => {
      proxy.setRewrite((body) => writeExactly(body, THINK_TEXT));
      const r = await ask(proxy.baseURL, 'tiny-qwen2');
      expect(r.code, r.stderr).toBe(0);
      const list = events(r.stdout);
      expect(texts(list, 'reasoning-delta').join('')).toBe('plan');
      expect(texts(list, 'text-delta').join('')).toBe('Answer.');
      expect(list.at(-1)).toMatchObject({ type: 'run-finish', text: 'Answer.' });
    });
  });

  /** <|im_end|> in the tiny model's (Qwen 2) vocabulary. */
  const IM_END = '151645';
  const PARSED = [
    // Qwen3-Coder's grammar takes any text for a string value (up to \n</parameter>\n), which a random model never ends:
    // a value that is not a string is JSON under the schema's grammar, so the whole call is forced.
    { family: 'Qwen3-Coder', template: 'Qwen3-Coder.jinja', model: 'qwen3-coder-tiny', prefill: '<tool_call>\n', bias: { [IM_END]: 30 }, pathAsList: true },
    { family: 'Hermes (Qwen 2.5)', template: 'Qwen-Qwen2.5-7B-Instruct.jinja', model: 'qwen2.5-tiny', prefill: '<tool_call>\n', bias: { [IM_END]: 30, '522': 20 } },
    { family: 'Devstral', template: 'unsloth-mistral-Devstral-Small-2507.jinja', model: 'devstral-tiny', prefill: '[TOOL_CALLS]', bias: { [IM_END]: 30 } },
    { family: 'Mistral Nemo', template: 'mistralai-Mistral-Nemo-Instruct-2407.jinja', model: 'mistral-nemo-tiny', prefill: '[TOOL_CALLS][', bias: { [IM_END]: 30 } },
    { family: 'Llama 3.1', template: 'meta-llama-Llama-3.1-8B-Instruct.jinja', model: 'llama-3.1-tiny', prefill: '{"name": ', bias: { [IM_END]: 30 } },
  ] as const;

  /** The first turn forced into the family's tool-call grammar: read_file only (its path an enum), required, prefilled. */
  const forceCall = (body: ChatBody, prefill: string, bias: Record<string, number>, pathAsList = false): ChatBody => {
    const tools = (body.tools ?? []) as { function: { name: string } }[];
    const readFile = tools.find((t) => t.function.name === 'read_file');
    if (!readFile) throw new Error('punie offered no read_file tool');
    const path = pathAsList ? { type: 'array', items: { type: 'string', enum: ['notes.txt'] }, minItems: 1, maxItems: 1 } : { type: 'string', enum: ['notes.txt'] };
    const parameters = { type: 'object', properties: { path }, required: ['path'], additionalProperties: false };
    return {
      ...body,
      tools: [{ ...readFile, function: { ...readFile.function, parameters } }],
      tool_choice: 'required',
      messages: [...(body.messages ?? []), { role: 'assistant', content: prefill }],
      logit_bias: bias,
      max_tokens: 120,
    };
  };

  describe.each(PARSED)('parsed by the server itself: $family template with --jinja', ({ template, model, prefill, bias, ...rest }) => {
    const pathAsList = 'pathAsList' in rest && rest.pathAsList;
    let server: LlamaServer;
    let proxy: RewriteProxy;
    beforeAll(async () => {
      // The templates of the llama.cpp source the server was built from (build-llama-server.sh keeps it beside bin/).
      const templates = 'bin' in setup ? join(setup.bin, '..', '..', 'src', 'llama.cpp', 'models', 'templates') : '';
      server = await startLlamaServer({ alias: model, extraArgs: ['--jinja', '--chat-template-file', join(templates, template), '-np', '1', '-c', '8192'] });
      proxy = await startRewriteProxy(server.baseURL, (body, index) => (index === 0 ? forceCall(body, prefill, bias, pathAsList) : writeExactly(body, 'Done.')));
    });
    afterAll(async () => {
      await proxy?.close();
      await server?.stop();
    });

    it('streams real tool_calls that Punie runs, and the template renders the next turn with them', { timeout: 300_000 }, async () => {
      const r = await ask(proxy.baseURL, model);
      expect(r.code, r.stderr).toBe(0);
      // The server parsed the call itself: its stream carried tool_calls, not text.
      expect(proxy.answers[0]).toContain('"tool_calls"');
      const list = events(r.stdout);
      const calls = list.filter((e) => e.type === 'tool-call-ready');
      expect(calls.length).toBeGreaterThan(0);
      for (const c of calls) expect(c).toMatchObject({ name: 'read_file' });
      for (const c of calls) expect(list.some((e) => (e.type === 'tool-result' || e.type === 'tool-error') && e.callId === c.callId)).toBe(true);
      for (const piece of texts(list, 'text-delta')) expect(piece).not.toMatch(MARKUP_PATTERN);
      // The second request (accepted by the template: the run finished) carries the calls and their results.
      expect(list.at(-1)).toMatchObject({ type: 'run-finish', text: 'Done.' });
      const messages = proxy.received[1]!.messages as { role: string; tool_calls?: { id: string }[]; tool_call_id?: string }[];
      const ids = messages.flatMap((m) => m.tool_calls?.map((c) => c.id) ?? []);
      expect(ids.length).toBe(calls.length);
      expect(messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id)).toEqual(ids);
    });
  });
});
