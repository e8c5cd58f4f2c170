import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import { createPermissionTracker } from './permissionTracker';

const request = (runId: string, requestId: string): AgentEvent => ({
  type: 'permission-request', runId, requestId, callId: 'c', tool: 'write_file', args: {}, summary: `Write ${requestId}`,
});

describe('permission tracker', () => {
  it('tracks pending requests per window until answered or the run ends', () => {
    const t = createPermissionTracker();
    t.noteOrigin('r-quick', 'quick');
    t.observe(request('r-main', 'p1'));
    t.observe(request('r-quick', 'p2'));
    expect(t.pending('main').map((p) => p.requestId)).toEqual(['p1']);
    expect(t.pending('quick').map((p) => p.requestId)).toEqual(['p2']);
    t.observe({ type: 'permission-resolved', runId: 'r-main', requestId: 'p1', callId: 'c', decision: 'once' });
    expect(t.pending('main')).toEqual([]);
    t.observe({ type: 'run-abort', runId: 'r-quick', partialText: '' });
    expect(t.pending()).toEqual([]);
    expect(t.originOf('r-quick')).toBe('main');
  });
});
