import { INSTRUCTION_FILES } from '../../../shared/instructionFiles';
import { openForRead } from '../tools/confinedFs';
import { looksBinary } from '../tools/textFile';
import type { WorkspaceGuard } from '../tools/workspaceGuard';
import { createLogger } from '../log';

/**
 * The project's own instructions for agents, from the workspace root:
 * `AGENTS.md`, or when there is none `CLAUDE.md` and `.punie/instructions.md`.
 * Read through the workspace guard at the moment of use (a file that is a
 * link out of the workspace is skipped, never followed), text only, and cut
 * to a cap so one large file cannot crowd out the conversation. They go into
 * the system prompt, so they count against the context budget there.
 */

const log = createLogger('agent');


/** The most characters of instructions a run takes, whatever the model's context. */
export const MAX_INSTRUCTION_CHARS = 16_000;

export interface ProjectInstructions {
  /** The files used, relative to the workspace, in order. */
  files: string[];
  /** Each file's text under its name, cut to the cap. */
  text: string;
  /** Some text was left out to stay under the cap. */
  truncated: boolean;
}

export async function readProjectInstructions(guard: WorkspaceGuard, signal: AbortSignal, maxChars = MAX_INSTRUCTION_CHARS): Promise<ProjectInstructions | undefined> {
  const found: { file: string; text: string }[] = [];
  for (const file of INSTRUCTION_FILES) {
    signal.throwIfAborted();
    if (file !== 'AGENTS.md' && found[0]?.file === 'AGENTS.md') break;
    const text = await readOne(guard, file, maxChars);
    if (text !== undefined && text.trim() !== '') found.push({ file, text: text.trim() });
  }
  if (found.length === 0) return undefined;
  let room = maxChars;
  let truncated = false;
  const parts: string[] = [];
  for (const { file, text } of found) {
    const kept = text.length > room ? text.slice(0, room) : text;
    if (kept.length < text.length) truncated = true;
    room -= kept.length;
    parts.push(found.length > 1 ? `From ${file}:\n${kept}` : kept);
    if (room <= 0) break;
  }
  if (truncated) parts.push(`[… cut: the project instructions are longer than ${maxChars} characters …]`);
  return { files: found.map((f) => f.file), text: parts.join('\n\n'), truncated };
}

/** One file's text (at most `maxChars` characters' worth of bytes), or undefined when it is absent, not text, or leads outside. */
async function readOne(guard: WorkspaceGuard, file: string, maxChars: number): Promise<string | undefined> {
  try {
    const target = await guard.resolve(file);
    if (!target.exists) return undefined;
    const handle = await openForRead(guard, target.abs, target.rel);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return undefined;
      // UTF-8 needs at most 4 bytes a character; a cut mid-character decodes as one replacement mark.
      const want = Math.min(info.size, maxChars * 4);
      const buffer = new Uint8Array(want);
      const { bytesRead } = await handle.read(buffer, 0, want, 0);
      const data = buffer.subarray(0, bytesRead);
      if (looksBinary(data)) return undefined;
      return new TextDecoder('utf-8', { ignoreBOM: false }).decode(data);
    } finally {
      await handle.close();
    }
  } catch (e) {
    log.warn('project instructions skipped', { file, error: e instanceof Error ? e.message : String(e) });
    return undefined;
  }
}
