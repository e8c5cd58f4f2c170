/**
 * The files a workspace's instructions for agents come from, in order:
 * `AGENTS.md`, or when there is none `CLAUDE.md` and `.punie/instructions.md`
 * (electron/core/agent/projectInstructions.ts reads them).
 */
export const INSTRUCTION_FILES = ['AGENTS.md', 'CLAUDE.md', '.punie/instructions.md'] as const;
export type InstructionFile = (typeof INSTRUCTION_FILES)[number];
