import { SERVER_KIND_LABELS, type EndpointStatus, type ServerKind, type ServersStatus } from '../../../../shared/serverStatus';

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
      const online = status.endpoints.find((e) => e.state === 'online');
      return { tone: 'warning', label: 'No model loaded', detail: online ? kindLabel(online.kind) : undefined };
    }
    case 'offline':
      return { tone: 'offline', label: 'No local server' };
  }
}

/** "host:port" of an endpoint URL, for compact display. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
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
  if (e.state === 'online') return e.models.some((m) => m.loaded) ? 'Online' : 'Online · no model loaded';
  return e.state === 'offline' ? 'Not running' : 'Error';
}
