import { DEFAULT_ANTHROPIC_MODEL } from '../../../shared/modelSpec';

/**
 * The cloud models the picker offers: a short curated list per provider.
 * Any other id still works as a spec (`openai:<id>`, `anthropic:<id>`).
 */
export interface CloudModel {
  id: string;
  label: string;
  contextLength: number;
}

export const OPENAI_MODELS: readonly CloudModel[] = [
  { id: 'gpt-5', label: 'GPT-5', contextLength: 400_000 },
  { id: 'gpt-5-mini', label: 'GPT-5 mini', contextLength: 400_000 },
  { id: 'gpt-4.1', label: 'GPT-4.1', contextLength: 1_047_576 },
  { id: 'gpt-4.1-mini', label: 'GPT-4.1 mini', contextLength: 1_047_576 },
];

export const ANTHROPIC_MODELS: readonly CloudModel[] = [
  { id: DEFAULT_ANTHROPIC_MODEL, label: 'Claude Sonnet 4.6', contextLength: 200_000 },
  { id: 'claude-opus-4-1', label: 'Claude Opus 4.1', contextLength: 200_000 },
  { id: 'claude-haiku-4-5', label: 'Claude Haiku 4.5', contextLength: 200_000 },
];
