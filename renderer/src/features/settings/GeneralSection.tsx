import { useEffect, useState } from 'react';
import type { Theme } from '../../../../shared/settings';
import { useModelsStore } from '../../stores/modelsStore';
import { patchSettings, useSettingsStore } from '../../stores/settingsStore';
import { modelDisplayName } from '../models/modelList';
import { ShortcutField } from './ShortcutField';

const THEMES: Array<{ id: Theme; label: string }> = [
  { id: 'system', label: 'System' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
];

/** Theme, default model, quick-ask shortcut, tray and turn limit. */
export function GeneralSection() {
  const settings = useSettingsStore((s) => s.view?.settings);
  const options = useModelsStore((s) => s.options);
  const [maxTurns, setMaxTurns] = useState(String(settings?.maxTurns ?? 50));
  useEffect(() => setMaxTurns(String(settings?.maxTurns ?? 50)), [settings?.maxTurns]);
  const [systemPrompt, setSystemPrompt] = useState(settings?.systemPrompt ?? '');
  useEffect(() => setSystemPrompt(settings?.systemPrompt ?? ''), [settings?.systemPrompt]);
  if (!settings) return <p className="settings-loading">Loading…</p>;

  const choices = options.filter((o) => o.available);
  const hasCurrent = choices.some((o) => o.spec === settings.defaultModel);
  const turnsValue = Number(maxTurns);
  const turnsValid = Number.isInteger(turnsValue) && turnsValue >= 1 && turnsValue <= 500;

  return (
    <section className="settings-section" aria-labelledby="general-title">
      <h3 id="general-title" className="settings-section-title">
        General
      </h3>

      <div className="settings-field">
        <span className="field-label" id="theme-label">
          Theme
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby="theme-label">
          {THEMES.map((t) => (
            <button
              key={t.id}
              type="button"
              role="radio"
              aria-checked={settings.theme === t.id}
              className={`segment${settings.theme === t.id ? ' is-active' : ''}`}
              onClick={() => void patchSettings({ theme: t.id })}
            >
              {t.label}
            </button>
          ))}
        </div>
        <p className="field-help">System follows your computer’s light or dark appearance.</p>
      </div>

      <div className="settings-field">
        <label className="field-label" htmlFor="default-model">
          Default model
        </label>
        <select id="default-model" className="input" value={settings.defaultModel} onChange={(e) => void patchSettings({ defaultModel: e.target.value })}>
          <option value="local:">Local: whichever model is loaded</option>
          {!hasCurrent && settings.defaultModel !== 'local:' ? <option value={settings.defaultModel}>{modelDisplayName(settings.defaultModel, options)}</option> : null}
          {choices.map((o) => (
            <option key={o.spec} value={o.spec}>
              {o.groupLabel} — {o.label}
            </option>
          ))}
        </select>
        <p className="field-help">New conversations start with this model until you pick another.</p>
      </div>

      <ShortcutField />

      <div className="settings-field">
        <label className="checkbox">
          <input type="checkbox" checked={settings.closeToTray} onChange={(e) => void patchSettings({ closeToTray: e.target.checked })} />
          <span>Keep Punie in the tray when the window closes</span>
        </label>
      </div>

      <div className="settings-field">
        <label className="checkbox">
          <input type="checkbox" checked={settings.checkUpdates} onChange={(e) => void patchSettings({ checkUpdates: e.target.checked })} />
          <span>Check for updates</span>
        </label>
        <p className="field-help">At start and every 4 hours. A downloaded update waits for you to restart (Help menu or tray), never in the middle of a run.</p>
      </div>

      <div className="settings-field">
        <label className="field-label" htmlFor="max-turns">
          Turn limit
        </label>
        <input
          id="max-turns"
          className="input input-narrow"
          inputMode="numeric"
          value={maxTurns}
          aria-invalid={!turnsValid}
          onChange={(e) => setMaxTurns(e.target.value)}
          onBlur={() => turnsValid && turnsValue !== settings.maxTurns && void patchSettings({ maxTurns: turnsValue })}
        />
        {turnsValid ? (
          <p className="field-help">The most model requests one prompt may make (1–500).</p>
        ) : (
          <p className="field-error">Enter a whole number from 1 to 500.</p>
        )}
      </div>

      <div className="settings-field">
        <label className="field-label" htmlFor="system-prompt">
          Instructions for every conversation
        </label>
        <textarea
          id="system-prompt"
          className="input settings-textarea"
          rows={4}
          maxLength={20_000}
          value={systemPrompt}
          placeholder="For example: Answer briefly. Use British spelling."
          onChange={(e) => setSystemPrompt(e.target.value)}
          onBlur={() => systemPrompt !== (settings.systemPrompt ?? '') && void patchSettings({ systemPrompt })}
        />
        <p className="field-help">Added to the system prompt of every run, after the workspace’s AGENTS.md and before a model’s own extra prompt.</p>
      </div>
    </section>
  );
}
