import { useEffect, useRef, useState } from 'react';
import { CheckIcon, CopyIcon } from './icons';

/** Copies text to the clipboard and says so for a moment. */
export function CopyButton({ getText, label = 'Copy', showLabel = false }: { getText: () => string; label?: string; showLabel?: boolean }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(getText());
      setState('copied');
    } catch {
      setState('failed');
    }
    timer.current = setTimeout(() => setState('idle'), 1_500);
  };

  const text = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label;
  return (
    <button type="button" className={showLabel ? 'btn btn-ghost btn-sm copy-btn' : 'icon-btn icon-btn-sm copy-btn'} onClick={copy} title={text} aria-label={text}>
      {state === 'copied' ? <CheckIcon size={14} /> : <CopyIcon size={14} />}
      {showLabel ? <span>{text}</span> : null}
      <span className="sr-only" aria-live="polite">
        {state === 'idle' ? '' : text}
      </span>
    </button>
  );
}
