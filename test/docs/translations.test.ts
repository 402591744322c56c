import fs from 'node:fs';
import { resolveFromRoot } from '@ghl-payments/core';
import { CodeBlock, outlineMarkdown } from '@ghl-payments/test-support';

/** Each English document and its Spanish version. */
const PAIRS = [
  ['README.md', 'README.es.md'],
  ['docs/operations.md', 'docs/operations.es.md'],
  ['docs/rules.md', 'docs/rules.es.md'],
  ['docs/reconciliation.md', 'docs/reconciliation.es.md'],
  ['docs/agencies.md', 'docs/agencies.es.md'],
  ['docs/payment-links.md', 'docs/payment-links.es.md'],
] as const;

const read = (file: string) => outlineMarkdown(fs.readFileSync(resolveFromRoot(file), 'utf8'));

/** A command block without its comments (those are translated), for comparing what is run. */
const commandsOf = (block: CodeBlock) => block.code.split('\n')
  .filter((line) => !/^\s*#/.test(line))
  .map((line) => line.replace(/\s+#\s.*$/, '').trimEnd())
  .join('\n');

describe.each(PAIRS)('%s and its Spanish version %s stay in step', (english, spanish) => {
  const en = read(english);
  const es = read(spanish);

  it('have the same sections: the same heading levels in the same order', () => {
    expect(es.headings.map((h) => h.level)).toEqual(en.headings.map((h) => h.level));
    for (const level of [1, 2, 3, 4]) {
      expect(es.headings.filter((h) => h.level === level)).toHaveLength(en.headings.filter((h) => h.level === level).length);
    }
  });

  it('have the same code blocks, and the same commands in every block with a language', () => {
    expect(es.blocks.map((b) => b.lang)).toEqual(en.blocks.map((b) => b.lang));
    en.blocks.forEach((block, i) => {
      if (block.lang !== '') expect(commandsOf(es.blocks[i])).toBe(commandsOf(block));
    });
  });

  it('link to each other', () => {
    const target = (from: string, to: string) => (from.includes('/') ? to.split('/').pop()! : to);
    expect(fs.readFileSync(resolveFromRoot(english), 'utf8')).toContain(`(${target(english, spanish)})`);
    expect(fs.readFileSync(resolveFromRoot(spanish), 'utf8')).toContain(`(${target(spanish, english)})`);
  });
});
