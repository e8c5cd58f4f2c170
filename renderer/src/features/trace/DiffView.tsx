import { memo, useMemo } from 'react';
import { parseUnifiedDiff } from './diffLines';

/** A unified diff with line numbers, additions and deletions coloured. */
export const DiffView = memo(function DiffView({ diff, maxHeight }: { diff: string; maxHeight?: number }) {
  const parsed = useMemo(() => parseUnifiedDiff(diff), [diff]);
  const files = parsed.lines.filter((l) => l.kind === 'file');
  const target = files.find((l) => l.text.startsWith('+++'))?.text.slice(4).replace(/^b\//, '').split('\t')[0];
  return (
    <div className="diff" role="group" aria-label="Changes">
      <div className="diff-header">
        <span className="diff-file mono">{target ?? 'Changes'}</span>
        <span className="diff-counts">
          <span className="diff-count-add">+{parsed.added}</span>
          <span className="diff-count-del">−{parsed.removed}</span>
        </span>
      </div>
      <div className="diff-body" style={maxHeight ? { maxHeight } : undefined}>
        <table className="diff-table">
          <tbody>
            {parsed.lines.map((line, i) => {
              if (line.kind === 'file') return null;
              if (line.kind === 'hunk' || line.kind === 'note')
                return (
                  <tr key={i} className={`diff-row diff-${line.kind}`}>
                    <td className="diff-num" />
                    <td className="diff-num" />
                    <td className="diff-text">{line.text}</td>
                  </tr>
                );
              return (
                <tr key={i} className={`diff-row diff-${line.kind}`}>
                  <td className="diff-num">{line.oldLine ?? ''}</td>
                  <td className="diff-num">{line.newLine ?? ''}</td>
                  <td className="diff-text">
                    <span className="diff-sign" aria-hidden="true">
                      {line.kind === 'add' ? '+' : line.kind === 'del' ? '−' : ' '}
                    </span>
                    {line.text}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
});
