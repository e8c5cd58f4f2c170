import { describe, expect, it } from 'vitest';
import type { ServersStatus } from '../../shared/serverStatus';
import { trayModel, type TrayMenuItem } from './trayModel';

const LMS = 'http://127.0.0.1:1234/v1';
const MLX = 'http://127.0.0.1:8080/v1';

const ready: ServersStatus = {
  overall: 'ready',
  endpoints: [
    {
      url: LMS,
      kind: 'lmstudio',
      state: 'online',
      checkedAt: 1,
      models: [
        { id: 'qwen/qwen3-8b', loaded: true, type: 'llm' },
        { id: 'llama-3.2-3b', loaded: false, loadsOnDemand: true, type: 'llm' },
        { id: 'nomic-embed', loaded: true, type: 'embeddings' },
      ],
    },
    { url: MLX, state: 'offline', models: [], checkedAt: 1 },
  ],
  active: { url: LMS, kind: 'lmstudio', model: 'qwen/qwen3-8b' },
  checkedAt: 1,
};

const noModel: ServersStatus = {
  overall: 'no-model',
  endpoints: [
    { url: LMS, kind: 'lmstudio', state: 'online', checkedAt: 1, models: [] },
    { url: MLX, state: 'error', models: [], checkedAt: 1, lastError: { code: 'server-error', message: 'HTTP 500' } },
  ],
  checkedAt: 1,
};

const offline: ServersStatus = {
  overall: 'offline',
  endpoints: [
    { url: LMS, state: 'offline', models: [], checkedAt: 1 },
    { url: MLX, state: 'offline', models: [], checkedAt: 1 },
  ],
  checkedAt: 1,
};

const labels = (items: TrayMenuItem[]) => items.map((i) => (i.kind === 'separator' ? '---' : i.label));
const submenu = (items: TrayMenuItem[]) => {
  const s = items.find((i) => i.kind === 'submenu');
  if (s?.kind !== 'submenu') throw new Error('no model submenu');
  return s;
};

describe('tray model', () => {
  it('ready: the ready icon, a tooltip naming the server and model, the servers and the models', () => {
    const m = trayModel({ status: ready, currentModel: 'local:', platform: 'linux', quickAskAccelerator: 'CommandOrControl+Shift+Space' });
    expect(m.state).toBe('ready');
    expect(m.iconFile).toBe('tray-ready.png');
    expect(m.tooltip).toBe('Punie — qwen/qwen3-8b on LM Studio');
    expect(labels(m.menu)).toEqual([
      'Quick Ask',
      'Open Punie',
      '---',
      'Servers',
      'LM Studio · 127.0.0.1:1234 — qwen/qwen3-8b ready',
      'Local server · 127.0.0.1:8080 — not running',
      'Model: Automatic — qwen/qwen3-8b',
      'Refresh',
      '---',
      'Settings',
      'Quit Punie',
    ]);
    expect(m.menu[0]).toMatchObject({ kind: 'action', action: { type: 'quick-ask' }, accelerator: 'CommandOrControl+Shift+Space' });
    const models = submenu(m.menu).items;
    expect(models.map((i) => i.kind === 'radio' && [i.label, i.checked])).toEqual([
      ['Automatic — qwen/qwen3-8b', true],
      ['qwen/qwen3-8b (LM Studio)', false],
      ['llama-3.2-3b (LM Studio)', false],
      ['Test model (no network)', false],
    ]);
    expect(models[1]).toMatchObject({ action: { type: 'use-model', spec: `local:${LMS}/qwen/qwen3-8b` } });
  });

  it('no model: the no-model icon and a tooltip saying the server has no model loaded', () => {
    const m = trayModel({ status: noModel, currentModel: 'test', platform: 'win32' });
    expect(m.state).toBe('no-model');
    expect(m.iconFile).toBe('tray-no-model.png');
    expect(m.tooltip).toBe('Punie — LM Studio is running, no model loaded');
    expect(labels(m.menu)).toContain('LM Studio · 127.0.0.1:1234 — no model loaded');
    expect(labels(m.menu)).toContain('Local server · 127.0.0.1:8080 — error: HTTP 500');
    expect(submenu(m.menu).label).toBe('Model: Test model (no network)');
    expect(submenu(m.menu).items.filter((i) => i.kind === 'radio' && i.checked)).toHaveLength(1);
  });

  it('a model that loads on the first message (mlx-lm from a repo id) is not called "no model loaded"', () => {
    const mlx: ServersStatus = {
      overall: 'ready',
      endpoints: [
        {
          url: MLX,
          kind: 'mlx-lm',
          state: 'online',
          checkedAt: 1,
          models: [{ id: 'mlx-community/Qwen2.5-7B-Instruct-4bit', loaded: false, loadsOnDemand: true, type: 'llm' }],
        },
      ],
      active: { url: MLX, kind: 'mlx-lm', model: 'mlx-community/Qwen2.5-7B-Instruct-4bit' },
      checkedAt: 1,
    };
    const m = trayModel({ status: mlx, currentModel: 'local:', platform: 'linux' });
    expect(labels(m.menu)).toContain('mlx-lm.server · 127.0.0.1:8080 — mlx-community/Qwen2.5-7B-Instruct-4bit loads on first message');
    expect(labels(m.menu).some((l) => l.includes('no model loaded'))).toBe(false);
  });

  it('offline: the offline icon, and template images on macOS', () => {
    const m = trayModel({ status: offline, currentModel: 'openai:gpt-4.1', platform: 'darwin' });
    expect(m.state).toBe('offline');
    expect(m.iconFile).toBe('tray-offlineTemplate.png');
    expect(m.tooltip).toBe('Punie — no local model server running');
    expect(labels(m.menu)).toContain('Settings…');
    expect(submenu(m.menu).items[0]).toMatchObject({ label: 'openai:gpt-4.1', checked: true });
    expect(m.menu[0]).not.toHaveProperty('accelerator');
  });

  it('before the first probe it says it is looking', () => {
    const m = trayModel({ status: undefined, currentModel: 'local:', platform: 'linux' });
    expect(m.state).toBe('offline');
    expect(m.tooltip).toBe('Punie — looking for local model servers…');
    expect(labels(m.menu)).toContain('Looking for local servers…');
  });

  it('keeps the tooltip within what Windows shows', () => {
    const long: ServersStatus = { ...ready, active: { url: LMS, kind: 'lmstudio', model: 'x'.repeat(300) } };
    expect(trayModel({ status: long, currentModel: 'local:', platform: 'win32' }).tooltip.length).toBeLessThanOrEqual(127);
  });

  it('puts Restart to Update first once an update is downloaded, as a note while a run is going', () => {
    const ready = trayModel({ status: undefined, currentModel: 'local:', platform: 'linux', update: { label: 'Restart to Update', enabled: true } });
    expect(ready.menu[0]).toEqual({ kind: 'action', label: 'Restart to Update', action: { type: 'restart-to-update' } });
    const busy = trayModel({ status: undefined, currentModel: 'local:', platform: 'linux', update: { label: 'Restart to Update (after the run)', enabled: false } });
    expect(busy.menu[0]).toEqual({ kind: 'info', label: 'Restart to Update (after the run)' });
    expect(trayModel({ status: undefined, currentModel: 'local:', platform: 'linux' }).menu[0]).toMatchObject({ label: 'Quick Ask' });
  });
});
