import { ErrorCode, McpError, type Tool as McpToolDef } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ToolMeta } from '../../../shared/agentEvents';
import { isAbortError, PunieError } from '../errors';
import { ToolFailure } from '../tools/toolFailure';
import type { Tool } from '../tools/toolTypes';
import type { McpServer } from './mcpServer';
import { resultError, resultText } from './mcpResult';
import { clipText } from '../../../shared/text';

/**
 * An MCP server's tool as one of Punie's tools: offered to the model as
 * SERVER__TOOL with the server's description and input schema, always
 * asking permission (a server's readOnlyHint is only a claim: a rule in
 * Settings, or `--allow`, pre-allows it), run through the server's
 * connection with the server's per-call timeout and the run's signal (a
 * Stop sends the MCP cancel notification), its progress passed on, its
 * result capped like a built-in's, and `isError` turned into a tool error
 * the model can correct.
 */

const MAX_DESCRIPTION_CHARS = 1_000;
/** The server checks its own arguments; Punie only requires an object. */
const anyArguments = z.record(z.string(), z.unknown());

export function mcpTool(server: McpServer, def: McpToolDef, name: string): Tool<typeof anyArguments> {
  const serverName = server.spec.name;
  const readOnly = def.annotations?.readOnlyHint === true;
  const info = { server: serverName, tool: def.name, ...(readOnly ? { readOnly } : {}) };
  const baseMeta: ToolMeta = { mcp: { server: serverName, tool: def.name } };
  return {
    name,
    description: describe(def),
    schema: anyArguments,
    parameters: inputSchemaOf(def),
    mcp: { server: serverName, tool: def.name },
    needsPermission: true,
    async prepare(args, ctx) {
      return {
        preview: { summary: `Call ${def.title ?? def.annotations?.title ?? def.name} on the MCP server "${serverName}"`, mcp: info },
        async run(hooks) {
          let result;
          try {
            result = await server.callTool(def.name, args, {
              signal: ctx.signal,
              timeoutMs: server.spec.timeoutMs,
              ...(hooks?.progress ? { onProgress: hooks.progress } : {}),
            });
          } catch (e) {
            throw callFailure(e, ctx.signal, name, server.spec.timeoutMs, baseMeta);
          }
          if (result.isError) {
            const failure = resultError(result, name);
            throw new ToolFailure('tool-failed', failure.message, { meta: baseMeta });
          }
          const text = resultText(result, ctx.limits.mcpResultChars);
          return { content: text.content, meta: { ...baseMeta, ...(text.truncated ? { truncated: true } : {}) } };
        },
      };
    },
  };
}

function callFailure(e: unknown, signal: AbortSignal, name: string, timeoutMs: number, meta: ToolMeta): unknown {
  if (signal.aborted || isAbortError(e)) return new PunieError('aborted', 'Stopped.', { cause: e });
  if (e instanceof ToolFailure) return e;
  if (e instanceof PunieError) return new ToolFailure(e.code, e.message, { meta, ...(e.hint ? { hint: e.hint } : {}), cause: e });
  if (e instanceof McpError && e.code === ErrorCode.RequestTimeout) {
    return new ToolFailure('tool-timeout', `${name} did not answer within ${Math.round(timeoutMs / 1000)} s, so the call was cancelled.`, { meta, cause: e });
  }
  if (e instanceof McpError && e.code === ErrorCode.ConnectionClosed) {
    return new ToolFailure('tool-failed', `The MCP server stopped while ${name} was running.`, { meta, cause: e });
  }
  const message = e instanceof Error ? e.message.replace(/^MCP error -?\d+: /, '') : String(e);
  return new ToolFailure('tool-failed', `${name} failed: ${message}`, { meta, cause: e });
}

function describe(def: McpToolDef): string {
  const text = (def.description ?? def.title ?? def.annotations?.title ?? def.name).trim();
  return clipText(text, MAX_DESCRIPTION_CHARS);
}

/** The server's input schema as the model is given it: an object schema, without `$schema`. */
function inputSchemaOf(def: McpToolDef): Record<string, unknown> {
  const { $schema: _schema, ...schema } = def.inputSchema as Record<string, unknown>;
  return { ...schema, type: 'object', properties: schema.properties ?? {} };
}
