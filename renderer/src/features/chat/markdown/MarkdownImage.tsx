import type { ComponentProps } from 'react';
import type { ExtraProps } from 'react-markdown';
import { MarkdownLink } from './MarkdownLink';

/** Images are not loaded (the page loads nothing from the network): shown as a labelled link instead. */
export function MarkdownImage({ node: _node, src, alt }: ComponentProps<'img'> & ExtraProps) {
  const label = `Image: ${alt || 'untitled'}`;
  return typeof src === 'string' && src ? <MarkdownLink href={src}>{label}</MarkdownLink> : <span className="md-link-inert">{label}</span>;
}
