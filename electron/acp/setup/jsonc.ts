/**
 * JSON with comments, as Zed's settings.json is written: `//` and block
 * comments and trailing commas allowed, nothing else beyond JSON. It is
 * parsed to a value with the place of every object member, so one member
 * can be set in the text while every other byte (comments, order, the
 * user's formatting) stays as it was. Pure.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsoncError {
  message: string;
  line: number;
  column: number;
}

export type JsoncParse = { ok: true; value: JsonValue; root: Node } | { ok: false; error: JsoncError };

/** A parsed value with where it is in the text: [start, end). Objects list their members; `close` is the offset of `}`. */
export type Node =
  | { kind: 'object'; start: number; end: number; close: number; members: Member[]; value: JsonValue }
  | { kind: 'other'; start: number; end: number; value: JsonValue };

export interface Member {
  key: string;
  node: Node;
  /** Offset just past the comma after the member's value, when there is one. */
  commaEnd?: number;
}

class Fail extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** Nesting deeper than this is refused (a settings file never needs it; a hostile one cannot blow the stack). */
const MAX_DEPTH = 200;

export function parseJsonc(text: string): JsoncParse {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const skip = () => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === '/' && text[i + 1] === '/') {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (c === '/' && text[i + 1] === '*') {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) throw new Fail('a comment is never closed (missing */)', i);
        i = close + 2;
      } else return;
    }
  };

  const value = (depth: number): Node => {
    if (depth > MAX_DEPTH) throw new Fail('the file nests too deeply', i);
    skip();
    const start = i;
    const c = text[i];
    if (c === '{') return object(depth);
    if (c === '[') {
      i++;
      const items: JsonValue[] = [];
      for (;;) {
        skip();
        if (text[i] === ']') {
          i++;
          return { kind: 'other', start, end: i, value: items };
        }
        items.push(value(depth + 1).value);
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') throw new Fail('expected , or ] in a list', i);
      }
    }
    if (c === '"') return { kind: 'other', start, end: (string(), i), value: JSON.parse(text.slice(start, i)) as string };
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) throw new Fail(i >= text.length ? 'the file ends where a value should be' : `unexpected ${JSON.stringify(text[i])}`, i);
    i += literal[0].length;
    return { kind: 'other', start, end: i, value: JSON.parse(literal[0]) as JsonValue };
  };

  const string = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text[i] === '\n') throw new Fail('a string runs past the end of its line', start);
      i++;
    }
    if (i >= text.length) throw new Fail('a string is never closed', start);
    i++;
    try {
      JSON.parse(text.slice(start, i));
    } catch {
      throw new Fail('a string has an invalid escape', start);
    }
  };

  const object = (depth: number): Node => {
    const start = i;
    i++;
    const members: Member[] = [];
    const out: { [key: string]: JsonValue } = {};
    for (;;) {
      skip();
      if (text[i] === '}') {
        const close = i;
        i++;
        return { kind: 'object', start, end: i, close, members, value: out };
      }
      if (text[i] !== '"') throw new Fail(i >= text.length ? 'the file ends inside an object (missing })' : 'expected a "quoted" key or }', i);
      const keyStart = i;
      string();
      const key = JSON.parse(text.slice(keyStart, i)) as string;
      skip();
      if (text[i] !== ':') throw new Fail(`expected : after "${key}"`, i);
      i++;
      const node = value(depth + 1);
      const member: Member = { key, node };
      members.push(member);
      Object.defineProperty(out, key, { value: node.value, enumerable: true, configurable: true, writable: true });
      skip();
      if (text[i] === ',') member.commaEnd = ++i;
      else if (text[i] !== '}') throw new Fail(`expected , or } after "${key}"`, i);
    }
  };

  try {
    skip();
    if (i >= text.length) return { ok: true, value: null, root: { kind: 'other', start: i, end: i, value: null } };
    const root = value(0);
    skip();
    if (i < text.length) throw new Fail('unexpected text after the end', i);
    return { ok: true, value: root.value, root };
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    const before = text.slice(0, e.at);
    const line = before.split('\n').length;
    return { ok: false, error: { message: e.message, line, column: e.at - before.lastIndexOf('\n') } };
  }
}

/**
 * The text with `root[path[0]][path[1]]…` set to `value`: the member's value
 * is replaced where it is, or the member is added at the end of its object
 * (objects on the way are created). Throws when the text does not parse or
 * a step on the path is not an object.
 */
export function setJsoncMember(text: string, path: readonly string[], value: JsonValue): string {
  const parsed = parseJsonc(text);
  if (!parsed.ok) throw new Error(`line ${parsed.error.line}, column ${parsed.error.column}: ${parsed.error.message}`);
  const unit = indentUnit(text);
  if (parsed.root.kind !== 'object') {
    if (parsed.root.value !== null || parsed.root.end > parsed.root.start) throw new Error('the file holds something other than a JSON object');
    // Empty, or only comments: the object goes after them.
    const head = text.replace(/\s*$/, '');
    return `${head}${head ? '\n' : ''}${render(nest(path, value), '', unit)}\n`;
  }
  let node: Node = parsed.root;
  for (let depth = 0; depth < path.length; depth++) {
    const key = path[depth]!;
    if (node.kind !== 'object') throw new Error(`"${path.slice(0, depth).join('.')}" is not an object`);
    const member = node.members.filter((m) => m.key === key).at(-1);
    const rest = nest(path.slice(depth + 1), value);
    if (!member) return addMember(text, node, key, rest, depth, unit);
    if (depth === path.length - 1) {
      return text.slice(0, member.node.start) + render(value, unit.repeat(depth + 1), unit) + text.slice(member.node.end);
    }
    if (member.node.kind !== 'object') throw new Error(`"${path.slice(0, depth + 1).join('.')}" is not an object`);
    node = member.node;
  }
  return text;
}

function addMember(text: string, object: Extract<Node, { kind: 'object' }>, key: string, value: JsonValue, depth: number, unit: string): string {
  const inner = unit.repeat(depth + 1);
  const member = `\n${inner}${JSON.stringify(key)}: ${render(value, inner, unit)}\n${unit.repeat(depth)}`;
  const last = object.members.at(-1);
  const before = text.slice(0, object.close).replace(/\s*$/, '');
  let out = before + member + text.slice(object.close);
  if (last && last.commaEnd === undefined) out = out.slice(0, last.node.end) + ',' + out.slice(last.node.end);
  return out;
}

function nest(path: readonly string[], value: JsonValue): JsonValue {
  return path.reduceRight<JsonValue>((inner, key) => ({ [key]: inner }), value);
}

function render(value: JsonValue, indent: string, unit: string): string {
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${indent}`);
}

/** The file's own indentation step (the first indented line's), else two spaces. */
function indentUnit(text: string): string {
  const m = /\n([ \t]+)["}\]/]/.exec(text);
  if (!m) return '  ';
  return m[1]!.startsWith('\t') ? '\t' : m[1]!.length <= 8 ? m[1]! : '  ';
}
