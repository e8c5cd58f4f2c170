import { memo } from 'react';
import { useDisclosure } from '../../stores/disclosureStore';
import { ChevronRightIcon, ThinkIcon } from '../../ui/icons';

/** The model's reasoning, collapsed unless asked for. */
export const Reasoning = memo(function Reasoning({ id, text, streaming }: { id: string; text: string; streaming: boolean }) {
  const [open, toggle] = useDisclosure(`reasoning:${id}`);
  const words = text.trim() ? text.trim().split(/\s+/).length : 0;
  return (
    <div className={`reasoning${open ? ' is-open' : ''}`}>
      <button type="button" className="reasoning-head" aria-expanded={open} onClick={toggle}>
        <ChevronRightIcon size={14} className="reasoning-chevron" />
        <ThinkIcon size={14} />
        <span>{streaming ? 'Thinking…' : 'Reasoning'}</span>
        <span className="reasoning-meta">{words} words</span>
      </button>
      {open ? <p className="reasoning-text">{text}</p> : null}
    </div>
  );
});
