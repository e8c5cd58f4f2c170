import { Notification } from 'electron';
import { isTerminalEvent, type AgentEvent } from '../../../shared/agentEvents';
import { permissionNotification } from '../quickAskPolicy';
import type { WindowKind } from '../services';

/**
 * A system notification when a permission request arrives and the window
 * showing its card is not focused; clicking it brings that window forward.
 * The notification is withdrawn once the request is answered or the run ends.
 */

export interface PermissionNotifier {
  observe(event: AgentEvent): void;
  dispose(): void;
}

export function createPermissionNotifier(options: {
  originOf(runId: string): WindowKind;
  isFocused(window: WindowKind): boolean;
  reveal(window: WindowKind): void;
}): PermissionNotifier {
  const shown = new Map<string, { runId: string; notification: Notification }>();

  const close = (key: string) => {
    shown.get(key)?.notification.close();
    shown.delete(key);
  };

  return {
    observe(event) {
      if (event.type === 'permission-request') {
        const window = options.originOf(event.runId);
        const content = permissionNotification({ summary: event.summary, tool: event.tool, windowFocused: options.isFocused(window) });
        if (!content || !Notification.isSupported()) return;
        const key = `${event.runId}\u0000${event.requestId}`;
        const notification = new Notification({ title: content.title, body: content.body });
        notification.on('click', () => {
          options.reveal(window);
          close(key);
        });
        shown.set(key, { runId: event.runId, notification });
        notification.show();
      } else if (event.type === 'permission-resolved') {
        close(`${event.runId}\u0000${event.requestId}`);
      } else if (isTerminalEvent(event)) {
        for (const [key, entry] of shown) if (entry.runId === event.runId) close(key);
      }
    },
    dispose() {
      for (const key of [...shown.keys()]) close(key);
    },
  };
}
