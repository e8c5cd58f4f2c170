import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DEFAULT_QUICK_ASK_SHORTCUT } from '../../../../shared/settings';
import { patchSettings, useSettingsStore } from '../../stores/settingsStore';
import { isMac } from '../../ui/platform';
import { acceleratorFromKey, formatAccelerator } from './accelerator';

/** The quick-ask shortcut: recorded from a key press, with whether the system let Punie register it. */
export function ShortcutField() {
  const view = useSettingsStore((s) => s.view);
  const [recording, setRecording] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const mac = isMac();
  useEffect(() => {
    if (recording) button.current?.focus();
  }, [recording]);
  if (!view) return null;
  const { shortcut } = view;

  const onKeyDown = (e: KeyboardEvent) => {
    if (!recording) return;
    e.preventDefault();
    e.stopPropagation();
    if (e.key === 'Escape') {
      setRecording(false);
      return;
    }
    const accelerator = acceleratorFromKey(e, mac);
    if (!accelerator) return;
    setRecording(false);
    void patchSettings({ quickAskShortcut: accelerator });
  };

  return (
    <div className="settings-field">
      <span className="field-label" id="shortcut-label">
        Quick ask shortcut
      </span>
      <div className="shortcut-row">
        <button
          ref={button}
          type="button"
          className={`shortcut-box${recording ? ' is-recording' : ''}`}
          aria-labelledby="shortcut-label"
          aria-describedby="shortcut-status"
          onClick={() => setRecording(true)}
          onKeyDown={onKeyDown}
          onBlur={() => setRecording(false)}
        >
          {recording ? 'Press the new shortcut…' : <kbd>{formatAccelerator(view.settings.quickAskShortcut, mac)}</kbd>}
        </button>
        {view.settings.quickAskShortcut !== DEFAULT_QUICK_ASK_SHORTCUT ? (
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => void patchSettings({ quickAskShortcut: DEFAULT_QUICK_ASK_SHORTCUT })}>
            Reset
          </button>
        ) : null}
      </div>
      <p id="shortcut-status" className={shortcut.registered ? 'field-help' : 'field-error'} data-testid="shortcut-status">
        {shortcut.registered
          ? 'Active everywhere: press it in any app to ask Punie.'
          : `Not active: ${shortcut.error ?? 'the system did not accept this shortcut'}. Choose another.`}
      </p>
    </div>
  );
}
