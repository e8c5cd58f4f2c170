/**
 * Where a model's context length comes from. The budget (what is sent, what
 * is left out) uses the context a model really has, so each figure says how
 * it is known:
 *
 * - `loaded`: the server has the model loaded with this context;
 * - `load-default`: not loaded; the server loads it with this unless told
 *   otherwise (LM Studio's default, llama-server's `--ctx-size`, Ollama's);
 * - `preset`: the user's preset for the model: Punie loads it with this
 *   (LM Studio), or the server reports none and the preset says it (mlx-lm);
 * - `assumed`: the server reports none and there is no preset: a stated default;
 * - `maximum`: only the model's maximum is known (an older server that does
 *   not say what it loaded).
 */
export const CONTEXT_SOURCES = ['loaded', 'load-default', 'preset', 'assumed', 'maximum'] as const;
export type ContextSource = (typeof CONTEXT_SOURCES)[number];

/** Words for a context figure's source, after the figure ("32,768 tokens — loaded"). */
export function contextSourceLabel(source: ContextSource, serverLabel?: string): string {
  const server = serverLabel ?? 'the server';
  switch (source) {
    case 'loaded':
      return 'loaded';
    case 'load-default':
      return `${server}'s default when it loads`;
    case 'preset':
      return 'your preset';
    case 'assumed':
      return `assumed: ${server} reports none`;
    case 'maximum':
      return "the model's maximum (the server does not say what it loaded)";
  }
}

/** Short words for a badge or a table cell. */
export function contextSourceShort(source: ContextSource): string {
  switch (source) {
    case 'loaded':
      return 'loaded';
    case 'load-default':
      return 'default';
    case 'preset':
      return 'preset';
    case 'assumed':
      return 'assumed';
    case 'maximum':
      return 'max';
  }
}
