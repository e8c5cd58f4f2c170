import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible server on loopback that attacks its client's stream
 * reader. Every chat request is answered 200 with `text/event-stream`, then:
 *
 * - `huge-event`: one `data:` line that never ends (`totalBytes` of it);
 * - `endless-text`: valid content chunks of `pieceChars` characters, without end;
 * - `endless-args`: one tool call whose arguments never end.
 *
 * It writes as fast as the socket drains and stops when the client closes
 * the connection or `totalBytes` went out. The test reads how much it sent
 * and whether the client hung up.
 */
export type HostileMode = 'huge-event' | 'endless-text' | 'endless-args';

export interface HostileServer {
  baseURL: string;
  /** Bytes written to the stream of the latest request. */
  sent(): number;
  /** Resolves once the latest response ended: 'client-closed' when the client hung up first. */
  ended(): Promise<'client-closed' | 'finished'>;
  close(): Promise<void>;
}

export interface HostileOptions {
  mode: HostileMode;
  /** Bound on what one response sends, so a broken client cannot hang the test machine. Default 256 MB. */
  totalBytes?: number;
  /** Characters of content per chunk in the endless modes. Default 1,000. */
  pieceChars?: number;
}

const WRITE_SIZE = 64 * 1024;

export async function startHostileServer(options: HostileOptions): Promise<HostileServer> {
  const total = options.totalBytes ?? 256 * 1024 * 1024;
  const piece = 'x'.repeat(options.pieceChars ?? 1000);
  let sent = 0;
  let ended: Promise<'client-closed' | 'finished'> = Promise.resolve('finished');
  const sockets = new Set<import('node:net').Socket>();

  const chunkFor = (mode: HostileMode): string => {
    if (mode === 'endless-text') return `data: {"choices":[{"index":0,"delta":{"content":"${piece}"}}]}\n\n`;
    return `data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"${piece}"}}]}}]}\n\n`;
  };

  async function attack(res: ServerResponse): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let batch: string;
    if (options.mode === 'huge-event') {
      const head = 'data: {"choices":[{"index":0,"delta":{"content":"';
      res.write(head);
      sent += head.length;
      batch = 'a'.repeat(WRITE_SIZE);
    } else {
      if (options.mode === 'endless-args') {
        const start = 'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"write_file","arguments":""}}]}}]}\n\n';
        res.write(start);
        sent += start.length;
      }
      const one = chunkFor(options.mode);
      batch = one.repeat(Math.max(1, Math.floor(WRITE_SIZE / one.length)));
    }
    while (sent < total && !res.destroyed && !res.writableEnded) {
      sent += batch.length;
      if (!res.write(batch)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    if (!res.destroyed) res.end();
  }

  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'hostile', object: 'model', owned_by: 'hostile' }] }));
      return;
    }
    req.resume();
    sent = 0;
    ended = new Promise((resolve) => {
      res.on('close', () => resolve(res.writableFinished ? 'finished' : 'client-closed'));
    });
    req.on('end', () => void attack(res));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    sent: () => sent,
    ended: () => ended,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
