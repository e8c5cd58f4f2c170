import type { RuleTool } from '../../../../shared/settings';
import { patchSettings, useSettingsStore } from '../../stores/settingsStore';
import { setSettingsSection } from '../../stores/uiStore';
import { PassEnvField } from './PassEnvField';

const TOOLS: Array<{ id: RuleTool; label: string; help: string }> = [
  { id: 'write_file', label: 'Write files', help: 'Create or replace a file in the workspace.' },
  { id: 'edit_file', label: 'Edit files', help: 'Replace text in a file in the workspace.' },
  { id: 'run_command', label: 'Run commands', help: 'Run a program in the workspace (never through a shell).' },
  { id: 'read_file', label: 'Read secret files', help: 'Read .env files, keys and certificates, .ssh, .aws, .gnupg, .netrc and the like. Searches leave them out.' },
];

/** Which changing tools ask first. Nothing is allowed silently unless set here. */
export function PermissionsSection() {
  const rules = useSettingsStore((s) => s.view?.settings.permissionRules);
  if (!rules) return <p className="settings-loading">Loading…</p>;
  return (
    <section className="settings-section" aria-labelledby="permissions-title">
      <h3 id="permissions-title" className="settings-section-title">
        Permissions
      </h3>
      <p className="settings-section-lead">Reading and searching ordinary files never asks. These change things, or read keys and passwords, so they ask first unless you allow them here.</p>
      <div className="rules">
        {TOOLS.map((t) => (
          <div key={t.id} className="rule-row">
            <div>
              <div className="rule-label">{t.label}</div>
              <div className="field-help">{t.help}</div>
            </div>
            <div className="segmented" role="radiogroup" aria-label={t.label}>
              {(['ask', 'allow'] as const).map((value) => (
                <button
                  key={value}
                  type="button"
                  role="radio"
                  aria-checked={(rules[t.id] ?? 'ask') === value}
                  className={`segment${(rules[t.id] ?? 'ask') === value ? ' is-active' : ''}${value === 'allow' ? ' segment-warn' : ''}`}
                  onClick={() => void patchSettings({ permissionRules: { ...rules, [t.id]: value } })}
                >
                  {value === 'ask' ? 'Ask' : 'Allow'}
                </button>
              ))}
            </div>
          </div>
        ))}
      </div>
      <PassEnvField />
    </section>
  );
}
