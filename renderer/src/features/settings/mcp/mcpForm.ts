import { mcpServerInputSchema, mcpServerNameSchema, type McpServerInput } from '../../../../../shared/mcp';

/**
 * The add / edit server form as plain text fields, and the conversion both
 * ways: an mcp.json entry into fields, fields into what `mcp.saveServer`
 * takes (or the first thing to fix, by field). Arguments are one per line
 * (so spaces inside one need no quoting); environment variables are
 * `NAME=value` lines and headers `Name: value` lines.
 */
export interface ServerForm {
  name: string;
  transport: 'stdio' | 'http' | 'sse';
  command: string;
  args: string;
  env: string;
  cwd: string;
  url: string;
  headers: string;
  timeoutSeconds: string;
}

export type FormField = keyof ServerForm;
export type FormResult = { ok: true; name: string; server: McpServerInput } | { ok: false; field: FormField; message: string };

export function emptyForm(): ServerForm {
  return { name: '', transport: 'stdio', command: '', args: '', env: '', cwd: '', url: '', headers: '', timeoutSeconds: '' };
}

export function formFromEntry(name: string, entry: Record<string, unknown>): ServerForm {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const lines = (v: unknown) => (Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string').join('\n') : '');
  const pairs = (v: unknown, sep: string) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.entries(v as Record<string, unknown>)
          .map(([k, val]) => `${k}${sep}${text(val)}`)
          .join('\n')
      : '';
  const url = text(entry.url);
  return {
    name,
    transport: url ? (entry.type === 'sse' ? 'sse' : 'http') : 'stdio',
    command: text(entry.command),
    args: lines(entry.args),
    env: pairs(entry.env, '='),
    cwd: text(entry.cwd),
    url,
    headers: pairs(entry.headers, ': '),
    timeoutSeconds: typeof entry.timeoutSeconds === 'number' ? String(entry.timeoutSeconds) : '',
  };
}

export function inputFromForm(form: ServerForm): FormResult {
  const name = mcpServerNameSchema.safeParse(form.name);
  if (!name.success) return { ok: false, field: 'name', message: capital(name.error.issues[0]?.message ?? 'Give the server a name.') };
  let timeoutSeconds: number | undefined;
  if (form.timeoutSeconds.trim() !== '') {
    timeoutSeconds = Number(form.timeoutSeconds);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 86_400) return { ok: false, field: 'timeoutSeconds', message: 'A number of seconds, from 1 to 86400 (or empty for 120).' };
  }
  const timeout = timeoutSeconds === undefined ? {} : { timeoutSeconds };
  let candidate: unknown;
  if (form.transport === 'stdio') {
    const env = parsePairs(form.env, '=', 'env');
    if (!env.ok) return env;
    candidate = {
      transport: 'stdio',
      command: form.command.trim(),
      args: form.args.split('\n').map((a) => a.replace(/\r$/, '')).filter((a) => a.trim() !== ''),
      env: env.value,
      ...(form.cwd.trim() ? { cwd: form.cwd.trim() } : {}),
      ...timeout,
    };
  } else {
    const headers = parsePairs(form.headers, ':', 'headers');
    if (!headers.ok) return headers;
    candidate = { transport: form.transport, url: form.url.trim(), headers: headers.value, ...timeout };
  }
  const parsed = mcpServerInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path[0] as FormField | undefined) ?? (form.transport === 'stdio' ? 'command' : 'url');
    return { ok: false, field, message: capital(issue?.message ?? 'Check this field.') };
  }
  return { ok: true, name: name.data, server: parsed.data };
}

function parsePairs(text: string, sep: string, field: 'env' | 'headers'): { ok: true; value: Record<string, string> } | { ok: false; field: FormField; message: string } {
  const value: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const at = line.indexOf(sep);
    const key = at > 0 ? line.slice(0, at).trim() : '';
    if (!key) return { ok: false, field, message: field === 'env' ? `"${line}" is not NAME=value.` : `"${line}" is not Name: value.` };
    value[key] = line.slice(at + 1).trim();
  }
  return { ok: true, value };
}

function capital(text: string): string {
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
