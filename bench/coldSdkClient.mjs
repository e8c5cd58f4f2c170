// The cold baseline for `punie ask` (bench/llama.bench.ts): the smallest
// program a person would write with the `openai` SDK, started fresh like
// the CLI is. It streams one chat request and prints, a line each as they
// arrive, `{"text": …}` for every chunk carrying text, then one
// `{"done": true, "requestToFirstTokenMs": …, "usage": …}` (its own clock,
// from just before the request to the first text: Node loading its fetch
// implementation on that first request is in it, as it is in any fresh
// program).
//
//   node bench/coldSdkClient.mjs <baseURL> <body.json>
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';

const [baseURL, bodyFile] = process.argv.slice(2);
if (!baseURL || !bodyFile) {
  process.stderr.write('usage: node bench/coldSdkClient.mjs <baseURL> <body.json>\n');
  process.exit(2);
}
const body = JSON.parse(readFileSync(bodyFile, 'utf8'));
const client = new OpenAI({ apiKey: 'bench-no-key', baseURL, organization: null, project: null, maxRetries: 0, logLevel: 'off' });

const startedAt = performance.now();
let firstTokenAt;
let usage;
const stream = await client.chat.completions.create({ ...body, stream: true }, { signal: AbortSignal.timeout(120_000) });
for await (const chunk of stream) {
  const text = chunk.choices[0]?.delta?.content;
  if (text) {
    firstTokenAt ??= performance.now();
    process.stdout.write(`${JSON.stringify({ text })}\n`);
  }
  if (chunk.usage) usage = chunk.usage;
}
const requestToFirstTokenMs = firstTokenAt === undefined ? null : firstTokenAt - startedAt;
process.stdout.write(`${JSON.stringify({ done: true, requestToFirstTokenMs, usage: usage ?? null })}\n`);
