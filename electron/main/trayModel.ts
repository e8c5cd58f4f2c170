import { isChatModel, SERVER_KIND_LABELS, type EndpointStatus, type OverallState, type ServersStatus } from '../../shared/serverStatus';
import { clipText, hostOf } from '../../shared/text';

/**
 * What the tray shows, as plain data: a pure function from the servers'
 * status and the current model to the icon, the tooltip and the menu. The
 * Electron adapter (tray.ts) turns it into a Tray and a Menu; menu items carry
 * actions, not callbacks.
 */

export type TrayAction =
  | { type: 'quick-ask' }
  | { type: 'open-main' }
  | { type: 'use-model'; spec: string }
  | { type: 'refresh' }
  | { type: 'settings' }
  | { type: 'restart-to-update' }
  | { type: 'quit' };

export type TrayMenuItem =
  | { kind: 'action'; label: string; action: TrayAction; accelerator?: string }
  | { kind: 'radio'; label: string; checked: boolean; action: TrayAction }
  | { kind: 'info'; label: string }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[] }
  | { kind: 'separator' };

export interface TrayModel {
  state: OverallState;
  /** File name under the tray icon folder (macOS: a template image, so it fits light and dark menu bars). */
  iconFile: string;
  tooltip: string;
  menu: TrayMenuItem[];
}

export interface TrayModelInput {
  /** Undefined before the first probe answered. */
  status: ServersStatus | undefined;
  /** The model new conversations use (settings.lastModel ?? settings.defaultModel). */
  currentModel: string;
  platform: string;
  /** The quick-ask shortcut when it is registered. */
  quickAskAccelerator?: string;
  /** A downloaded update: "Restart to Update", disabled while a run is going (updateState.ts). */
  update?: { label: string; enabled: boolean };
}

/** Windows cuts tooltips at 127 characters. */
const MAX_TOOLTIP = 127;
/** Bound on the model submenu. */
const MAX_MODEL_ITEMS = 30;

export function trayIconFile(state: OverallState, platform: string): string {
  return platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}.png`;
}

function serverLabel(endpoint: Pick<EndpointStatus, 'kind'>): string {
  return endpoint.kind ? SERVER_KIND_LABELS[endpoint.kind] : 'Local server';
}

function endpointLine(endpoint: EndpointStatus): string {
  const name = `${serverLabel(endpoint)} · ${hostOf(endpoint.url)}`;
  if (endpoint.state === 'offline') return `${name} — not running`;
  if (endpoint.state === 'error') return `${name} — error${endpoint.lastError ? `: ${endpoint.lastError.message}` : ''}`;
  const loaded = endpoint.models.filter((m) => m.loaded && isChatModel(m));
  if (loaded.length === 0) {
    // mlx-lm started from a repo id, LM Studio with just-in-time loading: usable, the first message loads the model.
    const onDemand = endpoint.models.filter((m) => m.loadsOnDemand && isChatModel(m));
    if (onDemand.length > 0) return `${name} — ${onDemand[0]?.id ?? ''} loads on first message`;
    return `${name} — no model loaded`;
  }
  const first = loaded[0]?.id ?? '';
  return loaded.length === 1 ? `${name} — ${first} ready` : `${name} — ${first} and ${loaded.length - 1} more ready`;
}


/** A short, human name for a model spec. */
export function modelLabel(spec: string, status: ServersStatus | undefined): string {
  if (spec === 'test') return 'Test model (no network)';
  if (spec === 'local' || spec === 'local:') {
    return status?.active ? `Automatic — ${status.active.model}` : 'Automatic (first local server)';
  }
  for (const endpoint of status?.endpoints ?? []) {
    const prefix = `local:${endpoint.url}/`;
    if (spec.startsWith(prefix)) return `${spec.slice(prefix.length)} (${serverLabel(endpoint)})`;
  }
  return spec.startsWith('local:') ? spec.slice('local:'.length) : spec;
}

function tooltipFor(state: OverallState, status: ServersStatus | undefined): string {
  if (state === 'ready') {
    const active = status?.active;
    if (active) return `Punie — ${active.model} on ${active.kind ? SERVER_KIND_LABELS[active.kind] : hostOf(active.url)}`;
    const endpoint = status?.endpoints.find((e) => e.state === 'online' && e.models.some((m) => m.loaded && isChatModel(m)));
    const model = endpoint?.models.find((m) => m.loaded && isChatModel(m));
    if (endpoint && model) return `Punie — ${model.id} on ${serverLabel(endpoint)}`;
    return 'Punie — a local model is ready';
  }
  if (state === 'no-model') {
    const endpoint = status?.endpoints.find((e) => e.state === 'online');
    return `Punie — ${endpoint ? serverLabel(endpoint) : 'a local server'} is running, no model loaded`;
  }
  return status ? 'Punie — no local model server running' : 'Punie — looking for local model servers…';
}

function modelItems(status: ServersStatus | undefined, currentModel: string): TrayMenuItem[] {
  const specs: string[] = [];
  for (const endpoint of status?.endpoints ?? []) {
    if (endpoint.state !== 'online') continue;
    for (const model of endpoint.models) {
      if (!isChatModel(model) || !(model.loaded || model.loadsOnDemand)) continue;
      specs.push(`local:${endpoint.url}/${model.id}`);
    }
  }
  const all = [...new Set([currentModel, 'local:', ...specs, 'test'])].slice(0, MAX_MODEL_ITEMS);
  return all.map((spec) => ({
    kind: 'radio' as const,
    label: modelLabel(spec, status),
    checked: spec === currentModel,
    action: { type: 'use-model' as const, spec },
  }));
}

export function trayModel(input: TrayModelInput): TrayModel {
  const { status, currentModel, platform } = input;
  const state: OverallState = status?.overall ?? 'offline';
  const servers: TrayMenuItem[] =
    status && status.endpoints.length > 0
      ? status.endpoints.map((e) => ({ kind: 'info' as const, label: endpointLine(e) }))
      : [{ kind: 'info', label: status ? 'No local servers configured' : 'Looking for local servers…' }];

  const quickAsk: TrayMenuItem =
    input.quickAskAccelerator === undefined
      ? { kind: 'action', label: 'Quick Ask', action: { type: 'quick-ask' } }
      : { kind: 'action', label: 'Quick Ask', action: { type: 'quick-ask' }, accelerator: input.quickAskAccelerator };

  return {
    state,
    iconFile: trayIconFile(state, platform),
    tooltip: clipText(tooltipFor(state, status), MAX_TOOLTIP),
    menu: [
      ...(input.update
        ? [
            input.update.enabled
              ? ({ kind: 'action', label: input.update.label, action: { type: 'restart-to-update' } } as const)
              : ({ kind: 'info', label: input.update.label } as const),
            { kind: 'separator' as const },
          ]
        : []),
      quickAsk,
      { kind: 'action', label: 'Open Punie', action: { type: 'open-main' } },
      { kind: 'separator' },
      { kind: 'info', label: 'Servers' },
      ...servers,
      { kind: 'submenu', label: `Model: ${clipText(modelLabel(currentModel, status), 60)}`, items: modelItems(status, currentModel) },
      { kind: 'action', label: 'Refresh', action: { type: 'refresh' } },
      { kind: 'separator' },
      { kind: 'action', label: platform === 'darwin' ? 'Settings…' : 'Settings', action: { type: 'settings' } },
      { kind: 'action', label: 'Quit Punie', action: { type: 'quit' } },
    ],
  };
}
