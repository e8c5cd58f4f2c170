import { describe, expect, it } from 'vitest';
import { COMMANDS, findCommand } from './registry';

describe('command registry', () => {
  it('names and summarises each command as the command itself does', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
      expect(command.help).toMatch(new RegExp(`punie ${entry.name}`));
    }
  });

  it('finds a command by name, and nothing else', () => {
    expect(findCommand('ask')?.name).toBe('ask');
    expect(findCommand('nope')).toBeUndefined();
  });
});
