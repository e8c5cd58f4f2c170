import { mcpRuleAllows, MCP_IMPORT_LABELS, type McpServerInput } from '../../shared/mcp';
import { PunieError } from '../core/errors';
import { withDisabled, withoutServer, withServer } from '../core/mcp/mcpConfig';
import { parseConfigText } from '../core/mcp/mcpManager';
import { mcpWidenings, wideningQuestion } from './mcpWidening';
import type { Handlers } from './router';
import type { DialogsPort, McpPort, SettingsPort } from './services';
import { isRecord } from '../../shared/isRecord';

/**
 * The MCP routes. The page asks; main decides: every change that would let
 * something new run (a server added, changed or turned on, a workspace's
 * .mcp.json approved, a rule that stops asking) is confirmed by the user in
 * a native dialog before it is written, and refused with `permission-denied`
 * when they say no. Narrowing changes (remove, disable, stop allowing) go
 * through at once.
 */

type McpRoutes = 'mcp.view' | 'mcp.saveServer' | 'mcp.removeServer' | 'mcp.setDisabled' | 'mcp.restart' | 'mcp.getJson' | 'mcp.setJson' | 'mcp.approveWorkspace' | 'mcp.setRule' | 'mcp.importPreview' | 'mcp.importApply';

export interface McpHandlerDeps {
  mcp: McpPort;
  /** The native confirmation main asks before any widening (its default answer is Cancel). */
  dialogs: Pick<DialogsPort, 'confirm'>;
  settings: SettingsPort;
}

export function createMcpHandlers({ mcp, dialogs, settings }: McpHandlerDeps): Pick<Handlers, McpRoutes> {
  /** Writes `next` once the user agreed to whatever it widens. */
  const writeConfirmed = async (before: Record<string, unknown>, next: Record<string, unknown>, signal: AbortSignal) => {
    const widenings = mcpWidenings(before, next);
    if (widenings.length > 0 && !(await dialogs.confirm(wideningQuestion(widenings), signal))) {
      throw new PunieError('permission-denied', 'Not changed: you did not allow it.');
    }
    await mcp.writeConfig(next, signal);
    return mcp.view();
  };

  return {
    'mcp.view': async () => mcp.view(),

    'mcp.saveServer': async ({ name, server, renamedFrom }, { signal }) => {
      const { raw } = await mcp.readConfig(signal);
      const servers = isRecord(raw.mcpServers) ? raw.mcpServers : {};
      if (renamedFrom !== undefined && !(renamedFrom in servers)) throw new PunieError('not-found', `There is no MCP server named "${renamedFrom}".`);
      if (name !== (renamedFrom ?? name) && name in servers) throw new PunieError('conflict', `There is already an MCP server named "${name}".`);
      const next = withServer(raw, name, entryOf(server, isRecord(servers[renamedFrom ?? name]) ? (servers[renamedFrom ?? name] as Record<string, unknown>) : undefined), {
        keepUnknown: true,
        ...(renamedFrom === undefined ? {} : { renamedFrom }),
      });
      return writeConfirmed(raw, next, signal);
    },

    'mcp.removeServer': async ({ name }, { signal }) => {
      const { raw } = await mcp.readConfig(signal);
      await mcp.writeConfig(withoutServer(raw, name), signal);
      return mcp.view();
    },

    'mcp.setDisabled': async ({ name, disabled }, { signal }) => {
      const { raw } = await mcp.readConfig(signal);
      return writeConfirmed(raw, withDisabled(raw, name, disabled), signal);
    },

    'mcp.restart': async ({ name }) => {
      mcp.restart(name);
      return mcp.view();
    },

    'mcp.getJson': ({}, { signal }) => mcp.readText(signal),

    'mcp.setJson': async ({ text }, { signal }) => {
      const next = parseConfigText(text);
      // The file as it is on disk, even if it is broken (a broken file runs nothing, so all of `next` is new).
      const before = await mcp.readConfig(signal).then(
        (doc) => doc.raw,
        () => ({}),
      );
      return writeConfirmed(before, next, signal);
    },

    'mcp.approveWorkspace': async ({ approve }, { signal }) => {
      const workspace = mcp.view().workspace;
      if (!workspace) throw new PunieError('not-found', 'This workspace has no .mcp.json.');
      if (approve) {
        const question = {
          title: 'MCP servers',
          message: `Let the servers of this workspace's .mcp.json run?`,
          detail: [
            `${workspace.file} asks to run:`,
            ...workspace.servers.map((s) => `${s.name}: ${s.target}`),
            '',
            'They run with your permissions whenever Punie works in this folder. Approve only a file you trust; if it changes, Punie asks again.',
          ].join('\n'),
          confirmLabel: 'Approve and run them',
        };
        if (!(await dialogs.confirm(question, signal))) throw new PunieError('permission-denied', 'Not approved.');
      }
      await mcp.setWorkspaceApproval(approve, signal);
      return mcp.view();
    },

    'mcp.setRule': async ({ server, tool, allow }, { signal }) => {
      const rules = settings.get().mcpRules;
      const same = (r: { server: string; tool?: string }) => r.server === server && r.tool === tool;
      if (allow) {
        const already = rules.some(same) || (tool !== undefined && mcpRuleAllows(rules.filter((r) => r.tool === undefined), server, tool));
        if (already) return { rules };
        const question = {
          title: 'MCP permissions',
          message: tool === undefined ? `Let every tool of "${server}" run without asking?` : `Let "${tool}" of "${server}" run without asking?`,
          detail: 'The model can then call it whenever it likes, with any arguments, and you will not be asked first. Allow this only for a server you trust.',
          confirmLabel: 'Allow without asking',
        };
        if (!(await dialogs.confirm(question, signal))) throw new PunieError('permission-denied', 'Not changed: you did not allow it.');
        const next = [...rules.filter((r) => !same(r)), { server, ...(tool === undefined ? {} : { tool }) }];
        return { rules: (await settings.update({ mcpRules: next }, signal)).mcpRules };
      }
      // Stopping: the rule itself goes, and, for a whole server, the rules of its single tools too.
      const next = rules.filter((r) => !(r.server === server && (tool === undefined || r.tool === tool)));
      return { rules: (await settings.update({ mcpRules: next }, signal)).mcpRules };
    },

    'mcp.importPreview': async ({ source }, { signal }) => (await mcp.planImport(source, signal)).preview,

    'mcp.importApply': async ({ source, names }, { signal }) => {
      const plan = await mcp.planImport(source, signal);
      const missing = names.filter((n) => !plan.entries.has(n));
      if (missing.length > 0) {
        throw new PunieError('conflict', `${MCP_IMPORT_LABELS[source]} has no new server named ${missing.map((n) => `"${n}"`).join(', ')} (any more).`, { hint: 'Look at the preview again.' });
      }
      const { raw } = await mcp.readConfig(signal);
      let next = raw;
      for (const name of names) next = withServer(next, name, plan.entries.get(name)!, { keepUnknown: false });
      return writeConfirmed(raw, next, signal);
    },
  };
}

/** The entry the form's input makes, over the old entry's keys for its own transport (Punie's `disabled` kept). */
function entryOf(server: McpServerInput, old: Record<string, unknown> | undefined): Record<string, unknown> {
  const timeout = server.timeoutSeconds === undefined ? {} : { timeoutSeconds: server.timeoutSeconds };
  const disabled = old?.disabled === true ? { disabled: true } : {};
  if (server.transport === 'stdio') {
    return {
      command: server.command,
      args: server.args,
      ...(Object.keys(server.env).length > 0 ? { env: server.env } : {}),
      ...(server.cwd?.trim() ? { cwd: server.cwd.trim() } : {}),
      ...timeout,
      ...disabled,
    };
  }
  return {
    ...(server.transport === 'sse' ? { type: 'sse' } : {}),
    url: server.url,
    ...(Object.keys(server.headers).length > 0 ? { headers: server.headers } : {}),
    ...timeout,
    ...disabled,
  };
}
