import type { ToolSpec } from '../models/types';

/**
 * The system prompt: who Punie is, where it works, which tools it has and
 * how permission works. Short and concrete, because small local models
 * follow a few plain rules better than many subtle ones.
 */
export interface SystemPromptInput {
  /** The workspace folder; undefined when no folder is open (no tools then). */
  workspace?: string;
  tools: readonly Pick<ToolSpec, 'name' | 'description'>[];
  /** Tools that ask the user before they run. */
  gated: readonly string[];
  platform?: NodeJS.Platform;
  /** Today's date, YYYY-MM-DD. */
  today?: string;
  /** The project's instructions (AGENTS.md …) and the files they came from. */
  instructions?: { files: readonly string[]; text: string };
  /** The model preset's extra system prompt (the user's words for this model), added at the end. */
  extra?: string;
}

export function buildSystemPrompt(input: SystemPromptInput): string {
  const lines: string[] = [];
  const os = input.platform ? ` on ${platformName(input.platform)}` : '';
  if (!input.workspace || input.tools.length === 0) {
    lines.push(
      `You are Punie, a coding assistant${os}. No workspace folder is open, so you cannot read or change files or run commands. Answer from what the user tells you, and say so if you would need to see their files.`,
    );
  } else {
    lines.push(`You are Punie, a coding assistant working in the user's workspace: ${input.workspace}${os}.`);
    lines.push('', 'Tools:');
    for (const tool of input.tools) lines.push(`- ${tool.name}: ${firstSentence(tool.description)}`);
    lines.push(
      '',
      'Rules:',
      '- Paths are relative to the workspace. Files outside it cannot be used.',
      '- Look before you act: use list_files and search_files to find files, and read_file before you change one.',
      '- Change files with edit_file (small changes) or write_file (new files). Copy old_text exactly from read_file.',
    );
    if (input.gated.length > 0) {
      lines.push(
        `- ${joinNames(input.gated)} ask the user for permission first. If the user denies, do not try the same thing again; explain what you wanted to do and continue without it.`,
      );
    }
    lines.push(
      '- run_command runs one program without a shell: put the program in command and its arguments in args.',
      '- If a tool returns an error, read it, fix the call and try again.',
      '- Say briefly what you are about to do, then do it. When you are done, explain what you found or changed.',
    );
  }
  if (input.instructions && input.workspace && input.tools.length > 0) {
    lines.push(
      '',
      `Project instructions (from ${joinNames(input.instructions.files)} in the workspace; follow them unless the user asks otherwise):`,
      input.instructions.text,
    );
  }
  if (input.today) lines.push('', `Today is ${input.today}.`);
  const extra = input.extra?.trim();
  if (extra) lines.push('', extra);
  return lines.join('\n');
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function platformName(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'macOS' : platform === 'win32' ? 'Windows' : platform === 'linux' ? 'Linux' : platform;
}
