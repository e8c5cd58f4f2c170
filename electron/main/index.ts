// Placeholder until the Electron shell lands (issue 5): one secure window.
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';

app.whenReady().then(() => {
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    title: 'Punie',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  void win.loadFile(join(import.meta.dirname, '../renderer/index.html'));
});

app.on('window-all-closed', () => app.quit());
