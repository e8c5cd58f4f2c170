import { describe, expect, it } from 'vitest';
import { LogBuffer } from './logBuffer';

describe('LogBuffer', () => {
  it('joins chunks into lines and keeps two streams from mixing within a line', () => {
    const log = new LogBuffer();
    log.push('srv  loading mo', 'stderr');
    log.push('GET /health 200\n', 'stdout');
    log.push('del\nsrv  listening', 'stderr');
    expect(log.text()).toBe('GET /health 200\nsrv  loading model');
    log.end();
    expect(log.text()).toBe('GET /health 200\nsrv  loading model\nsrv  listening');
  });

  it('finds a line by pattern, only from a mark on', () => {
    const log = new LogBuffer();
    log.push('cancel task, id_task = 1\n');
    const mark = log.mark();
    expect(log.find(/cancel task/, mark)).toBeUndefined();
    log.push('cancel task, id_task = 2\r\n');
    expect(log.find(/id_task = (\d+)/, mark)?.match[1]).toBe('2');
    expect(log.find(/id_task = (\d+)/g)?.match[1]).toBe('1');
  });

  it('resolves a waiter when a matching line arrives later', async () => {
    const log = new LogBuffer();
    const waiting = log.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/, 5_000);
    log.push('model loaded\nlistening on http://127.0.0.1:4');
    log.push('1234\n');
    const found = await waiting;
    expect(found.match[1]).toBe('41234');
  });

  it('rejects a waiter when the process ends first, quoting the last lines', async () => {
    const log = new LogBuffer();
    const waiting = log.waitFor(/listening/, 5_000);
    log.push('error: failed to load model\n');
    log.end();
    await expect(waiting).rejects.toThrow(/exited before.*\n.*failed to load model/s);
  });

  it('rejects a waiter on timeout and on abort', async () => {
    const log = new LogBuffer();
    await expect(log.waitFor(/never/, 20)).rejects.toThrow(/No line matching/);
    const controller = new AbortController();
    const waiting = log.waitFor(/never/, 5_000, 0, controller.signal);
    controller.abort(new Error('test over'));
    await expect(waiting).rejects.toThrow('test over');
  });

  it('stays bounded, dropping the oldest lines while line numbers keep counting', () => {
    const log = new LogBuffer(100);
    for (let i = 0; i < 50; i++) log.push(`line ${i}\n`);
    expect(log.text().length).toBeLessThanOrEqual(100);
    expect(log.mark()).toBe(50);
    expect(log.find(/line 0$/)).toBeUndefined();
    expect(log.find(/line 49/, 49)?.line).toBe('line 49');
    expect(log.tail(1)).toBe('line 49');
  });
});
