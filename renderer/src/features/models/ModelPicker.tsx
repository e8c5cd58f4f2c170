import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ModelOption } from '../../../../shared/ipc/routes';
import { loadModels, selectModel, useModelsStore } from '../../stores/modelsStore';
import { focusComposer, openSettings, setPopover, useUiStore } from '../../stores/uiStore';
import { ChevronDownIcon, RefreshIcon, SearchIcon, SettingsIcon } from '../../ui/icons';
import { useDismiss } from '../../ui/useDismiss';
import { groupModels, modelDisplayName, moveActive, selectableOptions } from './modelList';
import { ModelBadges } from './ModelBadges';
import { ModelPanel } from './ModelPanel';
import { isLocalOption, presetModelId } from './presetForm';

/**
 * The model picker: models grouped by server, with loaded state, context,
 * quantization and tool-use badges; typing filters, arrow keys move, Enter
 * picks. The choice is remembered (settings.lastModel). A local model's
 * gear opens its panel: load, reload with another context, unload, and its
 * preset.
 */
export function ModelPicker() {
  const open = useUiStore((s) => s.popover === 'models');
  const options = useModelsStore((s) => s.options);
  const selected = useModelsStore((s) => s.selected);
  const wrap = useRef<HTMLDivElement>(null);
  useDismiss(wrap, open, () => setPopover(null));
  const current = options.find((o) => o.spec === selected);
  return (
    <div className="picker-wrap" ref={wrap}>
      <button
        type="button"
        className="picker-button"
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => setPopover(open ? null : 'models')}
        data-testid="model-picker"
      >
        <span className="picker-name">{modelDisplayName(selected, options)}</span>
        {current ? <span className="picker-group">{current.groupLabel}</span> : null}
        <ChevronDownIcon size={14} />
      </button>
      {open ? <ModelMenu options={options} selected={selected} /> : null}
    </div>
  );
}

function ModelMenu({ options, selected }: { options: ModelOption[]; selected: string | undefined }) {
  const [filter, setFilter] = useState('');
  const loading = useModelsStore((s) => s.loading);
  const error = useModelsStore((s) => s.error);
  const groups = useMemo(() => groupModels(options, filter), [options, filter]);
  const selectable = useMemo(() => selectableOptions(groups), [groups]);
  const [active, setActive] = useState<string | undefined>(selected);
  const [panel, setPanel] = useState<string | undefined>();
  const listRef = useRef<HTMLDivElement>(null);

  // Keep the active item among the visible ones as the filter narrows.
  useEffect(() => {
    if (!selectable.some((o) => o.spec === active)) setActive(selectable[0]?.spec);
  }, [selectable, active]);

  useEffect(() => {
    if (!active) return;
    const el = listRef.current?.querySelector(`[data-spec="${CSS.escape(active)}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const choose = (spec: string) => {
    selectModel(spec);
    setPopover(null);
    focusComposer();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(moveActive(selectable, active, e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      setActive((e.key === 'Home' ? selectable[0] : selectable[selectable.length - 1])?.spec);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (active) choose(active);
    }
  };

  const activeId = active ? `model-option-${cssId(active)}` : undefined;
  const panelOption = panel ? options.find((o) => o.spec === panel) : undefined;
  const panelModel = panelOption ? presetModelId(panelOption.spec) : undefined;
  if (panelOption && panelModel) {
    return (
      <div className="popover picker-menu">
        <ModelPanel option={panelOption} modelId={panelModel} onBack={() => setPanel(undefined)} />
      </div>
    );
  }
  return (
    <div className="popover picker-menu" onKeyDown={onKeyDown}>
      <div className="picker-search">
        <SearchIcon size={14} />
        <input
          className="picker-filter"
          placeholder="Filter models"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          autoFocus
          role="combobox"
          aria-expanded="true"
          aria-controls="model-listbox"
          aria-activedescendant={activeId}
          aria-label="Filter models"
        />
        <button type="button" className="icon-btn icon-btn-sm" onClick={() => void loadModels(true)} title="Look for models again" aria-label="Refresh models" disabled={loading}>
          {loading ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon size={14} />}
        </button>
      </div>
      <div className="picker-list" id="model-listbox" role="listbox" aria-label="Models" ref={listRef}>
        {groups.map((g) => {
          // One reason for the whole group (no API key): said once under its label, not on every model.
          const first = g.items[0];
          const groupReason =
            g.items.length > 1 && first && g.items.every((o) => !o.available && o.unavailableReason === first.unavailableReason) ? first.unavailableReason : undefined;
          return (
            <div key={g.group} role="group" aria-labelledby={`model-group-${g.group}`} className="picker-group-block">
              <div className="picker-group-label" id={`model-group-${g.group}`}>
                {g.label}
              </div>
              {groupReason ? (
                <div className="picker-group-note" data-testid="picker-group-note">
                  {groupReason}
                  <AddKey group={g.group} />
                </div>
              ) : null}
              {g.items.map((o) => (
                <div
                  key={o.spec}
                  id={`model-option-${cssId(o.spec)}`}
                  data-spec={o.spec}
                  role="option"
                  aria-selected={o.spec === active}
                  aria-disabled={!o.available}
                  className={`picker-option${o.spec === active ? ' is-active' : ''}${o.spec === selected ? ' is-selected' : ''}${o.available ? '' : ' is-unavailable'}`}
                  onMouseMove={() => o.available && o.spec !== active && setActive(o.spec)}
                  onClick={() => o.available && choose(o.spec)}
                >
                  <div className="picker-option-main">
                    <span className="picker-option-label">{o.label}</span>
                    <ModelBadges option={o} />
                    {isLocalOption(o) && presetModelId(o.spec) ? (
                      <button
                        type="button"
                        className="icon-btn icon-btn-xs picker-option-gear"
                        aria-label={`Load and preset: ${o.label}`}
                        title="Load, unload and preset"
                        onClick={(e) => {
                          e.stopPropagation();
                          setPanel(o.spec);
                        }}
                      >
                        <SettingsIcon size={13} />
                      </button>
                    ) : null}
                  </div>
                  {o.available ? (
                    o.note ? <div className="picker-option-note">{o.note}</div> : null
                  ) : groupReason ? null : (
                    <div className="picker-option-note">
                      {o.unavailableReason ?? 'Not available right now'}
                      <AddKey group={o.group} />
                    </div>
                  )}
                </div>
              ))}
            </div>
          );
        })}
        {groups.length === 0 ? <p className="picker-empty">{options.length ? 'No model matches.' : loading ? 'Looking for models…' : 'No models found.'}</p> : null}
        {error ? <p className="picker-empty field-error">{error.message}</p> : null}
      </div>
      <div className="picker-foot">
        <span>
          <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to pick · <kbd>Esc</kbd> to close
        </span>
      </div>
    </div>
  );
}

/** "Add key" for a cloud group, opening Settings at that provider's key. */
function AddKey({ group }: { group: ModelOption['group'] }) {
  if (group !== 'openai' && group !== 'anthropic') return null;
  return (
    <button
      type="button"
      className="link-btn picker-add-key"
      onClick={(e) => {
        e.stopPropagation();
        openSettings('keys', group);
      }}
    >
      Add key
    </button>
  );
}

function cssId(spec: string): string {
  return spec.replace(/[^a-zA-Z0-9_-]/g, '_');
}
