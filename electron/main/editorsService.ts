import type { EditorId, EditorSetupView } from '../../shared/editorSetup';
import { isPunieError } from '../core/errors';
import { EDITORS, EDITOR_NAMES, configPath, type AgentLaunch, type Place } from '../acp/setup/editorConfig';
import { setupEditor } from '../acp/setup/editorSetup';
import { entrySnippet } from '../acp/setup/setupPlan';
import type { EditorsPort } from './services';

/**
 * "Use Punie in your editor" in main: what setting up Zed or a JetBrains IDE
 * would change, and the change itself, through the same code as `punie acp
 * setup`. Main decides the command the editor runs (the app's own binary);
 * the renderer only names the editor.
 */
export function createEditorsService(options: { launch: () => AgentLaunch; place: Place }): EditorsPort {
  const view = (editor: EditorId, report: Awaited<ReturnType<typeof setupEditor>>): EditorSetupView => ({
    editor,
    name: EDITOR_NAMES[editor],
    path: report.path,
    change: report.change,
    snippet: report.snippet,
    ...(report.backup ? { backup: report.backup } : {}),
    written: report.written,
  });

  return {
    async preview() {
      return Promise.all(
        EDITORS.map(async (editor): Promise<EditorSetupView> => {
          const launch = options.launch();
          try {
            return view(editor, await setupEditor(editor, launch, options.place, { write: false }));
          } catch (e) {
            if (!isPunieError(e)) throw e;
            return { editor, name: EDITOR_NAMES[editor], path: configPath(editor, options.place), snippet: entrySnippet(editor, launch), problem: e.message };
          }
        }),
      );
    },
    async setup(editor) {
      return view(editor, await setupEditor(editor, options.launch(), options.place, { write: true }));
    },
  };
}
