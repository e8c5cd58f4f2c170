import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContentBlock } from '@agentclientprotocol/sdk';
import { PunieError } from '../core/errors';

/**
 * An editor's prompt (ACP content blocks) as the one text Punie's agent
 * takes. Text stays as written; a mention (`resource_link`) becomes `@path`
 * in place, workspace-relative when the file is inside it, so the model
 * can read it with its tools; an embedded resource (the editor sent the
 * file's text, perhaps unsaved) becomes `@path` in place and its text
 * follows the message in a tagged block. Images and audio are refused:
 * the engine cannot send them to a model, and initialize says so.
 */

/** Embedded text larger than this is cut (with a note), so one mention cannot fill a small model's context. */
export const MAX_EMBEDDED_CHARS = 200_000;

export function promptText(blocks: readonly ContentBlock[], workspace: string): string {
  const inline: string[] = [];
  const attached: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        inline.push(block.text);
        break;
      case 'resource_link':
        inline.push(mention(block.uri, workspace, block.name));
        break;
      case 'resource': {
        const where = mention(block.resource.uri, workspace);
        inline.push(where);
        if ('text' in block.resource) attached.push(attachment(where.slice(1), block.resource.text));
        else attached.push(`<file path="${where.slice(1)}">(binary content, not included)</file>`);
        break;
      }
      case 'image':
      case 'audio':
        throw new PunieError('invalid-input', `Punie cannot send ${block.type === 'image' ? 'images' : 'audio'} to a model yet; describe it in words instead.`);
    }
  }
  const text = joinInline(inline).trim();
  const message = attached.length === 0 ? text : `${text}\n\n${attached.join('\n\n')}`;
  if (message.trim() === '') throw new PunieError('invalid-input', 'The prompt is empty.');
  return message;
}

/** `@path`: relative to the workspace for a file inside it, else the absolute path or the URI as given. */
export function mention(uri: string, workspace: string, name?: string): string {
  let path: string | undefined;
  if (uri.startsWith('file:')) {
    try {
      path = fileURLToPath(uri);
    } catch {
      path = undefined;
    }
  }
  if (path === undefined) return `@${name && !uri.includes('://') ? name : uri}`;
  const rel = relative(workspace, path);
  const inside = rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel);
  return `@${inside ? rel.split(sep).join('/') : path}`;
}

function attachment(path: string, text: string): string {
  const cut = text.length > MAX_EMBEDDED_CHARS;
  const body = cut ? `${text.slice(0, MAX_EMBEDDED_CHARS)}\n[… cut: the file has ${text.length} characters; read it with read_file for the rest]` : text;
  return `<file path="${path.replace(/"/g, '&quot;')}">\n${body}${body.endsWith('\n') ? '' : '\n'}</file>`;
}

/** Joins text and mentions as an editor lays them out: a space where neither side has one. */
function joinInline(parts: readonly string[]): string {
  let out = '';
  for (const part of parts) {
    if (out !== '' && part !== '' && !/\s$/.test(out) && !/^\s/.test(part)) out += ' ';
    out += part;
  }
  return out;
}
