import { describe, expect, it } from 'vitest';
import { createToolRegistry } from '../tools/toolRegistry';
import { buildSystemPrompt } from './systemPrompt';

const tools = createToolRegistry().specs();

describe('system prompt', () => {
  it('says who Punie is, where it works, lists the tools and how permission works', () => {
    const prompt = buildSystemPrompt({ workspace: '/home/ada/project', tools, gated: ['write_file', 'run_command'], platform: 'darwin', today: '2025-06-01' });
    expect(prompt).toContain("You are Punie, a coding assistant working in the user's workspace: /home/ada/project on macOS.");
    for (const t of tools) expect(prompt).toContain(`- ${t.name}: `);
    expect(prompt).toContain('write_file and run_command ask the user for permission first');
    expect(prompt).toContain('read_file before you change one');
    expect(prompt).toContain('explain what you found or changed');
    expect(prompt).toContain('Today is 2025-06-01.');
    expect(prompt.length).toBeLessThan(2_500);
  });

  it('leaves out the permission line when rules pre-approve every gated tool', () => {
    expect(buildSystemPrompt({ workspace: '/w', tools, gated: [] })).not.toContain('permission');
  });

  it('says plainly when no workspace is open', () => {
    const prompt = buildSystemPrompt({ tools: [], gated: [] });
    expect(prompt).toContain('No workspace folder is open');
    expect(prompt).not.toContain('Tools:');
  });

  it("ends with the model preset's extra system prompt, when there is one", () => {
    const prompt = buildSystemPrompt({ workspace: '/w', tools, gated: [], today: '2025-06-01', extra: '  Answer in French.\n' });
    expect(prompt.endsWith('Today is 2025-06-01.\n\nAnswer in French.')).toBe(true);
    expect(buildSystemPrompt({ workspace: '/w', tools, gated: [], extra: '   ' })).toBe(buildSystemPrompt({ workspace: '/w', tools, gated: [] }));
  });
});
