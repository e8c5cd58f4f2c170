import { PROTOCOL_VERSION, type ClientCapabilities, type InitializeRequest, type InitializeResponse } from '@agentclientprotocol/sdk';

/**
 * The `initialize` answer, honest about what Punie does: sessions can be
 * loaded (they are Punie conversations), listed and closed; prompts may
 * carry embedded context (files the editor sends, unsaved ones too) but
 * not images or audio (the engine sends text to models); the MCP servers
 * the editor passes are connected (stdio, HTTP and SSE). No authentication: keys come
 * from the environment or the app's settings. The protocol version is the
 * one this SDK speaks (v1); a client asking for another gets ours and
 * decides.
 */

export interface AgentFacts {
  version: string;
}

export function initializeResponse(_request: InitializeRequest, facts: AgentFacts): InitializeResponse {
  return {
    protocolVersion: PROTOCOL_VERSION,
    agentCapabilities: {
      loadSession: true,
      promptCapabilities: { image: false, audio: false, embeddedContext: true },
      mcpCapabilities: { http: true, sse: true },
      sessionCapabilities: { list: {}, close: {} },
    },
    authMethods: [],
    agentInfo: { name: 'punie', title: 'Punie', version: facts.version },
  };
}

/** What the client lets Punie use: its file system (read, write) and its terminal. */
export interface ClientOffers {
  readTextFile: boolean;
  writeTextFile: boolean;
  terminal: boolean;
}

export function clientOffers(capabilities: ClientCapabilities | undefined): ClientOffers {
  return {
    readTextFile: capabilities?.fs?.readTextFile === true,
    writeTextFile: capabilities?.fs?.writeTextFile === true,
    terminal: capabilities?.terminal === true,
  };
}
