import { PROTOCOL_VERSION, type ClientCapabilities, type InitializeRequest, type InitializeResponse } from '@agentclientprotocol/sdk';

/**
 * The `initialize` answer, honest about what Punie does: sessions can be
 * loaded (they are Punie conversations), listed and closed; prompts may
 * carry embedded context (files the editor sends, unsaved ones too) but
 * not images or audio (the engine sends text to models); MCP servers over
 * HTTP or SSE only once Punie connects them. No authentication: keys come
 * from the environment or the app's settings. The protocol version is the
 * one this SDK speaks (v1); a client asking for another gets ours and
 * decides.
 */

export interface AgentFacts {
  version: string;
  /** Whether MCP servers passed in session/new are connected (Punie's MCP client is present). */
  mcp: { stdio: boolean; http: boolean; sse: boolean };
}

export function initializeResponse(_request: InitializeRequest, facts: AgentFacts): InitializeResponse {
  return {
    protocolVersion: PROTOCOL_VERSION,
    agentCapabilities: {
      loadSession: true,
      promptCapabilities: { image: false, audio: false, embeddedContext: true },
      mcpCapabilities: { http: facts.mcp.http, sse: facts.mcp.sse },
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
