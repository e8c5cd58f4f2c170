import rehypeHighlight from 'rehype-highlight';

/**
 * The code highlighter (rehype-highlight over lowlight's grammars), in a
 * module of its own: it is the largest part of the Markdown view and a first
 * paint never needs it, so it loads when the first code to highlight appears
 * (highlighting.ts).
 */

/** One highlighter for every render: building one registers every grammar again. */
const highlighter = rehypeHighlight({ detect: false });

export const sharedHighlight = () => highlighter;
