import { z } from 'zod';
import { PunieError } from '../errors';
import type { ToolSpec } from '../models/types';
import { editFileTool } from './editFile';
import { listFilesTool } from './listFiles';
import { readFileTool } from './readFile';
import { runCommandTool } from './runCommand';
import { searchFilesTool } from './searchFiles';
import type { PreparedCall, Tool, ToolContext, ToolOutcome } from './toolTypes';
import { writeFileTool } from './writeFile';

/** The six tools, in the order the model is shown them. */
export const DEFAULT_TOOLS: readonly Tool[] = [readFileTool, listFilesTool, searchFilesTool, writeFileTool, editFileTool, runCommandTool];

export interface ToolRegistry {
  /** The tools as the model sees them (name, description, JSON schema of the arguments). */
  specs(): ToolSpec[];
  names(): string[];
  /** The tools, in order (to build a registry with more: createToolRegistry([...r.list(), ...more])). */
  list(): readonly Tool[];
  get(name: string): Tool | undefined;
  /**
   * Checks a call's parsed arguments against the tool's schema and prepares
   * it (paths resolved, diffs computed) without running it. Throws PunieError
   * `invalid-tool-call` for an unknown tool or arguments that do not fit,
   * with a message the model can correct itself from.
   */
  prepare(name: string, args: unknown, ctx: ToolContext): Promise<{ tool: Tool; call: PreparedCall }>;
  /** Prepares and runs a call, with no permission step (the caller has decided). */
  execute(name: string, args: unknown, ctx: ToolContext): Promise<ToolOutcome>;
}

export function createToolRegistry(tools: readonly Tool[] = DEFAULT_TOOLS): ToolRegistry {
  const byName = new Map<string, Tool>(tools.map((t) => [t.name, t]));
  const specs: ToolSpec[] = tools.map(specOf);

  const prepare = async (name: string, args: unknown, ctx: ToolContext) => {
    const tool = byName.get(name);
    if (!tool) {
      throw new PunieError('invalid-tool-call', `There is no tool named "${name}". The tools are: ${[...byName.keys()].join(', ')}.`);
    }
    const parsed = tool.schema.safeParse(args ?? {});
    if (!parsed.success) throw new PunieError('invalid-tool-call', describeIssues(tool, parsed.error));
    return { tool, call: await tool.prepare(parsed.data, ctx) };
  };

  return {
    specs: () => specs.map((s) => ({ ...s })),
    names: () => tools.map((t) => t.name),
    list: () => tools,
    get: (name) => byName.get(name),
    prepare,
    async execute(name, args, ctx) {
      const { call } = await prepare(name, args, ctx);
      return call.run();
    },
  };
}

/** A tool as the model sees it; a built-in's is computed once (z.toJSONSchema is not free, and a registry is made per run). */
const specCache = new WeakMap<Tool, ToolSpec>();
function specOf(tool: Tool): ToolSpec {
  let spec = specCache.get(tool);
  if (!spec) {
    spec = { name: tool.name, description: tool.description, parameters: tool.parameters ?? jsonSchemaOf(tool.schema) };
    specCache.set(tool, spec);
  }
  return spec;
}

/** JSON Schema for a model: draft-07 (what local servers' grammar converters know), no `$schema` key. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function describeIssues(tool: Tool, error: z.ZodError): string {
  const issues = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'arguments';
    return `${where}: ${issue.message}`;
  });
  return `Invalid arguments for ${tool.name}: ${issues.join('; ')}. Expected ${shapeOf(tool)}.`;
}

/** A one-line picture of a tool's arguments: {"path": string, "offset"?: integer}. */
export function shapeOf(tool: Tool): string {
  const json = tool.parameters ?? jsonSchemaOf(tool.schema);
  const properties = (json.properties ?? {}) as Record<string, { type?: unknown }>;
  const required = new Set(Array.isArray(json.required) ? json.required : []);
  const fields = Object.entries(properties).map(([key, value]) => {
    const type = typeof value.type === 'string' ? value.type : 'value';
    return `"${key}"${required.has(key) ? '' : '?'}: ${type === 'array' ? 'array of strings' : type}`;
  });
  return `a JSON object {${fields.join(', ')}}`;
}
