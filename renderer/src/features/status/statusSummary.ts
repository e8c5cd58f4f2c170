import { isChatModel, SERVER_KIND_LABELS, type EndpointStatus, type ServerKind, type ServersStatus } from '../../../../shared/serverStatus';

/** The status pill's words for the overall state of local servers. */
export interface StatusSummary {
  tone: 'ready' | 'warning' | 'offline' | 'unknown';
  label: string;
  detail?: string;
}

export function kindLabel(kind: ServerKind | undefined): string {
  return kind ? SERVER_KIND_LABELS[kind] : 'Unknown server';
}

export function summarizeStatus(status: ServersStatus | undefined): StatusSummary {
  if (!status) return { tone: 'unknown', label: 'Checking servers…' };
  switch (status.overall) {
    case 'ready': {
      const active = status.active;
      return { tone: 'ready', label: active ? kindLabel(active.kind) : 'Ready', detail: active?.model };
    }
    case 'no-model': {
      // Nothing is loaded, but a server that loads models with the first message is usable.
      const onDemand = onDemandEndpoint(status);
      if (onDemand) return { tone: 'ready', label: kindLabel(onDemand.kind), detail: 'loads on demand' };
      const online = status.endpoints.find((e) => e.state === 'online');
      return { tone: 'warning', label: 'No model loaded', detail: online ? kindLabel(online.kind) : undefined };
    }
    case 'offline':
      return { tone: 'offline', label: 'No local server' };
  }
}

/** "just now", "12 s ago", "3 min ago". */
export function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 3) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
}

export function endpointStateLabel(e: EndpointStatus): string {
  if (e.state === 'online') {
    const chat = e.models.filter(isChatModel);
    if (chat.some((m) => m.loaded)) return 'Online';
    return chat.some((m) => m.loadsOnDemand) ? 'Online · loads on demand' : 'Online · no model loaded';
  }
  return e.state === 'offline' ? 'Not running' : 'Error';
}

/** Online with no chat model loaded, but with models it loads on the first message (LM Studio's just-in-time loading, mlx-lm). */
export function loadsOnDemand(e: EndpointStatus): boolean {
  if (e.state !== 'online') return false;
  const chat = e.models.filter(isChatModel);
  return !chat.some((m) => m.loaded) && chat.some((m) => m.loadsOnDemand);
}

/** When no model is loaded anywhere: the first server that loads one on demand (usable: pick a model and send). */
export function onDemandEndpoint(status: ServersStatus | undefined): EndpointStatus | undefined {
  if (status?.overall !== 'no-model') return undefined;
  return status.endpoints.find(loadsOnDemand);
}
