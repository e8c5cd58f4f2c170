import { memo } from 'react';
import { sendWithSelection } from '../../app/actions';
import type { BranchInfo } from './branchPath';
import { ToolCard } from '../trace/ToolCard';
import { MarkdownView } from './markdown/MarkdownView';
import { InstructionsNote } from './InstructionsNote';
import { Reasoning } from './Reasoning';
import { RunFooter } from './RunFooter';
import type { RunView } from '../../../../shared/runView';
import { UserMessage } from './UserMessage';

/** One prompt and everything the agent did for it, in order. */
export const RunItem = memo(function RunItem({
  run,
  scope = 'chat',
  branch,
  editable = false,
}: {
  run: RunView;
  scope?: string;
  /** Where it sits among the runs beside it (edited or regenerated), for the `‹ 1/2 ›` switcher. */
  branch?: BranchInfo | undefined;
  /** The main window with no run going: the prompt can be edited and sent again, the answer regenerated. */
  editable?: boolean;
}) {
  const running = run.status === 'running';
  const last = run.parts[run.parts.length - 1];
  const waiting = running && (!last || (last.kind === 'tool' && run.tools[last.callId]?.status === 'done'));
  return (
    <article className="run" data-run-id={run.runId} data-status={run.status} aria-busy={running}>
      {run.prompt ? (
        <UserMessage
          text={run.prompt}
          branch={branch}
          {...(editable ? { onResend: (text: string) => sendWithSelection(text, run.parentRunId ?? null) } : {})}
        />
      ) : null}
      <div className="assistant">
        {run.instructions?.length ? <InstructionsNote conversationId={run.conversationId} files={run.instructions} /> : null}
        {run.parts.map((part, i) => {
          const isLast = i === run.parts.length - 1;
          switch (part.kind) {
            case 'text':
              return <MarkdownView key={part.key} text={part.text} streaming={running && isLast} />;
            case 'reasoning':
              return <Reasoning key={part.key} id={`${run.runId}:${part.key}`} text={part.text} streaming={running && isLast} />;
            case 'tool': {
              const call = run.tools[part.callId];
              return call ? <ToolCard key={part.key} call={call} scope={scope} /> : null;
            }
            case 'notice':
              return (
                <p key={part.key} className="run-notice" role="note">
                  {part.text}
                </p>
              );
          }
        })}
        {waiting ? <Working /> : null}
        <RunFooter run={run} {...(editable && run.prompt ? { onRegenerate: () => void sendWithSelection(run.prompt, run.parentRunId ?? null) } : {})} />
      </div>
    </article>
  );
});

function Working() {
  return (
    <div className="working" role="status" aria-label="Working">
      <span className="working-dot" />
      <span className="working-dot" />
      <span className="working-dot" />
    </div>
  );
}
