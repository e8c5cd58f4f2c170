/**
 * One small logger with levels. Never pass prompts, keys or headers to it.
 * Level from $PUNIE_LOG (error, warn, info, debug); default warn. Writes to stderr.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

type Writer = (line: string) => void;
let writer: Writer = (line) => process.stderr.write(line + '\n');
let level: LogLevel = parseLevel(process.env.PUNIE_LOG);

function parseLevel(v: string | undefined): LogLevel {
  return v === 'error' || v === 'warn' || v === 'info' || v === 'debug' ? v : 'warn';
}

/** Redacts anything that looks like a secret before it is written. */
export function redact(text: string): string {
  return text
    .replace(/\b(sk-[A-Za-z0-9_-]{8,}|sk-ant-[A-Za-z0-9_-]{8,})/g, '[redacted]')
    .replace(/(authorization|x-api-key|api[-_]?key)(["']?\s*[:=]\s*["']?)([^"'\s,}]+)/gi, '$1$2[redacted]');
}

export function setLogLevel(l: LogLevel): void {
  level = l;
}
export function setLogWriter(w: Writer): void {
  writer = w;
}

export function createLogger(scope: string): Logger {
  const emit = (l: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[l] > ORDER[level]) return;
    const extra = fields ? ' ' + JSON.stringify(fields) : '';
    writer(redact(`[punie:${scope}] ${l}: ${msg}${extra}`));
  };
  return {
    error: (m, f) => emit('error', m, f),
    warn: (m, f) => emit('warn', m, f),
    info: (m, f) => emit('info', m, f),
    debug: (m, f) => emit('debug', m, f),
    child: (s) => createLogger(`${scope}:${s}`),
  };
}
