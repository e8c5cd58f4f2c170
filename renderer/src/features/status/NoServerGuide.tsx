import { performErrorAction } from '../../app/actions';
import { refreshServers, useServersStore } from '../../stores/serversStore';
import { useSettingsStore } from '../../stores/settingsStore';
import { openSettings } from '../../stores/uiStore';
import { BeakerIcon, CloudIcon, RefreshIcon, ServerIcon, TerminalIcon } from '../../ui/icons';
import { CopyButton } from '../../ui/CopyButton';
import { hostOf } from '../../../../shared/text';

const MLX_COMMAND = 'mlx_lm.server --model mlx-community/Qwen2.5-7B-Instruct-4bit';
const LLAMA_COMMAND = 'llama-server -m model.gguf --jinja --port 8080';

/**
 * Shown instead of an empty chat when no local server answers. It watches
 * `servers.status`, so it goes away by itself when a server appears.
 */
export function NoServerGuide({ compact = false }: { compact?: boolean }) {
  const refreshing = useServersStore((s) => s.refreshing);
  const endpoints = useSettingsStore((s) => s.view?.settings.endpoints) ?? [];
  return (
    <div className={`guide${compact ? ' is-compact' : ''}`} data-testid="no-server-guide">
      <div className="guide-head">
        <span className="guide-pulse" aria-hidden="true" />
        <h2 className="guide-title">Start a local model server</h2>
        <p className="guide-lead">Punie works with models on your own machine. Start any one of these; this page moves on by itself when it answers.</p>
      </div>

      <ul className="guide-steps">
        <li className="guide-step">
          <ServerIcon size={16} className="guide-step-icon" />
          <h3>LM Studio</h3>
          <p>
            Open the <strong>Developer</strong> tab, load a model, and switch <strong>Status</strong> to <strong>Running</strong>. It serves on port 1234.
          </p>
        </li>
        <li className="guide-step">
          <TerminalIcon size={16} className="guide-step-icon" />
          <h3>mlx-lm.server (Apple silicon)</h3>
          <Command text={MLX_COMMAND} />
        </li>
        <li className="guide-step">
          <TerminalIcon size={16} className="guide-step-icon" />
          <h3>llama.cpp</h3>
          <Command text={LLAMA_COMMAND} />
        </li>
      </ul>

      <div className="guide-alternatives">
        <span className="guide-or">or</span>
        <button type="button" className="btn" onClick={() => performErrorAction({ kind: 'use-test-model', label: '' })}>
          <BeakerIcon size={14} /> Use the built-in Test model
        </button>
        <button type="button" className="btn" onClick={() => performErrorAction({ kind: 'pick-model', label: '' })}>
          <CloudIcon size={14} /> Use OpenAI or Anthropic
        </button>
      </div>

      <footer className="guide-foot">
        {endpoints.length ? (
          <span className="guide-watching">Watching {endpoints.map(hostOf).join(', ')}</span>
        ) : (
          <span className="guide-watching">
            No local server addresses are set.{' '}
            <button type="button" className="link-btn" onClick={() => openSettings('endpoints')}>
              Add one in Settings
            </button>
          </span>
        )}
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => void refreshServers()} disabled={refreshing}>
          {refreshing ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon size={14} />} Check now
        </button>
      </footer>
    </div>
  );
}

function Command({ text }: { text: string }) {
  return (
    <div className="guide-command">
      <code>{text}</code>
      <CopyButton getText={() => text} label="Copy command" />
    </div>
  );
}
