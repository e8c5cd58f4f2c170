import { parseModelSpec, type ParsedModelSpec } from '../../../shared/modelSpec';
import { PunieError } from '../errors';

/**
 * A face's model spec text, parsed where it enters: the parsed value is what
 * travels on (agent service, model factory). Throws `invalid-spec` with the
 * valid forms.
 */
export function checkedModelSpec(text: string): ParsedModelSpec {
  const parsed = parseModelSpec(text);
  if (!parsed.ok) throw new PunieError('invalid-spec', parsed.error.message);
  return { text: text.trim(), spec: parsed.spec };
}
