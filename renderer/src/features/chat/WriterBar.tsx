import { useChatStore } from '../../stores/chatStore';
import { AlertIcon } from '../../ui/icons';

const FACES: Record<string, string> = { cli: 'punie in a terminal', acp: 'punie acp in an editor', app: 'another Punie app' };

/**
 * Above the composer while another Punie process writes the open
 * conversation (one writer per conversation): it is read-only here, and
 * becomes writable by itself once that process is done.
 */
export function WriterBar() {
  const writer = useChatStore((s) => s.writtenElsewhere);
  if (!writer) return null;
  const who = `${FACES[writer.face] ?? 'another Punie process'}, pid ${writer.pid}`;
  return (
    <div className="writer-bar" role="status" aria-label="Conversation in use">
      <AlertIcon size={14} />
      <span>
        This conversation is being written by another Punie process ({who}). It is read-only here until that one finishes; then it opens for writing
        by itself.
      </span>
    </div>
  );
}
