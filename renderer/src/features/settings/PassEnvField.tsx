import { useEffect, useState } from 'react';
import { envNameSchema } from '../../../../shared/settings';
import { patchSettings, useSettingsStore } from '../../stores/settingsStore';

/** Splits "GITHUB_TOKEN, NPM_TOKEN" into names; the first invalid one, if any. */
export function parseEnvNames(text: string): { names: string[]; invalid?: string } {
  const names = [...new Set(text.split(/[,\s]+/).filter(Boolean))];
  const invalid = names.find((n) => !envNameSchema.safeParse(n).success);
  return invalid === undefined ? { names } : { names, invalid };
}

/** The variables commands and MCP servers get although their names look like secrets. */
export function PassEnvField() {
  const saved = useSettingsStore((s) => s.view?.settings.passEnv);
  const [draft, setDraft] = useState((saved ?? []).join(', '));
  useEffect(() => setDraft((saved ?? []).join(', ')), [saved]);
  if (!saved) return null;
  const parsed = parseEnvNames(draft);
  const save = () => {
    if (parsed.invalid !== undefined || parsed.names.join(',') === saved.join(',')) return;
    // Main asks the user to confirm a new name in its own dialog; declined, the field shows what is saved.
    void patchSettings({ passEnv: parsed.names }).then((saved_) => {
      if (!saved_) setDraft(saved.join(', '));
    });
  };
  return (
    <div className="settings-field">
      <label className="field-label" htmlFor="pass-env">
        Variables passed to commands
      </label>
      <input
        id="pass-env"
        className="input mono"
        placeholder="GITHUB_TOKEN, NPM_TOKEN"
        spellCheck={false}
        value={draft}
        aria-invalid={parsed.invalid !== undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter') save();
        }}
      />
      {parsed.invalid === undefined ? (
        <p className="field-help">
          Commands never get Punie’s keys or variables that look like secrets (names with TOKEN, SECRET, PASSWORD, API_KEY…). Name any they need here.
        </p>
      ) : (
        <p className="field-error">“{parsed.invalid}” is not a variable name (letters, digits and _).</p>
      )}
    </div>
  );
}
