import type { ComponentProps, MouseEvent } from 'react';
import type { ExtraProps } from 'react-markdown';
import { punie } from '../../../ipc/client';
import { toErrorData } from '../../../ipc/requestError';
import { showErrorToast } from '../../../stores/uiStore';

/** A link in an answer opens in the system browser (http and https only); anything else is shown, not followed. */
export function MarkdownLink({ node: _node, href, children, ...rest }: ComponentProps<'a'> & ExtraProps) {
  if (!href || !/^https?:\/\//i.test(href)) {
    return (
      <span className="md-link-inert" title={href}>
        {children}
      </span>
    );
  }
  const open = (e: MouseEvent) => {
    e.preventDefault();
    punie.request('app.openExternal', { url: href }).catch((err: unknown) => showErrorToast('Could not open the link', toErrorData(err)));
  };
  return (
    <a {...rest} href={href} title={href} onClick={open} rel="noreferrer noopener">
      {children}
    </a>
  );
}
