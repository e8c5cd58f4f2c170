import { useModelsStore } from '../../stores/modelsStore';
import { useServersStore } from '../../stores/serversStore';
import { useSettingsStore } from '../../stores/settingsStore';
import { setPopover } from '../../stores/uiStore';
import { FolderIcon, ShieldIcon, TerminalIcon } from '../../ui/icons';
import { pickWorkspace } from '../../app/actions';
import { modelDisplayName } from '../models/modelList';
import { NoServerGuide } from '../status/NoServerGuide';
import { kindLabel, onDemandEndpoint } from '../status/statusSummary';
import { baseName } from '../../lib/baseName';

/**
 * What an empty conversation shows: the no-server guide when nothing local
 * answers and a local model is chosen; otherwise a short welcome.
 */
export function EmptyState() {
  const status = useServersStore((s) => s.status);
  const selected = useModelsStore((s) => s.selected);
  const options = useModelsStore((s) => s.options);
  const workspace = useSettingsStore((s) => s.view?.settings.workspace);
  const usesLocal = !selected || selected === 'local' || selected.startsWith('local:') || selected.startsWith('ollama:');

  if (status?.overall === 'offline' && usesLocal) return <NoServerGuide />;

  const onDemand = usesLocal ? onDemandEndpoint(status) : undefined;
  const noModel = status?.overall === 'no-model' && usesLocal && !onDemand;
  const online = status?.endpoints.find((e) => e.state === 'online');
  // `local:` alone means "whichever is loaded": with nothing loaded, a server that loads on demand needs a model named.
  const bareLocal = !selected || selected === 'local' || selected === 'local:';
  const option = options.find((o) => o.spec === selected);
  return (
    <div className="welcome" data-testid="welcome">
      <h1 className="welcome-title">What are we working on?</h1>
      {noModel ? (
        <div className="welcome-warning" role="status">
          <strong>{kindLabel(online?.kind)} is running, but no model is loaded.</strong> Load one there, or{' '}
          <button type="button" className="link-btn" onClick={() => setPopover('models')}>
            pick a model
          </button>{' '}
          — models marked “loads on demand” load with the first message.
        </div>
      ) : onDemand && bareLocal ? (
        <div className="welcome-note" role="status">
          <strong>{kindLabel(onDemand.kind)} loads models on demand.</strong>{' '}
          <button type="button" className="link-btn" onClick={() => setPopover('models')}>
            Pick a model
          </button>{' '}
          and your first message loads it; that first answer takes a little longer.
        </div>
      ) : (
        <p className="welcome-lead">
          Using <strong>{modelDisplayName(selected, options)}</strong>
          {workspace ? (
            <>
              {' '}
              in <strong title={workspace}>{baseName(workspace)}</strong>
            </>
          ) : null}
          .
          {option && option.loaded === false && option.loadsOnDemand ? <span className="welcome-sub"> Your first message loads it, so that answer takes a little longer.</span> : null}
        </p>
      )}
      <ul className="welcome-points">
        <li>
          <FolderIcon size={16} />
          <span>
            Punie reads and searches files only inside your workspace.{' '}
            {workspace ? null : (
              <button type="button" className="link-btn" onClick={() => void pickWorkspace()}>
                Choose a folder
              </button>
            )}
          </span>
        </li>
        <li>
          <ShieldIcon size={16} />
          <span>It asks before it writes a file or runs a command, and shows you the diff.</span>
        </li>
        <li>
          <TerminalIcon size={16} />
          <span>Every tool call is in the trace, with its arguments, output and timing.</span>
        </li>
      </ul>
    </div>
  );
}
