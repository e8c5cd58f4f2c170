import { join } from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuItem, TrayModel } from '../trayModel';

/**
 * The tray icon, driven by a TrayModel (trayModel.ts decides everything;
 * this only renders it). Icons come from the tray icon folder: template
 * images on macOS, coloured ones elsewhere.
 */

export function trayMenuTemplate(items: TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'info':
        return { label: item.label, enabled: false };
      case 'submenu':
        return { label: item.label, submenu: trayMenuTemplate(item.items, onAction) };
      case 'radio':
        return { label: item.label, type: 'radio', checked: item.checked, click: () => onAction(item.action) };
      case 'action':
        return item.accelerator === undefined
          ? { label: item.label, click: () => onAction(item.action) }
          : { label: item.label, accelerator: item.accelerator, registerAccelerator: false, click: () => onAction(item.action) };
    }
  });
}

export interface TrayController {
  update(model: TrayModel): void;
  destroy(): void;
}

export function createTrayController(options: { iconDir: string; platform: string; initialIcon: string; onAction: (action: TrayAction) => void }): TrayController {
  const image = (file: string) => {
    const img = nativeImage.createFromPath(join(options.iconDir, file));
    if (options.platform === 'darwin') img.setTemplateImage(true);
    return img;
  };
  const tray = new Tray(image(options.initialIcon));
  let icon = options.initialIcon;
  // Windows: a click on the icon opens the app (the menu is on right-click).
  if (options.platform === 'win32') tray.on('click', () => options.onAction({ type: 'open-main' }));

  return {
    update(model) {
      if (tray.isDestroyed()) return;
      if (model.iconFile !== icon) {
        icon = model.iconFile;
        tray.setImage(image(icon));
      }
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(model.menu, options.onAction)));
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
