import { isValidElement, useRef, type ComponentProps } from 'react';
import type { ExtraProps } from 'react-markdown';
import { CopyButton } from '../../../ui/CopyButton';

/** A fenced code block: language label, copy button, highlighted code. */
export function CodeBlock({ node: _node, children, ...rest }: ComponentProps<'pre'> & ExtraProps) {
  const ref = useRef<HTMLPreElement>(null);
  const language = languageOf(children);
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-block-lang">{language ?? 'text'}</span>
        <CopyButton getText={() => ref.current?.textContent ?? ''} label="Copy code" />
      </div>
      <pre ref={ref} {...rest}>
        {children}
      </pre>
    </div>
  );
}

function languageOf(children: unknown): string | undefined {
  if (!isValidElement<{ className?: unknown }>(children)) return undefined;
  const className = children.props.className;
  if (typeof className !== 'string') return undefined;
  return /(?:^|\s)language-([\w+#.-]+)/.exec(className)?.[1];
}
