import { describe, expect, it } from 'vitest';
import { createWorkspacePolicy } from './workspacePolicy';

const settingsWith = (s: { workspace?: string; recentWorkspaces?: string[] }) => () => ({ recentWorkspaces: [], ...s });

describe('workspace policy', () => {
  it('allows the current workspace and the recent ones, exactly', async () => {
    const policy = createWorkspacePolicy({ settings: settingsWith({ workspace: '/home/u/app', recentWorkspaces: ['/home/u/lib'] }) });
    expect(await policy.allows('/home/u/app')).toBe(true);
    expect(await policy.allows('/home/u/lib/')).toBe(true);
    expect(await policy.allows('/home/u/app/../lib')).toBe(true);
    for (const forged of ['/', '/home/u', '/home/u/app/sub', '/home/u/app/..', '/home/u/application', '/home/u/app/../../..']) {
      expect(await policy.allows(forged), forged).toBe(false);
    }
  });

  it('allows a folder picked in the native dialog this session, even once it left the recent list', async () => {
    const policy = createWorkspacePolicy({ settings: settingsWith({}) });
    expect(await policy.allows('/srv/picked')).toBe(false);
    policy.notePicked('/srv/picked');
    expect(await policy.allows('/srv/picked')).toBe(true);
  });

  it("allows a conversation's recorded workspace for that conversation, asking only when nothing else allows it", async () => {
    const policy = createWorkspacePolicy({ settings: settingsWith({ workspace: '/a' }) });
    let asked = 0;
    const context = { conversationWorkspace: async () => (asked++, '/old/project') };
    expect(await policy.allows('/a', context)).toBe(true);
    expect(asked).toBe(0);
    expect(await policy.allows('/old/project', context)).toBe(true);
    expect(await policy.allows('/', context)).toBe(false);
    expect(await policy.allows('/old/project')).toBe(false);
  });

  it('check answers the normalised folder, or permission-denied saying how to pick one', async () => {
    const policy = createWorkspacePolicy({ settings: settingsWith({ workspace: '/a' }) });
    expect(await policy.check('/a/')).toBe('/a');
    await expect(policy.check('/')).rejects.toMatchObject({ code: 'permission-denied', hint: expect.stringContaining('Choose workspace') });
  });
});
