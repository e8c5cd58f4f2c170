import { describe, expect, it } from 'vitest';
import { resultError, resultText } from './mcpResult';

describe('resultText', () => {
  it('joins text, describes media and resources, and gives structured content when there is no text', () => {
    const result = resultText(
      {
        content: [
          { type: 'text', text: 'Found it.' },
          { type: 'image', data: 'AAAA', mimeType: 'image/png' },
          { type: 'audio', data: 'AAAAAAAA', mimeType: 'audio/wav' },
          { type: 'resource', resource: { uri: 'file:///a.txt', mimeType: 'text/plain', text: 'inside' } },
          { type: 'resource', resource: { uri: 'file:///a.bin', blob: 'AAAA' } },
          { type: 'resource_link', uri: 'file:///b.md', name: 'b.md', mimeType: 'text/markdown', description: 'the plan' },
        ],
      },
      10_000,
    );
    expect(result.media).toBe(2);
    expect(result.content).toBe(
      [
        'Found it.',
        '[Image (image/png, 3 B) returned by the tool. Punie cannot pass images to the model, so it is not shown to you.]',
        '[Audio (audio/wav, 6 B) returned by the tool. Punie cannot pass audio to the model, so it is not shown to you.]',
        '[Resource file:///a.txt (text/plain)]\ninside',
        '[Resource file:///a.bin: binary data, 3 B, not shown to you.]',
        '[Resource link: b.md <file:///b.md> (text/markdown, the plan)]',
      ].join('\n'),
    );
    expect(resultText({ content: [], structuredContent: { temperature: 21 } }, 100).content).toBe('{\n  "temperature": 21\n}');
    expect(resultText({ content: [] }, 100).content).toBe('(The tool returned no content.)');
  });

  it('an error result keeps the server\'s words', () => {
    expect(resultError({ isError: true, content: [{ type: 'text', text: 'No such issue: #42' }] }, 'gh__get_issue').message).toBe('No such issue: #42');
    expect(resultError({ isError: true, content: [] }, 'gh__get_issue').message).toBe('gh__get_issue reported an error without saying why.');
  });
});
