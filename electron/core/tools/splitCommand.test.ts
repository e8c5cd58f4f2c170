import { describe, expect, it } from 'vitest';
import { splitCommand } from './splitCommand';

describe('splitCommand', () => {
  it('splits with shell-like quoting', () => {
    expect(splitCommand('git commit -m "fix the bug" --author=\'A B\'')).toEqual(['git', 'commit', '-m', 'fix the bug', '--author=A B']);
    expect(splitCommand('npm test')).toEqual(['npm', 'test']);
  });

  it('keeps globs and single-quoted dollars literal', () => {
    expect(splitCommand("grep -r TODO --include=*.ts '$HOME'")).toEqual(['grep', '-r', 'TODO', '--include=*.ts', '$HOME']);
  });

  it.each([
    ['a pipe', 'cat a.txt | grep x', '"|"'],
    ['&&', 'npm install && npm test', '"&&"'],
    ['a redirection', 'echo hi > out.txt', '">"'],
    ['a semicolon', 'ls; rm -rf /', '";"'],
    ['a background job', 'sleep 10 &', '"&"'],
    ['a substitution', 'echo $(whoami)', 'shell variable'],
    ['a variable', 'echo $HOME', '$HOME'],
    ['a comment', 'ls # list', '"#"'],
  ])('refuses %s, telling the model to pass args or run sh -c', (_label, command, mention) => {
    expect(() => splitCommand(command)).toThrowError(expect.objectContaining({ code: 'invalid-tool-call' }));
    try {
      splitCommand(command);
    } catch (e) {
      expect((e as Error).message).toContain(mention);
      expect((e as Error).message).toContain('"args"');
      expect((e as Error).message).toContain('command "sh", args ["-c"');
    }
  });

  it('refuses a leading variable assignment, pointing at env', () => {
    expect(() => splitCommand('NODE_ENV=test npm test')).toThrowError(/command "env"/);
  });

  it('refuses an empty command', () => {
    expect(() => splitCommand('   ')).toThrowError(/empty/);
  });
});
