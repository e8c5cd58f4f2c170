import type { EndpointStatus, ServersStatus } from '../../../shared/serverStatus';

/**
 * What counts as a change of status: a server appearing, disappearing or
 * failing, its kind, its models and their loaded state and context, what `local:`
 * resolves to. Not latency, timestamps, versions or error wording.
 */
export function statusFingerprint(status: ServersStatus): string {
  const endpoint = (e: EndpointStatus) => [
    e.url,
    e.kind ?? null,
    e.state,
    e.lastError?.code ?? null,
    e.loadApi ?? null,
    e.models.map((m) => [m.id, m.loaded, m.loading ?? null, m.loadsOnDemand ?? null, m.type, m.contextLength ?? null, m.contextSource ?? null]),
  ];
  return JSON.stringify([status.overall, status.active ?? null, status.endpoints.map(endpoint), status.ollama ? endpoint(status.ollama) : null]);
}

export function sameStatus(a: ServersStatus | undefined, b: ServersStatus | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return statusFingerprint(a) === statusFingerprint(b);
}
