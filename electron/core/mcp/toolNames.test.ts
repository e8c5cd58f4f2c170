import { describe, expect, it } from 'vitest';
import { assignToolNames, cleanNamePart, MAX_TOOL_NAME_CHARS } from './toolNames';

const VALID = /^[A-Za-z0-9_-]{1,64}$/;

describe('assignToolNames', () => {
  it('names tools SERVER__TOOL with the characters model APIs accept', () => {
    const names = assignToolNames([{ server: 'GitHub (work)', tools: ['search.issues', 'créer_issue', 'a__b'] }]).get('GitHub (work)')!;
    expect([...names.values()]).toEqual(['GitHub_work__search_issues', 'GitHub_work__creer_issue', 'GitHub_work__a_b']);
    for (const name of names.values()) expect(name).toMatch(VALID);
  });

  it('cuts long names to 64 characters, keeping them apart with a hash', () => {
    const long = 'a_really_long_tool_name_that_a_server_might_choose_for_no_good_reason';
    const names = assignToolNames([{ server: 'a-server-with-a-very-long-name-indeed', tools: [`${long}_one`, `${long}_two`] }]).get('a-server-with-a-very-long-name-indeed')!;
    const [one, two] = [...names.values()];
    expect(one!.length).toBeLessThanOrEqual(MAX_TOOL_NAME_CHARS);
    expect(one).toMatch(/^a-server-with-a-very-lon__a_really_long.*_[0-9a-f]{6}$/);
    expect(one).not.toBe(two);
    expect(one).toMatch(VALID);
  });

  it('keeps names unique across servers whose names clean to the same, and the same for the same input', () => {
    const input = [
      { server: 'my server', tools: ['echo'] },
      { server: 'my.server', tools: ['echo'] },
    ];
    const first = assignToolNames(input);
    expect(first.get('my server')!.get('echo')).toBe('my_server__echo');
    expect(first.get('my.server')!.get('echo')).toBe('my_server__echo_2');
    expect(assignToolNames(input)).toEqual(first);
  });

  it('never takes a reserved name', () => {
    expect(assignToolNames([{ server: 's', tools: ['t'] }], ['s__t']).get('s')!.get('t')).toBe('s__t_2');
  });

  it('cleans to something even from nothing usable', () => {
    expect(cleanNamePart('日本')).toBe('x');
    expect(cleanNamePart('__a__b__')).toBe('a_b');
  });
});
