import { create } from 'zustand';
import type { ErrorData } from '../../../shared/errors';
import type { RouteInput, RouteName, RouteOutput } from '../../../shared/ipc/routes';
import type { McpImportPreview, McpImportSource, McpServerInput, McpView } from '../../../shared/mcp';
import { punie } from '../ipc/client';
import { toErrorData } from '../ipc/requestError';
import { showToast } from './uiStore';

/**
 * The MCP servers as main reports them (kept current by `mcp.changed`), and
 * the requests the MCP settings make. Main decides every change: one that
 * widens what may run waits for the user's answer to a native question, and
 * a "no" there comes back as `permission-denied`, shown as a quiet note.
 */
export interface McpState {
  view?: McpView;
  loadError?: ErrorData;
}

export const useMcpStore = create<McpState>()(() => ({}));

export function applyMcpView(view: McpView): void {
  useMcpStore.setState({ view, loadError: undefined });
}

export async function loadMcp(): Promise<void> {
  try {
    applyMcpView(await punie.request('mcp.view', {}));
  } catch (e) {
    useMcpStore.setState({ loadError: toErrorData(e) });
  }
}

/** A request whose answer is the new view; on failure the error is returned (and a refusal noted). */
async function change<R extends RouteName>(route: R, input: RouteInput<R>): Promise<ErrorData | undefined> {
  try {
    const view = (await punie.request(route, input)) as RouteOutput<R>;
    if (isView(view)) applyMcpView(view);
    return undefined;
  } catch (e) {
    const error = toErrorData(e);
    if (error.code === 'permission-denied') showToast({ level: 'info', message: error.message });
    return error;
  }
}

function isView(value: unknown): value is McpView {
  return typeof value === 'object' && value !== null && 'servers' in value && 'configPath' in value;
}

export const saveMcpServer = (name: string, server: McpServerInput, renamedFrom?: string) =>
  change('mcp.saveServer', { name, server, ...(renamedFrom === undefined || renamedFrom === name ? {} : { renamedFrom }) });
export const removeMcpServer = (name: string) => change('mcp.removeServer', { name });
export const setMcpServerDisabled = (name: string, disabled: boolean) => change('mcp.setDisabled', { name, disabled });
export const restartMcpServer = (name: string) => change('mcp.restart', { name });
export const saveMcpJson = (text: string) => change('mcp.setJson', { text });
export const approveMcpWorkspace = (approve: boolean) => change('mcp.approveWorkspace', { approve });
export const setMcpRule = (server: string, tool: string | undefined, allow: boolean) => change('mcp.setRule', { server, ...(tool === undefined ? {} : { tool }), allow });
export const applyMcpImport = (source: McpImportSource, names: string[]) => change('mcp.importApply', { source, names });

export async function loadMcpJson(): Promise<{ path: string; text: string } | ErrorData> {
  try {
    return await punie.request('mcp.getJson', {});
  } catch (e) {
    return toErrorData(e);
  }
}

export async function previewMcpImport(source: McpImportSource): Promise<McpImportPreview | ErrorData> {
  try {
    return await punie.request('mcp.importPreview', { source });
  } catch (e) {
    return toErrorData(e);
  }
}
