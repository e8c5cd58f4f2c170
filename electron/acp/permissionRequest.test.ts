import { describe, expect, it } from 'vitest';
import type { AgentEventOf } from '../../shared/agentEvents';
import { decisionOf, permissionOptions, permissionRequest } from './permissionRequest';

const ask = (over: Partial<AgentEventOf<'permission-request'>> = {}): AgentEventOf<'permission-request'> => ({
  type: 'permission-request',
  runId: 'r',
  requestId: 'q',
  callId: 'c',
  tool: 'write_file',
  args: { path: 'a.txt', content: 'x' },
  summary: 'Create a.txt',
  ...over,
});

describe('permission requests for an editor', () => {
  it('carries the tool call with its diff, and three options', () => {
    const diff = { type: 'diff' as const, path: '/ws/a.txt', oldText: null, newText: 'x' };
    expect(permissionRequest('s1', ask(), { title: 'Write a.txt', kind: 'edit', locations: [{ path: '/ws/a.txt' }], content: [diff] })).toEqual({
      sessionId: 's1',
      toolCall: { toolCallId: 'c', title: 'Write a.txt', kind: 'edit', status: 'pending', locations: [{ path: '/ws/a.txt' }], content: [diff], rawInput: { path: 'a.txt', content: 'x' } },
      options: [
        { optionId: 'allow-once', name: 'Allow once', kind: 'allow_once' },
        { optionId: 'allow-session', name: 'Always allow writing files in this session', kind: 'allow_always' },
        { optionId: 'reject', name: 'Reject', kind: 'reject_once' },
      ],
    });
  });

  it('a command shows its line; "always" names the program it remembers', () => {
    const event = ask({ tool: 'run_command', args: { command: 'npm', args: ['test'] }, summary: 'Run npm test', program: 'npm' });
    const request = permissionRequest('s1', event, { title: 'Run npm test', kind: 'execute', locations: [], content: [] });
    expect(request.toolCall.content).toEqual([{ type: 'content', content: { type: 'text', text: '```\n$ npm test\n```' } }]);
    expect(permissionOptions(event)[1]!.name).toBe('Always allow `npm` in this session');
  });

  it('without a text diff, the unified diff from the broker is shown', () => {
    const request = permissionRequest('s1', ask({ diff: '--- a/x\n+++ b/x\n' }), { title: 'Write x', kind: 'edit', locations: [], content: [] });
    expect(request.toolCall.content).toEqual([{ type: 'content', content: { type: 'text', text: '```diff\n--- a/x\n+++ b/x\n```' } }]);
  });

  it('answers map to decisions; cancelled and unknown options are denials', () => {
    expect(decisionOf({ outcome: { outcome: 'selected', optionId: 'allow-once' } })).toBe('once');
    expect(decisionOf({ outcome: { outcome: 'selected', optionId: 'allow-session' } })).toBe('conversation');
    expect(decisionOf({ outcome: { outcome: 'selected', optionId: 'reject' } })).toBe('deny');
    expect(decisionOf({ outcome: { outcome: 'selected', optionId: 'something-else' } })).toBe('deny');
    expect(decisionOf({ outcome: { outcome: 'cancelled' } })).toBe('deny');
  });
});
