import { PermissionCard } from './PermissionCard';
import { pendingPermission, type RunView } from '../../../../shared/runView';

/** The first pending permission request among these runs, pinned; with a count when more wait. */
export function PermissionDock({ runs }: { runs: readonly RunView[] }) {
  const pending = runs.flatMap((run) => {
    const call = pendingPermission(run);
    return call ? [{ run, call }] : [];
  });
  const first = pending[0];
  if (!first) return null;
  return (
    <div className="permission-dock">
      {pending.length > 1 ? <p className="permission-more">{pending.length - 1} more waiting after this one</p> : null}
      <PermissionCard key={first.call.permission!.requestId} run={first.run} call={first.call} />
    </div>
  );
}
