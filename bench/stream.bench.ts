/**
 * The engine's SSE reader (electron/core/models/sseChatStream.ts) on large
 * events: time linear in an event's size, where the `openai` SDK's reader
 * re-copies its buffer on every network read (quadratic: one 20 MB event
 * cost it 39 s of CPU).
 *
 *   node --expose-gc --import tsx bench/stream.bench.ts [--reps 7]
 *
 * The bytes come from memory in 16 KiB reads (what a socket hands over), so
 * the figures are the reader's and JSON.parse's alone, in CPU time (the
 * issue's own measure: "39 s of CPU"). Prints BENCH rows.
 */
import { parseArgs } from 'node:util';
import { Stream } from 'openai/streaming';
import { atMost, printRow, under } from './benchRow';
import { formatNumber } from './benchTable';
import { collectGarbage, interleave, median } from './stats';
import { readChatStream } from '../electron/core/models/sseChatStream';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '7' } } });
const REPS = Number(values.reps);
const MB = 1024 * 1024;
const TOTAL = 20 * MB;
const READ = 16 * 1024;
/** The SDK is measured on a smaller event: at 20 MB it takes most of a minute. */
const SDK_EVENT = 2 * MB;

/** `bytes` of SSE in events of about `eventBytes` each (each a chat chunk whose content fills it), ending with [DONE]. */
function sse(bytes: number, eventBytes: number): Uint8Array {
  const shell = (content: string) => `data: {"choices":[{"index":0,"delta":{"content":"${content}"}}]}\n\n`;
  const overhead = shell('').length;
  const one = shell('x'.repeat(Math.max(1, eventBytes - overhead)));
  const count = Math.max(1, Math.round(bytes / one.length));
  return new TextEncoder().encode(one.repeat(count) + 'data: [DONE]\n\n');
}

function body(wire: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= wire.length) return controller.close();
      controller.enqueue(wire.subarray(at, at + READ));
      at += READ;
    },
  });
}

/** CPU time of this process (ms) while `fn` runs: on a machine shared by many jobs, the wall clock measures the queue for a core as much as the work. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Punie's reader, its event cap raised above the payload (the default, 8 Mi characters, would stop it: that is the point of the cap). */
const punie = (wire: Uint8Array) => timed(() => readChatStream(body(wire), () => undefined, { caps: { maxEventChars: 64 * MB } }));
const sdk = (wire: Uint8Array) =>
  timed(async () => {
    for await (const chunk of Stream.fromSSEResponse(new Response(body(wire)), new AbortController())) void chunk;
  });
const jsonOnly = (data: string) => timed(async () => JSON.parse(data));

async function main(): Promise<void> {
  const huge = sse(TOTAL, TOTAL);
  const hugeData = new TextDecoder().decode(huge).split('\n')[0]!.slice('data: '.length);
  const sdkHuge = sse(SDK_EVENT, SDK_EVENT);
  const small = sse(TOTAL, 100);
  const kb = sse(TOTAL, 1024);

  const one = await interleave({ punie: () => punie(huge), json: () => jsonOnly(hugeData) }, { reps: REPS, warmup: 1 });
  const sdkRuns = await interleave({ punie: () => punie(sdkHuge), sdk: () => sdk(sdkHuge) }, { reps: 3 });
  const punieMs = median(one.punie);
  const jsonMs = median(one.json);
  const sdk2 = median(sdkRuns.sdk);
  const punie2 = median(sdkRuns.punie);
  printRow({
    figure: 'Stream reader: CPU time for one 20 MB SSE event (a chat chunk whose text fills it), read in 16 KiB network reads and JSON-parsed',
    baseline: `JSON.parse of the same 20 MB alone: ${formatNumber(jsonMs)} ms`,
    value: punieMs,
    unit: 'ms',
    target: '< 1000 ms',
    met: under(punieMs, 1000),
    detail: `${formatNumber(punieMs / jsonMs)}× JSON.parse alone; the openai SDK's reader on a 2 MB event: ${formatNumber(sdk2)} ms against Punie's ${formatNumber(punie2)} ms (it re-copies its buffer on every read: ten times the size costs it about a hundred times the time); median of ${REPS} interleaved runs`,
  });

  const spread = await interleave({ small: () => punie(small), kb: () => punie(kb) }, { reps: REPS, warmup: 1 });
  const ratios = spread.kb.map((k, i) => k / spread.small[i]!);
  const ratio = median(ratios);
  printRow({
    figure: 'Stream reader: CPU time for 20 MB in 1 KB events, against the same bytes in 100-byte events (linear in event size)',
    baseline: `20 MB in 100-byte events: ${formatNumber(median(spread.small))} ms`,
    value: ratio,
    unit: '×',
    target: '≤ 1.2',
    met: atMost(ratio, 1.2),
    detail: `1 KB events ${formatNumber(median(spread.kb))} ms; median of ${REPS} interleaved pairs`,
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`stream.bench: cannot run: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
