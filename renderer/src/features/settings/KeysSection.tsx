import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ErrorData } from '../../../../shared/errors';
import type { SecretProvider, SecretsStatus } from '../../../../shared/ipc/routes';
import { loadModels } from '../../stores/modelsStore';
import { saveApiKey, useSettingsStore } from '../../stores/settingsStore';
import { useUiStore } from '../../stores/uiStore';
import { CheckIcon, KeyIcon } from '../../ui/icons';

const PROVIDERS: Array<{ id: SecretProvider; name: string; env: string; placeholder: string }> = [
  { id: 'openai', name: 'OpenAI', env: 'OPENAI_API_KEY', placeholder: 'sk-…' },
  { id: 'anthropic', name: 'Anthropic', env: 'ANTHROPIC_API_KEY', placeholder: 'sk-ant-…' },
];

/**
 * API keys, write-only: a key typed here goes straight to main and the field
 * is emptied; the page only ever learns whether a key is set and from where.
 */
export function KeysSection() {
  const secrets = useSettingsStore((s) => s.secrets);
  const focus = useUiStore((s) => s.keyProvider);
  return (
    <section className="settings-section" aria-labelledby="keys-title">
      <h3 id="keys-title" className="settings-section-title">
        API keys
      </h3>
      <p className="settings-section-lead">For cloud models. Keys are kept by the operating system’s keychain and never sent to local servers.</p>
      {secrets ? <StorageNote secrets={secrets} /> : null}
      {PROVIDERS.map((p) => (
        <KeyField key={p.id} provider={p} status={secrets?.providers[p.id]} autoFocus={focus === p.id} disabled={secrets?.storage === 'unavailable'} />
      ))}
    </section>
  );
}

function StorageNote({ secrets }: { secrets: SecretsStatus }) {
  if (secrets.storage === 'secure') return null;
  const text =
    secrets.storage === 'basic_text'
      ? 'This system has no keychain Punie can use, so keys are stored obfuscated, not encrypted.'
      : 'Keys cannot be stored on this system. Set OPENAI_API_KEY or ANTHROPIC_API_KEY in the environment instead.';
  return (
    <p className="settings-notice" role="note">
      {text}
      {secrets.storageNote ? ` ${secrets.storageNote}` : ''}
    </p>
  );
}

function KeyField({
  provider,
  status,
  autoFocus,
  disabled,
}: {
  provider: (typeof PROVIDERS)[number];
  status: SecretsStatus['providers'][SecretProvider] | undefined;
  autoFocus: boolean;
  disabled: boolean;
}) {
  // Uncontrolled on purpose: the key never enters React state or a store.
  const input = useRef<HTMLInputElement>(null);
  const [hasText, setHasText] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorData>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  const clear = () => {
    if (input.current) input.current.value = '';
    setHasText(false);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const key = input.current?.value.trim() ?? '';
    if (!key) return;
    clear();
    setBusy(true);
    setSaved(false);
    const failure = await saveApiKey(provider.id, key);
    setBusy(false);
    setError(failure);
    setSaved(!failure);
    // Cloud models become usable (or not) with the key.
    if (!failure) void loadModels();
  };

  const remove = async () => {
    setBusy(true);
    setSaved(false);
    const failure = await saveApiKey(provider.id, null);
    setBusy(false);
    setError(failure);
    if (!failure) void loadModels();
  };

  const id = `key-${provider.id}`;
  return (
    <form className="key-field" onSubmit={submit} autoComplete="off" data-provider={provider.id}>
      <div className="key-field-head">
        <KeyIcon size={14} />
        <label htmlFor={id} className="field-label">
          {provider.name}
        </label>
        <KeyState status={status} env={provider.env} />
      </div>
      <div className="key-field-row">
        <input
          id={id}
          ref={input}
          className="input mono"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={status?.set ? 'Enter a new key to replace it' : provider.placeholder}
          onInput={(e) => {
            setHasText(e.currentTarget.value.trim().length > 0);
            setSaved(false);
          }}
          disabled={disabled || busy}
          aria-describedby={`${id}-help`}
        />
        <button type="submit" className="btn btn-primary" disabled={!hasText || busy || disabled}>
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          Save
        </button>
        {status?.source === 'stored' ? (
          <button type="button" className="btn btn-danger" onClick={() => void remove()} disabled={busy}>
            Remove
          </button>
        ) : null}
      </div>
      <p id={`${id}-help`} className={error ? 'field-error' : 'field-help'}>
        {error
          ? `${error.message}${error.hint ? ` ${error.hint}` : ''}`
          : saved
            ? 'Saved. The field is cleared: Punie never shows a key again.'
            : status?.source === 'env'
              ? `${provider.env} is set in the environment; it is used instead of a stored key.`
              : 'Paste a key and press Save.'}
      </p>
    </form>
  );
}

function KeyState({ status, env }: { status: SecretsStatus['providers'][SecretProvider] | undefined; env: string }) {
  if (!status) return null;
  if (!status.set) return <span className="badge">Not set</span>;
  return (
    <span className="badge badge-success" data-testid="key-state">
      <CheckIcon size={10} />
      {status.source === 'env' ? `Set from ${env}` : 'Set'}
    </span>
  );
}
