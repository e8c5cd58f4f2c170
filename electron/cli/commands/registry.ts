import type { CliCommand } from './command';

/**
 * Every `punie` command, in the order `punie --help` lists them. A command's
 * code is loaded only when it runs (or its help is asked for), so `punie
 * ask` never loads the history table, the status watcher or the model
 * listing, and `punie --version` loads none of them. The name and summary
 * here must match the command's own (runCli.test.ts checks `punie --help`).
 */
export interface CommandEntry {
  readonly name: string;
  /** One line for `punie --help`. */
  readonly summary: string;
  load(): Promise<CliCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'ask', summary: 'run the agent on a prompt; the answer streams to stdout', load: async () => (await import('./ask')).askCommand },
  {
    name: 'acp',
    summary: 'run as an Agent Client Protocol agent for editors (Zed, JetBrains); setup writes their config',
    load: async () => (await import('./acp')).acpCommand,
  },
  { name: 'history', summary: 'list your conversations (ids for ask --conversation)', load: async () => (await import('./history')).historyCommand },
  { name: 'mcp', summary: 'list the MCP servers and their tools, or approve a workspace\'s .mcp.json', load: async () => (await import('./mcp')).mcpCommand },
  { name: 'models', summary: 'list the local servers and their models; load, reload with a context length, or unload one', load: async () => (await import('./models')).modelsCommand },
  {
    name: 'undo',
    summary: 'undo what a run changed in files (the last one of this workspace by default); --redo makes it again',
    load: async () => (await import('./undo')).undoCommand,
  },
  {
    name: 'status',
    summary: 'whether a local model server is ready, in one line (--watch to follow it)',
    load: async () => (await import('./status')).statusCommand,
  },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
