import type { ModelStreamEvent, ToolCall } from './types';

/**
 * Assembles streamed OpenAI-style tool-call deltas into complete calls, the
 * way real servers send them rather than the way the spec says:
 * - matched by id, falling back to index;
 * - the id (and name) only on the first delta, arguments after by index only;
 * - `index` missing altogether, or `index: 0` on every parallel call (Ollama);
 * - a whole call in one delta (mlx-lm), several calls in one delta;
 * - a name repeated on every delta.
 */

/** The fields of one `delta.tool_calls[]` entry we read; anything else is ignored. */
export interface ToolCallDeltaPart {
  index?: number;
  id?: string;
  name?: string;
  arguments?: string;
}

interface PendingCall {
  id: string | undefined;
  /** The id is ours (the server sent none before the call started). */
  generatedId: boolean;
  index: number | undefined;
  name: string;
  args: string;
  started: boolean;
  /** Arguments received before the name, emitted with the start. */
  unsentArgs: string;
}

/** A generous bound: no model makes this many calls in one turn. */
export const MAX_TOOL_CALLS_PER_TURN = 128;

/**
 * A delta that names a tool, arriving at a call that already has a name and
 * complete JSON arguments, is a new call (Ollama's `index: 0` on every call;
 * a reused id). A name repeated on every delta of one call is not: its
 * arguments are still incomplete then.
 */
function startsNewCall(existing: PendingCall, part: ToolCallDeltaPart): boolean {
  if (part.name === undefined || existing.name === '' || existing.args.trim() === '') return false;
  if (part.name === existing.name && part.arguments === undefined) return false;
  return isCompleteJson(existing.args);
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Reads one `tool_calls[]` entry from a chunk, tolerating any shape. */
export function readToolCallDelta(raw: unknown): ToolCallDeltaPart | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const fn = r.function && typeof r.function === 'object' ? (r.function as Record<string, unknown>) : {};
  const part: ToolCallDeltaPart = {};
  if (typeof r.index === 'number' && Number.isInteger(r.index) && r.index >= 0) part.index = r.index;
  if (typeof r.id === 'string' && r.id !== '') part.id = r.id;
  if (typeof fn.name === 'string' && fn.name !== '') part.name = fn.name;
  if (typeof fn.arguments === 'string' && fn.arguments !== '') part.arguments = fn.arguments;
  else if (fn.arguments && typeof fn.arguments === 'object') part.arguments = JSON.stringify(fn.arguments);
  return part;
}

export class ToolCallAssembler {
  private readonly calls: PendingCall[] = [];
  private generated = 0;

  /** Feeds one delta's `tool_calls` array; returns the start and argument events it produced. */
  push(rawParts: readonly unknown[]): ModelStreamEvent[] {
    const events: ModelStreamEvent[] = [];
    for (const raw of rawParts) {
      const part = readToolCallDelta(raw);
      if (!part) continue;
      const call = this.match(part);
      if (!call) continue;
      if (part.id !== undefined && call.id === undefined) call.id = part.id;
      if (part.index !== undefined && call.index === undefined) call.index = part.index;
      if (part.name !== undefined && part.name !== call.name) call.name = call.name === '' ? part.name : call.name + part.name;
      if (part.arguments) {
        call.args += part.arguments;
        if (call.started) events.push({ type: 'tool-call-delta', id: call.id!, argsDelta: part.arguments });
        else call.unsentArgs += part.arguments;
      }
      if (!call.started && call.name !== '') {
        call.started = true;
        if (call.id === undefined) {
          call.id = this.newId();
          call.generatedId = true;
        }
        events.push({ type: 'tool-call-start', id: call.id, name: call.name });
        if (call.unsentArgs) events.push({ type: 'tool-call-delta', id: call.id, argsDelta: call.unsentArgs });
        call.unsentArgs = '';
      }
    }
    return events;
  }

  /** True when at least one call has begun. */
  get hasCalls(): boolean {
    return this.calls.some((c) => c.name !== '' || c.args !== '');
  }

  /** The complete calls, in the order they began. Empty arguments become `{}`. */
  finish(): ToolCall[] {
    return this.calls
      .filter((c) => c.name !== '' || c.args !== '')
      .map((c) => ({ id: c.id ?? this.newId(), name: c.name, argsText: c.args.trim() === '' ? '{}' : c.args }));
  }

  private match(part: ToolCallDeltaPart): PendingCall | undefined {
    if (part.id !== undefined) {
      const byId = this.calls.find((c) => c.id === part.id);
      if (byId && !startsNewCall(byId, part)) return byId;
      if (!byId && part.index !== undefined) {
        // An id arriving later for a call first seen by index alone.
        const byIndex = this.lastWithIndex(part.index);
        if (byIndex && (byIndex.id === undefined || byIndex.generatedId) && !startsNewCall(byIndex, part)) return byIndex;
      }
      // A reused id gets a fresh one, so calls stay distinct.
      return this.open(part.index, byId ? this.newId() : part.id);
    }
    if (part.index !== undefined) {
      const byIndex = this.lastWithIndex(part.index);
      if (byIndex && !startsNewCall(byIndex, part)) return byIndex;
      return this.open(part.index, undefined);
    }
    // No id, no index: a continuation of the last call, unless it begins a new one.
    const last = this.calls.at(-1);
    if (last && !startsNewCall(last, part)) return last;
    return this.open(undefined, undefined);
  }

  private lastWithIndex(index: number): PendingCall | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) if (this.calls[i]!.index === index) return this.calls[i];
    return undefined;
  }

  private open(index: number | undefined, id: string | undefined): PendingCall | undefined {
    if (this.calls.length >= MAX_TOOL_CALLS_PER_TURN) return undefined;
    const call: PendingCall = { id, generatedId: false, index, name: '', args: '', started: false, unsentArgs: '' };
    this.calls.push(call);
    return call;
  }

  private newId(): string {
    this.generated += 1;
    return `call_punie_${this.generated}`;
  }
}
