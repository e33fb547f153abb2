import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.ts';

describe('linkify', () => {
  it('turns addresses into links and keeps the text around them', () => {
    expect(linkify('Cliquez sur http://localhost:3000/invitation/abc. Merci')).toEqual([
      { kind: 'text', text: 'Cliquez sur ' },
      { kind: 'link', href: 'http://localhost:3000/invitation/abc', text: 'http://localhost:3000/invitation/abc' },
      { kind: 'text', text: '. Merci' },
    ]);
  });

  it('leaves text without address alone', () => {
    expect(linkify('Bonjour')).toEqual([{ kind: 'text', text: 'Bonjour' }]);
  });

  it('never links other schemes', () => {
    expect(linkify('javascript:alert(1)')).toEqual([{ kind: 'text', text: 'javascript:alert(1)' }]);
  });
});
