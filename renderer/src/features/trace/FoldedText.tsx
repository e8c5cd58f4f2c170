import { useState } from 'react';
import { foldText } from './toolSummary';

/** Long output shows its first lines; the rest is one click away. */
export function FoldedText({ text, maxLines = 20, className }: { text: string; maxLines?: number; className?: string }) {
  const [all, setAll] = useState(false);
  const folded = foldText(text, maxLines);
  const shown = all ? text : folded.shown;
  return (
    <div className={`folded ${className ?? ''}`}>
      <pre className="output">{shown || ' '}</pre>
      {folded.folded ? (
        <button type="button" className="btn btn-ghost btn-sm folded-toggle" onClick={() => setAll(!all)}>
          {all ? 'Show less' : folded.hiddenLines > 0 ? `Show ${folded.hiddenLines} more lines` : 'Show all'}
        </button>
      ) : null}
    </div>
  );
}
