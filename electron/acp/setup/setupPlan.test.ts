import { describe, expect, it } from 'vitest';
import { parseJsonc } from './jsonc';
import { entrySnippet, planSetupText } from './setupPlan';

const launch = { command: '/usr/bin/node', args: ['/opt/punie/bin/punie.js', 'acp'] };

describe('planning an editor’s config change', () => {
  it('a missing file is created with the entry', () => {
    const plan = planSetupText(undefined, 'zed', launch);
    expect(plan).toMatchObject({ ok: true, change: 'create' });
    expect(plan.ok && parseJsonc(plan.text)).toMatchObject({ ok: true, value: { agent_servers: { Punie: { type: 'custom', command: '/usr/bin/node', args: launch.args, env: {} } } } });
  });

  it('other agents are kept; an equal entry changes nothing; a different one is updated', () => {
    const existing = '{\n  "agent_servers": {\n    "Gemini": { "command": "gemini", "args": ["--acp"] }\n  }\n}\n';
    const added = planSetupText(existing, 'jetbrains', launch);
    expect(added).toMatchObject({ ok: true, change: 'add' });
    const value = added.ok ? parseJsonc(added.text) : undefined;
    expect(value).toMatchObject({ ok: true, value: { agent_servers: { Gemini: { command: 'gemini' }, Punie: { command: '/usr/bin/node', args: launch.args, env: {} } } } });
    expect(added.ok && planSetupText(added.text, 'jetbrains', launch)).toMatchObject({ change: 'unchanged' });
    const moved = added.ok && planSetupText(added.text, 'jetbrains', { command: '/usr/local/bin/node', args: ['acp'] });
    expect(moved).toMatchObject({ ok: true, change: 'update', previous: { command: '/usr/bin/node' } });
  });

  it('refuses a file it cannot parse, or whose agent_servers is not an object', () => {
    expect(planSetupText('{ "theme": "x", ', 'zed', launch)).toEqual({ ok: false, reason: expect.stringMatching(/^line 1, column \d+: /) });
    expect(planSetupText('{ "agent_servers": "none" }', 'zed', launch)).toEqual({ ok: false, reason: '"agent_servers" in it is not an object' });
    expect(planSetupText('"just a string"', 'zed', launch)).toEqual({ ok: false, reason: 'it holds something other than a JSON object' });
  });

  it('the snippet is what a person pastes', () => {
    expect(entrySnippet('jetbrains', launch)).toBe(
      '{\n  "agent_servers": {\n    "Punie": {\n      "command": "/usr/bin/node",\n      "args": [\n        "/opt/punie/bin/punie.js",\n        "acp"\n      ],\n      "env": {}\n    }\n  }\n}',
    );
  });
});
