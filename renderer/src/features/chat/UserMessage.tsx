import { memo, useState } from 'react';

const CLAMP_LINES = 12;

/** The user's prompt as written (not Markdown), long prompts clamped. */
export const UserMessage = memo(function UserMessage({ text }: { text: string }) {
  const long = text.split('\n').length > CLAMP_LINES || text.length > 1_200;
  const [expanded, setExpanded] = useState(false);
  return (
    <div className="user-row">
      <div className={`user-message${long && !expanded ? ' is-clamped' : ''}`}>
        <p className="user-text">{text}</p>
        {long ? (
          <button type="button" className="link-btn user-more" onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Show less' : 'Show all'}
          </button>
        ) : null}
      </div>
    </div>
  );
});
