import { DEFAULT_REPLY, piecesTurn, textTurn, toolResultTurn, toolTurn, type ScriptedTurn } from './script';
import { TEXT_CALL_FORMS, THINK_TEXT } from './textCallForms';

const form = (id: string) => TEXT_CALL_FORMS.find((f) => f.id === id)!.one;

/** Scripts a person can start the fake server with (`--script NAME`), for manual checks. */
export const NAMED_SCRIPTS: Record<string, { description: string; turns: ScriptedTurn[] }> = {
  hello: { description: 'a short answer, word by word', turns: [textTurn(DEFAULT_REPLY)] },
  slow: {
    description: 'a long answer at 10 words a second (try Ctrl-C)',
    turns: [textTurn(Array.from({ length: 120 }, (_, i) => `word${i + 1}`).join(' '), { chunkDelayMs: 100 })],
  },
  think: {
    description: 'reasoning first, then the answer',
    turns: [{ chunks: [{ reasoning: 'The user greets me. ' }, { reasoning: 'I should answer briefly.' }, { text: 'Hello!' }, { text: ' How can I help?' }] }],
  },
  'read-notes': {
    description: 'calls read_file on notes.md, then answers from it',
    turns: [
      { chunks: [{ text: 'Let me read the notes.' }, { toolCalls: [{ name: 'read_file', arguments: '{"path":"notes.md"}' }] }] },
      textTurn('The notes are read. They hold the project notes you asked about.'),
    ],
  },
  'tool-text': {
    description: 'a tool call written into the text as <tool_call> tags',
    turns: [textTurn('Reading it now.<tool_call>{"name": "read_file", "arguments": {"path": "notes.md"}}</tool_call>'), textTurn('Done reading.')],
  },
  'qwen-xml': {
    description: 'a Qwen3-Coder XML read_file call on notes.txt written as plain text in small pieces, then the file back',
    turns: [piecesTurn(form('qwen3-coder')), toolResultTurn('notes.txt says: ')],
  },
  'mistral-text': {
    description: 'a Mistral [TOOL_CALLS] read_file call on notes.txt written as plain text, then the file back',
    turns: [piecesTurn(form('mistral')), toolResultTurn('notes.txt says: ')],
  },
  'llama-json': {
    description: 'a Llama 3.x bare JSON read_file call on notes.txt as the whole message, then the file back',
    turns: [piecesTurn(form('llama-json')), toolResultTurn('notes.txt says: ')],
  },
  'think-inline': {
    description: 'reasoning written inline: <think>plan</think>Answer.',
    turns: [piecesTurn(THINK_TEXT)],
  },
  die: {
    description: 'starts answering, then the server dies mid-stream',
    turns: [{ chunks: [{ text: 'This answer will' }, { text: ' be cut' }, { delayMs: 200 }, { die: true }] }],
  },
  hang: { description: 'accepts the request and never answers', turns: [{ kind: 'hang' }] },
  'mcp-echo': {
    description: 'calls everything__echo (an MCP server named "everything"), then answers with what it returned',
    turns: [toolTurn([{ name: 'everything__echo', arguments: '{"message":"Punie reached the MCP server"}' }]), toolResultTurn()],
  },
  'mcp-long': {
    description: 'calls everything__trigger-long-running-operation for 30 s (try Ctrl-C), then answers with what it returned',
    turns: [toolTurn([{ name: 'everything__trigger-long-running-operation', arguments: '{"duration":30,"steps":30}' }]), toolResultTurn()],
  },
};
