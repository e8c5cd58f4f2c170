import { INSTRUCTION_FILES, type InstructionFile } from '../../../../shared/instructionFiles';
import { punie } from '../../ipc/client';
import { toErrorData } from '../../ipc/requestError';
import { showErrorToast, showToast } from '../../stores/uiStore';

/** "Using AGENTS.md": the project instructions a run's system prompt took, each a link that opens the file. */
export function InstructionsNote({ conversationId, files }: { conversationId: string; files: readonly string[] }) {
  const known = files.filter((f): f is InstructionFile => (INSTRUCTION_FILES as readonly string[]).includes(f));
  if (known.length === 0) return null;
  const open = async (file: InstructionFile) => {
    try {
      const { opened } = await punie.request('workspace.openInstructions', { conversationId, file });
      if (!opened) showToast({ level: 'info', message: `${file} is no longer in this conversation’s folder.` });
    } catch (e) {
      showErrorToast(`Could not open ${file}`, toErrorData(e));
    }
  };
  return (
    <p className="run-instructions" role="note">
      Using{' '}
      {known.map((file, i) => (
        <span key={file}>
          {i > 0 ? ', ' : null}
          <button type="button" className="link-btn" onClick={() => void open(file)} title={`Open ${file}`}>
            {file}
          </button>
        </span>
      ))}
    </p>
  );
}
