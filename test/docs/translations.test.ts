import fs from 'node:fs';
import { resolveFromRoot } from '@ghl-payments/core';
import { CodeBlock, outlineMarkdown } from '@ghl-payments/test-support';

/** Each English document and its translations, with the language each is written in. */
const PAIRS = [
  { english: 'README.md', language: 'Spanish', translation: 'README.es.md' },
  { english: 'README.md', language: 'Portuguese (Brazil)', translation: 'README.pt-BR.md' },
  { english: 'docs/operations.md', language: 'Spanish', translation: 'docs/operations.es.md' },
  { english: 'docs/rules.md', language: 'Spanish', translation: 'docs/rules.es.md' },
  { english: 'docs/reconciliation.md', language: 'Spanish', translation: 'docs/reconciliation.es.md' },
  { english: 'docs/agencies.md', language: 'Spanish', translation: 'docs/agencies.es.md' },
  { english: 'docs/payment-links.md', language: 'Spanish', translation: 'docs/payment-links.es.md' },
];

/** The README in every language the product speaks; each must lead a reader to all the others. */
const READMES = ['README.md', 'README.es.md', 'README.pt-BR.md'];

const read = (file: string) => outlineMarkdown(fs.readFileSync(resolveFromRoot(file), 'utf8'));

/** A command block without its comments (those are translated), for comparing what is run. */
const commandsOf = (block: CodeBlock) => block.code.split('\n')
  .filter((line) => !/^\s*#/.test(line))
  .map((line) => line.replace(/\s+#\s.*$/, '').trimEnd())
  .join('\n');

describe.each(PAIRS)('$english and its $language version $translation stay in step', ({ english, translation }) => {
  const en = read(english);
  const tr = read(translation);

  it('have the same sections: the same heading levels in the same order', () => {
    expect(tr.headings.map((h) => h.level)).toEqual(en.headings.map((h) => h.level));
    for (const level of [1, 2, 3, 4]) {
      expect(tr.headings.filter((h) => h.level === level)).toHaveLength(en.headings.filter((h) => h.level === level).length);
    }
  });

  it('have the same code blocks, and the same commands in every block with a language', () => {
    expect(tr.blocks.map((b) => b.lang)).toEqual(en.blocks.map((b) => b.lang));
    en.blocks.forEach((block, i) => {
      if (block.lang !== '') expect(commandsOf(tr.blocks[i])).toBe(commandsOf(block));
    });
  });

  it('link to each other', () => {
    const target = (from: string, to: string) => (from.includes('/') ? to.split('/').pop()! : to);
    expect(fs.readFileSync(resolveFromRoot(english), 'utf8')).toContain(`(${target(english, translation)})`);
    expect(fs.readFileSync(resolveFromRoot(translation), 'utf8')).toContain(`(${target(translation, english)})`);
  });
});

describe('the READMEs in every language', () => {
  it.each(READMES)('%s links to the README in every other language', (readme) => {
    const text = fs.readFileSync(resolveFromRoot(readme), 'utf8');
    expect(READMES.filter((other) => other !== readme && !text.includes(`(${other})`))).toEqual([]);
  });
});
