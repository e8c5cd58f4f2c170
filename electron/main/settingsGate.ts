import type { Settings, SettingsPatch } from '../../shared/settings';
import { PunieError } from '../core/errors';
import type { DialogsPort, SettingsPort } from './services';
import { wideningsOf } from './settingsReview';
import type { WorkspacePolicy } from './workspacePolicy';

/**
 * `settings.set` from a window, checked by main before it is applied: the
 * workspace and the recent list may only name folders main allows
 * (workspacePolicy.ts), and anything that widens what the agent may do
 * (settingsReview.ts) happens only after the user confirms it in a native
 * dialog, which a page cannot draw or click.
 */

export interface SettingsGate {
  apply(patch: SettingsPatch, signal: AbortSignal): Promise<Settings>;
}

export function createSettingsGate(deps: { settings: SettingsPort; dialogs: Pick<DialogsPort, 'confirm'>; workspaces: WorkspacePolicy }): SettingsGate {
  return {
    async apply(patch, signal) {
      const current = deps.settings.get();
      if (patch.workspace !== undefined) await deps.workspaces.check(patch.workspace);
      if (patch.recentWorkspaces) {
        for (const path of patch.recentWorkspaces) {
          if (!(await deps.workspaces.allows(path))) {
            throw new PunieError('permission-denied', `Punie has not been given ${path} as a workspace, so it cannot be added to the recent ones.`, {
              hint: 'Choose the folder with “Choose workspace…” instead.',
            });
          }
        }
      }
      const widenings = wideningsOf(current, patch);
      if (widenings.length > 0) {
        const confirmed = await deps.dialogs.confirm(
          {
            title: 'Allow this change?',
            message: widenings.length === 1 ? 'A settings change lets Punie do more:' : 'These settings changes let Punie do more:',
            detail: `${widenings.map((w) => `• ${w}`).join('\n')}\n\nAllow it only if you made this change yourself.`,
            confirmLabel: 'Allow',
          },
          signal,
        );
        if (!confirmed) throw new PunieError('permission-denied', 'The change was not confirmed, so it was not made.');
      }
      return deps.settings.update(patch, signal);
    },
  };
}
