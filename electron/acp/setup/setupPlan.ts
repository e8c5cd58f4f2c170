import { isDeepStrictEqual } from 'node:util';
import { AGENT_NAME, ENTRY_PATH, agentEntry, type AgentLaunch, type Editor } from './editorConfig';
import { parseJsonc, setJsoncMember, type JsonValue } from './jsonc';

/**
 * What setting up an editor does to its config file's text: Punie's entry
 * added to `agent_servers` (or updated when it differs), everything else in
 * the file kept byte for byte. A file that does not parse is refused with
 * where it fails. Pure; editorSetup.ts reads and writes the file.
 */

export type SetupChange = 'create' | 'add' | 'update' | 'unchanged';

export type SetupPlanResult =
  | { ok: true; change: SetupChange; text: string; entry: JsonValue; previous?: JsonValue }
  | { ok: false; reason: string };

/** `existing`: the file's text, or undefined when there is no file. */
export function planSetupText(existing: string | undefined, editor: Editor, launch: AgentLaunch): SetupPlanResult {
  const entry = agentEntry(editor, launch);
  if (existing === undefined) return { ok: true, change: 'create', text: setJsoncMember('', ENTRY_PATH, entry), entry };
  const parsed = parseJsonc(existing);
  if (!parsed.ok) return { ok: false, reason: `line ${parsed.error.line}, column ${parsed.error.column}: ${parsed.error.message}` };
  const root = parsed.value;
  if (root !== null && (typeof root !== 'object' || Array.isArray(root))) return { ok: false, reason: 'it holds something other than a JSON object' };
  const servers = root?.agent_servers;
  if (servers !== undefined && (servers === null || typeof servers !== 'object' || Array.isArray(servers))) {
    return { ok: false, reason: '"agent_servers" in it is not an object' };
  }
  const previous = servers && Object.hasOwn(servers, AGENT_NAME) ? servers[AGENT_NAME] : undefined;
  if (previous !== undefined && isDeepStrictEqual(previous, entry)) return { ok: true, change: 'unchanged', text: existing, entry, previous };
  return { ok: true, change: previous === undefined ? 'add' : 'update', text: setJsoncMember(existing, ENTRY_PATH, entry), entry, ...(previous === undefined ? {} : { previous }) };
}

/** The entry as someone would paste it into the file by hand. */
export function entrySnippet(editor: Editor, launch: AgentLaunch): string {
  return setJsoncMember('', ENTRY_PATH, agentEntry(editor, launch)).trimEnd();
}
