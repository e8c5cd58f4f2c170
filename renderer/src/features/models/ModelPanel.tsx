import { useEffect, useMemo, useState } from 'react';
import type { ModelOption } from '../../../../shared/ipc/routes';
import { contextSourceLabel } from '../../../../shared/contextSource';
import { MODEL_PRESET_FIELDS, userPresetFor } from '../../../../shared/modelPreset';
import { isFinalPhase, LOAD_VIA_LABELS, loadStepText } from '../../../../shared/modelLoad';
import { cancelModelLoad, loadActiveModelLoads, loadKey, saveModelPreset, startModelLoad, useModelLoadsStore } from '../../stores/modelLoadsStore';
import { useSettingsStore } from '../../stores/settingsStore';
import { ChevronRightIcon } from '../../ui/icons';
import { draftOf, fallbackFamily, fallbackText, noLoadReason, parseDraft, PRESET_FIELD_LABELS, type PresetDraft, type PresetField } from './presetForm';

/**
 * One model's panel inside the picker: its context and where that figure
 * comes from; Load, Reload with another context and Unload where Punie can
 * (progress, Cancel), else one line saying why not; and the user's preset
 * for the model (sampling, output cap, context to load with, an extra
 * system prompt), each empty field showing what applies instead.
 */
export function ModelPanel({ option, modelId, onBack }: { option: ModelOption; modelId: string; onBack: () => void }) {
  // A load started before this window opened shows too; its later steps arrive as models.load events.
  useEffect(() => void loadActiveModelLoads(), []);
  return (
    <div className="model-panel" data-testid="model-panel">
      <div className="model-panel-head">
        <button type="button" className="icon-btn icon-btn-sm model-panel-back" onClick={onBack} aria-label="Back to the models" title="Back to the models">
          <ChevronRightIcon size={14} />
        </button>
        <div className="model-panel-title">
          <span className="model-panel-name">{option.label}</span>
          <span className="model-panel-group">{option.groupLabel}</span>
        </div>
      </div>
      <div className="model-panel-body">
        <LoadSection option={option} modelId={modelId} />
        <PresetSection option={option} modelId={modelId} />
      </div>
    </div>
  );
}

function LoadSection({ option, modelId }: { option: ModelOption; modelId: string }) {
  const endpointUrl = option.endpointUrl;
  const key = endpointUrl ? loadKey(endpointUrl, modelId) : '';
  const load = useModelLoadsStore((s) => s.byModel[key]);
  const startError = useModelLoadsStore((s) => (s.startError?.key === key ? s.startError.error : undefined));
  const presetContext = useSettingsStore((s) => userPresetFor(s.view?.settings.modelPresets, modelId)?.contextLength);
  const [context, setContext] = useState(String(presetContext ?? option.contextLength ?? ''));
  const busy = load !== undefined && !isFinalPhase(load.phase);
  const n = (x: number) => x.toLocaleString('en-US');
  const contextNumber = Number(context);
  const contextValid = context.trim() === '' || (Number.isInteger(contextNumber) && contextNumber >= 256 && contextNumber <= 10_000_000);

  return (
    <section className="model-panel-section" aria-label="Loading">
      <h3 className="model-panel-heading">Context</h3>
      <p className="model-panel-line" data-testid="model-context">
        {option.contextLength ? (
          <>
            <strong>{n(option.contextLength)} tokens</strong>
            {option.contextSource ? ` — ${contextSourceLabel(option.contextSource, option.groupLabel)}` : ''}
            {option.maxContextLength && option.maxContextLength !== option.contextLength ? ` (up to ${n(option.maxContextLength)})` : ''}
          </>
        ) : (
          'Not known: the server does not say.'
        )}
      </p>
      {endpointUrl && option.loadVia ? (
        <>
          <div className="model-load-row">
            {option.canSetContext ? (
              <label className="model-load-context">
                <span>Load with</span>
                <input
                  className="input model-load-input"
                  inputMode="numeric"
                  value={context}
                  onChange={(e) => setContext(e.target.value)}
                  aria-label="Context length to load with"
                  aria-invalid={!contextValid}
                  disabled={busy}
                />
                <span>tokens</span>
              </label>
            ) : null}
            <button
              type="button"
              className="btn btn-sm btn-primary"
              disabled={busy || !contextValid}
              onClick={() => void startModelLoad(endpointUrl, modelId, 'load', option.canSetContext && context.trim() ? contextNumber : undefined)}
            >
              {option.loaded ? 'Reload' : 'Load'}
            </button>
            {option.loaded ? (
              <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void startModelLoad(endpointUrl, modelId, 'unload')}>
                Unload
              </button>
            ) : null}
          </div>
          {load ? (
            <div className={`model-load-status is-${load.phase}`} role="status" data-testid="model-load-status">
              {busy ? <span className="spinner" aria-hidden="true" /> : null}
              <span>{loadStepText(load)}</span>
              {load.phase === 'loading' && load.fraction !== undefined ? (
                <progress className="model-load-progress" max={1} value={load.fraction} aria-label="Load progress" />
              ) : null}
              {busy ? (
                <button type="button" className="btn btn-sm" onClick={() => void cancelModelLoad(load.loadId)}>
                  Cancel
                </button>
              ) : null}
            </div>
          ) : null}
          {startError ? <p className="field-error">{startError.message}</p> : null}
          <p className="field-help">Through {LOAD_VIA_LABELS[option.loadVia]}.</p>
        </>
      ) : (
        <p className="field-help" data-testid="model-no-load">
          {noLoadReason(option)}
        </p>
      )}
    </section>
  );
}

function PresetSection({ option, modelId }: { option: ModelOption; modelId: string }) {
  const stored = useSettingsStore((s) => userPresetFor(s.view?.settings.modelPresets, modelId));
  const [draft, setDraft] = useState<PresetDraft>(() => draftOf(stored));
  const [saved, setSaved] = useState(false);
  // Another window (or a save here) changed the stored preset: show it.
  useEffect(() => setDraft(draftOf(stored)), [stored]);
  const family = useMemo(() => fallbackFamily(option, modelId), [option, modelId]);
  const parsed = parseDraft(draft);
  const errors = parsed.ok ? {} : parsed.errors;
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(stored));

  const set = (field: PresetField, value: string) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [field]: value }));
  };
  const save = async () => {
    if (!parsed.ok) return;
    if (await saveModelPreset(modelId, parsed.preset)) setSaved(true);
  };
  const reset = async () => {
    if (await saveModelPreset(modelId, {})) setSaved(true);
  };

  return (
    <section className="model-panel-section" aria-label="Preset">
      <h3 className="model-panel-heading">Preset for this model</h3>
      <p className="field-help model-preset-family">
        {family ? (
          <span title={Object.values(family.sampling)[0]?.source}>Empty fields use the {family.label} figures its makers recommend.</span>
        ) : (
          'Empty fields send nothing: the server uses the model’s own defaults.'
        )}
      </p>
      <div className="model-preset-grid">
        {MODEL_PRESET_FIELDS.filter((f) => f !== 'systemPrompt').map((field) => (
          <label key={field} className="model-preset-field">
            <span className="model-preset-label">{PRESET_FIELD_LABELS[field]}</span>
            <input
              className="input model-preset-input"
              inputMode="decimal"
              value={draft[field]}
              placeholder={fallbackText(field, family, option)}
              onChange={(e) => set(field, e.target.value)}
              aria-invalid={errors[field] ? true : undefined}
              aria-label={PRESET_FIELD_LABELS[field]}
            />
            {errors[field] ? <span className="field-error">{errors[field]}</span> : null}
          </label>
        ))}
      </div>
      <label className="model-preset-field model-preset-system">
        <span className="model-preset-label">{PRESET_FIELD_LABELS.systemPrompt}</span>
        <textarea
          className="input model-preset-textarea"
          rows={2}
          value={draft.systemPrompt}
          placeholder={fallbackText('systemPrompt', family, option)}
          onChange={(e) => set('systemPrompt', e.target.value)}
          aria-label={PRESET_FIELD_LABELS.systemPrompt}
        />
      </label>
      <div className="model-preset-actions">
        <span className="field-help" role="status">
          {saved && !dirty ? 'Saved. The next message uses it.' : ''}
        </span>
        <button type="button" className="btn btn-sm" onClick={() => void reset()} disabled={!stored}>
          Reset
        </button>
        <button type="button" className="btn btn-sm btn-primary" onClick={() => void save()} disabled={!dirty || !parsed.ok}>
          Save preset
        </button>
      </div>
    </section>
  );
}
