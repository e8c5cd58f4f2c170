import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_QUICK_ASK_SHORTCUT } from '../../shared/settings';
import { createMemoryRegistrar } from '../../test/support/main/shellPorts';
import { acceleratorProblem, createQuickAskShortcut, followShortcutSetting } from './quickAskShortcut';

describe('accelerators', () => {
  it.each(['CommandOrControl+Shift+Space', 'Alt+P', 'Ctrl+Shift+K', 'F8', 'CmdOrCtrl+Plus', 'Ctrl++', 'Super+/'])('accepts %s', (a) => {
    expect(acceleratorProblem(a)).toBeUndefined();
  });
  it.each(['', 'Space', 'P', 'Shift+', 'Hyper+P', 'Ctrl+Shift', 'Ctrl+Spacebar'])('refuses %j', (a) => {
    expect(acceleratorProblem(a)).toEqual(expect.any(String));
  });
});

describe('quick-ask shortcut', () => {
  it('registers the shortcut and fires on it', () => {
    const registrar = createMemoryRegistrar();
    const onTrigger = vi.fn();
    const shortcut = createQuickAskShortcut({ registrar, onTrigger });
    expect(shortcut.apply(DEFAULT_QUICK_ASK_SHORTCUT)).toEqual({ accelerator: DEFAULT_QUICK_ASK_SHORTCUT, registered: true });
    registrar.registered.get(DEFAULT_QUICK_ASK_SHORTCUT)?.();
    expect(onTrigger).toHaveBeenCalledOnce();
  });

  it('re-registers when the setting changes, releasing the old one', () => {
    const registrar = createMemoryRegistrar();
    let settings = { quickAskShortcut: 'Alt+Space' };
    const listeners: ((s: typeof settings) => void)[] = [];
    const shortcut = createQuickAskShortcut({ registrar, onTrigger: () => {} });
    const seen = vi.fn();
    shortcut.subscribe(seen);
    followShortcutSetting(shortcut, { get: () => settings, subscribe: (l) => (listeners.push(l), () => {}) });
    expect([...registrar.registered.keys()]).toEqual(['Alt+Space']);
    settings = { quickAskShortcut: 'Ctrl+Alt+K' };
    for (const l of listeners) l(settings);
    expect([...registrar.registered.keys()]).toEqual(['Ctrl+Alt+K']);
    expect(shortcut.status()).toEqual({ accelerator: 'Ctrl+Alt+K', registered: true });
    // An unrelated settings change does not touch the registration.
    for (const l of listeners) l(settings);
    expect(seen).toHaveBeenCalledTimes(2);
  });

  it('reports a shortcut taken by another app instead of failing silently', () => {
    const registrar = createMemoryRegistrar(['Alt+Space']);
    const shortcut = createQuickAskShortcut({ registrar, onTrigger: () => {} });
    const status = shortcut.apply('Alt+Space');
    expect(status.registered).toBe(false);
    expect(status.error).toMatch(/already used by another app/);
    expect(registrar.registered.size).toBe(0);
  });

  it('reports an invalid shortcut, also when the registrar throws', () => {
    const shortcut = createQuickAskShortcut({ registrar: createMemoryRegistrar(), onTrigger: () => {} });
    expect(shortcut.apply('Ctrl+Nope')).toMatchObject({ registered: false, error: expect.stringMatching(/not a valid shortcut/) });
    const throwing = createQuickAskShortcut({
      registrar: { register: () => { throw new Error('conversion failure'); }, unregister: () => {} },
      onTrigger: () => {},
    });
    expect(throwing.apply('Ctrl+K')).toMatchObject({ registered: false, error: expect.stringMatching(/not a valid shortcut/) });
  });

  it('turns off with an empty accelerator and unregisters on dispose', () => {
    const registrar = createMemoryRegistrar();
    const shortcut = createQuickAskShortcut({ registrar, onTrigger: () => {} });
    shortcut.apply('Alt+K');
    expect(shortcut.apply('')).toMatchObject({ registered: false });
    expect(registrar.registered.size).toBe(0);
    shortcut.apply('Alt+K');
    shortcut.dispose();
    expect(registrar.registered.size).toBe(0);
  });
});
