import { readFile, stat } from 'node:fs/promises';
import { modelPresetsSchema, type ModelPresets } from '../../shared/modelPreset';

/**
 * The model presets the user set in the app (Settings, from the model
 * picker), read from the app's settings file so `punie ask` samples a model
 * the way the app does; the command line's flags go over them. Read only:
 * the CLI never writes or moves the app's file. A missing file means no
 * presets; an unreadable one is said in one line and ignored.
 */

export interface AppPresets {
  presets?: ModelPresets;
  /** Why the presets could not be used, for one line on stderr. */
  notice?: string;
}

/** Larger than any real settings file. */
const MAX_BYTES = 1024 * 1024;

export async function loadAppPresets(path: string, signal: AbortSignal): Promise<AppPresets> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_BYTES) return { notice: `${path} is not a settings file Punie can read; your model presets are not used.` };
    text = await readFile(path, { encoding: 'utf8', signal });
  } catch (e) {
    const code = e && typeof e === 'object' && 'code' in e ? String(e.code) : '';
    if (code === 'ENOENT' || code === 'ENOTDIR') return {};
    if (signal.aborted) throw e;
    return { notice: `Punie could not read ${path} (${code || 'read error'}); your model presets are not used.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { notice: `${path} is not valid JSON; your model presets are not used.` };
  }
  const raw = json && typeof json === 'object' ? (json as Record<string, unknown>).modelPresets : undefined;
  if (raw === undefined) return {};
  const parsed = modelPresetsSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { notice: `The model presets in ${path} do not match the expected format${first ? ` (${first.path.join('.')})` : ''}; they are not used.` };
  }
  return { presets: parsed.data };
}
