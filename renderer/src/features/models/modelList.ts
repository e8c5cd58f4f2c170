import type { ModelGroup, ModelOption } from '../../../../shared/ipc/routes';
import { parseModelSpec } from '../../../../shared/modelSpec';

/** The picker's logic: grouping, filtering, keyboard movement and labels. */

const GROUP_ORDER: readonly ModelGroup[] = ['lmstudio', 'mlx-lm', 'llama.cpp', 'ollama', 'openai-compatible', 'openai', 'anthropic', 'test'];

export interface ModelGroupView {
  group: ModelGroup;
  label: string;
  items: ModelOption[];
}

/** Groups in a fixed order (local servers first, then cloud, then Test), each item matching every word of the filter. */
export function groupModels(options: readonly ModelOption[], filter = ''): ModelGroupView[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (o: ModelOption) => {
    if (words.length === 0) return true;
    const haystack = [o.label, o.spec, o.groupLabel, o.quantization ?? '', o.toolUse ? 'tools' : ''].join(' ').toLowerCase();
    return words.every((w) => haystack.includes(w));
  };
  const groups = new Map<ModelGroup, ModelGroupView>();
  for (const o of options) {
    if (!matches(o)) continue;
    const g = groups.get(o.group) ?? { group: o.group, label: o.groupLabel, items: [] };
    g.items.push(o);
    groups.set(o.group, g);
  }
  return [...groups.values()].sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
}

/** The options arrow keys move through, in display order: only the usable ones. */
export function selectableOptions(groups: readonly ModelGroupView[]): ModelOption[] {
  return groups.flatMap((g) => g.items.filter((o) => o.available));
}

/** The spec one step up or down from `current`, wrapping around; the first or last when nothing is active. */
export function moveActive(list: readonly ModelOption[], current: string | undefined, delta: 1 | -1): string | undefined {
  if (list.length === 0) return undefined;
  const index = current === undefined ? -1 : list.findIndex((o) => o.spec === current);
  if (index === -1) return (delta === 1 ? list[0] : list[list.length - 1])!.spec;
  return list[(index + delta + list.length) % list.length]!.spec;
}

/** "4k", "32k", "128k", "1M" context. */
export function contextLabel(tokens: number): string {
  if (tokens >= 1_000_000) return `${+(tokens / 1_048_576).toFixed(1)}M`;
  // Powers of two (32768) read as 32k like the servers say; round figures (200000) as 200k.
  if (tokens >= 1_000) return `${Math.round(tokens % 1_024 === 0 ? tokens / 1_024 : tokens / 1_000)}k`;
  return String(tokens);
}

/** A name for a spec, from the list when it has it, else from the spec itself. */
export function modelDisplayName(spec: string | undefined, options: readonly ModelOption[]): string {
  if (!spec) return 'Choose a model';
  const option = options.find((o) => o.spec === spec);
  if (option) return option.label;
  const parsed = parseModelSpec(spec);
  if (!parsed.ok) return spec;
  const s = parsed.spec;
  switch (s.provider) {
    case 'test':
      return 'Test model';
    case 'local':
      return s.model ?? 'Local model (whichever is loaded)';
    default:
      return s.model;
  }
}
