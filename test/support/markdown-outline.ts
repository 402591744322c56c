/** A fenced code block: its language tag ('' when none) and its text. */
export interface CodeBlock {
  lang: string;
  code: string;
}

/** What the docs tests compare: headings (level and text), fenced code blocks, and inline code spans. */
export interface MarkdownOutline {
  headings: Array<{ level: number; text: string }>;
  blocks: CodeBlock[];
  inlineCode: string[];
}

/** Splits Markdown into headings, fenced code blocks and inline code spans (enough for this project's docs). */
export function outlineMarkdown(markdown: string): MarkdownOutline {
  const outline: MarkdownOutline = { headings: [], blocks: [], inlineCode: [] };
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^\s*```(\S*)\s*$/.exec(line);
    if (open) {
      if (fence && fence[1] === '') {
        outline.blocks.push({ lang: open.lang, code: open.lines.join('\n') });
        open = undefined;
      } else open.lines.push(line);
      continue;
    }
    if (fence) {
      open = { lang: fence[1], lines: [] };
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) outline.headings.push({ level: heading[1].length, text: heading[2] });
    for (const span of line.matchAll(/`([^`]+)`/g)) outline.inlineCode.push(span[1]);
  }
  if (open) throw new Error('unclosed code fence');
  return outline;
}
