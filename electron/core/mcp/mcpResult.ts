import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { cutToolResult } from '../agent/contextBudget';
import { ToolFailure } from '../tools/toolFailure';

/**
 * A tools/call result as the text the model reads. Text stays text; an
 * image or audio clip becomes a short placeholder the model is told about
 * (Punie sends models text only); an embedded resource is shown with its
 * URI (its text, or a placeholder for binary data); a resource link is one
 * line. Structured content is given as JSON when the server sent no text.
 * The whole is capped like a built-in tool's output. A result with
 * `isError` becomes a tool error carrying the server's words, so the model
 * can correct its call.
 */

export interface ResultText {
  content: string;
  truncated: boolean;
  /** Images and audio clips replaced by placeholders. */
  media: number;
}

/** What an error result's message keeps of the server's text. */
const MAX_ERROR_CHARS = 4_000;

export function resultText(result: CallToolResult, maxChars: number): ResultText {
  const parts: string[] = [];
  let media = 0;
  for (const block of result.content ?? []) {
    switch (block.type) {
      case 'text':
        parts.push(block.text);
        break;
      case 'image':
      case 'audio':
        media += 1;
        parts.push(`[${block.type === 'image' ? 'Image' : 'Audio'} (${block.mimeType}, ${sizeOfBase64(block.data)}) returned by the tool. Punie cannot pass ${block.type === 'image' ? 'images' : 'audio'} to the model, so it is not shown to you.]`);
        break;
      case 'resource': {
        const resource = block.resource;
        const type = resource.mimeType ? ` (${resource.mimeType})` : '';
        if ('text' in resource && typeof resource.text === 'string') parts.push(`[Resource ${resource.uri}${type}]\n${resource.text}`);
        else parts.push(`[Resource ${resource.uri}${type}: binary data, ${'blob' in resource && typeof resource.blob === 'string' ? sizeOfBase64(resource.blob) : 'size unknown'}, not shown to you.]`);
        break;
      }
      case 'resource_link': {
        const about = [block.mimeType, block.description].filter(Boolean).join(', ');
        parts.push(`[Resource link: ${block.name} <${block.uri}>${about ? ` (${about})` : ''}]`);
        break;
      }
      default:
        parts.push(`[Content of type "${(block as { type?: unknown }).type}" that Punie does not show.]`);
    }
  }
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent, null, 2));
  const text = parts.length === 0 ? '(The tool returned no content.)' : parts.join('\n');
  const content = cutToolResult(text, maxChars);
  return { content, truncated: content !== text, media };
}

/** The error an `isError` result becomes: the server's text, bounded. */
export function resultError(result: CallToolResult, toolName: string): ToolFailure {
  const text = resultText(result, MAX_ERROR_CHARS).content.trim();
  const message = text === '' || text === '(The tool returned no content.)' ? `${toolName} reported an error without saying why.` : text;
  return new ToolFailure('tool-failed', message);
}

function sizeOfBase64(data: string): string {
  const bytes = Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
