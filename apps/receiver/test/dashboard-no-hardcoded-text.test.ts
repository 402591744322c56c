import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import request from 'supertest';
import { MESSAGES } from '../src/admin/i18n/catalog';
import { createOperatorFixture, OperatorFixture, signIn } from './helpers/operator-fixture';
import { seedShowcase, Showcase } from './helpers/dashboard-showcase';

/**
 * No English left in the dashboard's templates: every text a reader sees comes from the i18n catalog.
 * 1. The source: text between tags in `html\`…\`` templates, `title=` / `placeholder=` / `aria-label=` / `alt=` literals,
 *    and `title:` / `message:` / `error:` / `notice:` string literals (page titles, error pages, flash messages).
 * 2. The result: every page rendered in Spanish shows none of the English catalog's texts.
 */

const ADMIN = path.resolve(__dirname, '../src/admin');

/** Words allowed as they are in a template: the brand. Everything else with letters must come from the catalog. */
const ALLOWED_WORDS = ['ghl-payments'];
/** What a `<code>` element may hold literally: a command (`npx ghl-payments reconcile --dry-run`) or a variable, file or value name. */
const CODE_LIKE = /^(npx )?[a-z][\w.:/-]*( --?[\w-]+| [a-z][\w.:/-]*)*$|^[A-Z][A-Z0-9_]*$/;
/** A template that is only attributes, put into a tag elsewhere (`html\` class="active"\``, `html\` title="${x}"\``). */
const ATTRIBUTES_ONLY = /^(\s*[\w-]+(="[^"]*"?)?|\s*")*\s*$/;
const ATTRIBUTE = /\b(title|placeholder|aria-label|alt)="([^"]*)"/g;
const TEXT_PROPERTIES = new Set(['title', 'message', 'error', 'notice']);
const EXPRESSION = '\u0000';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'i18n' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

const hasWords = (text: string) => /\p{L}/u.test(ALLOWED_WORDS.reduce((rest, word) => rest.split(word).join(''), text.replace(/&[a-z]+;|&#\d+;/g, '')));

/** The static text of one `html` template, an EXPRESSION mark where a value goes in. */
function templateText(node: ts.TaggedTemplateExpression): string {
  const template = node.template;
  if (ts.isNoSubstitutionTemplateLiteral(template)) return template.text;
  return template.head.text + template.templateSpans.map((span) => EXPRESSION + span.literal.text).join('');
}

/** What one template shows as hard-coded text: words between tags, and worded attribute literals. */
function hardCodedInTemplate(text: string): string[] {
  const found: string[] = [];
  for (const [, name, value] of text.matchAll(ATTRIBUTE)) {
    for (const part of value.split(EXPRESSION)) if (hasWords(part)) found.push(`${name}="${part}"`);
  }
  if (!/[<>]/.test(text) && text.split(EXPRESSION).every((run) => ATTRIBUTES_ONLY.test(run))) return found;
  const visible = text
    .replace(/<code[^>]*>([^<]*)<\/code>/g, (whole, inner: string) => (CODE_LIKE.test(inner.trim()) || inner.split(EXPRESSION).every((p) => !hasWords(p)) ? EXPRESSION : whole))
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, EXPRESSION)
    // a tag, or the part of one before or after a value put in (`<a href="${url}">`)
    .replace(/<[^<>]*>|<[^<>]*$|^[^<>]*>/g, EXPRESSION);
  for (const run of visible.split(EXPRESSION)) if (hasWords(run)) found.push(run.trim().replace(/\s+/g, ' '));
  return found;
}

/** Every hard-coded English text of one source file, with its line. */
function findHardCodedText(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const where = (node: ts.Node) => `${path.basename(file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === 'html') {
      for (const text of hardCodedInTemplate(templateText(node))) found.push(`${where(node)} ${text}`);
    }
    // `res.json({ error })` answers a script (stats.json), not a reader: its messages are the API's, in English
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'json') return;
    if (ts.isPropertyAssignment(node) && TEXT_PROPERTIES.has(node.name.getText(source))
      && (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer) || ts.isTemplateExpression(node.initializer))) {
      const text = ts.isTemplateExpression(node.initializer) ? node.initializer.head.text + node.initializer.templateSpans.map((s) => s.literal.text).join(' ') : node.initializer.text;
      if (hasWords(text)) found.push(`${where(node)} ${node.name.getText(source)}: ${text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no hard-coded English in the dashboard templates (source)', () => {
  it('finds hard-coded text when there is some (the scanner works)', () => {
    expect(hardCodedInTemplate(`<h1>Accounts</h1><a href="${EXPRESSION}" title="Edit it">${EXPRESSION}</a>`)).toEqual(['title="Edit it"', 'Accounts']);
    expect(hardCodedInTemplate(`<h1><span class="logo" aria-hidden="true">◆</span> ghl-payments</h1><code>ADMIN_TOKEN</code> — ${EXPRESSION}`)).toEqual([]);
    expect(hardCodedInTemplate(`<p>Run <code>npx ghl-payments doctor</code> now</p>`)).toEqual(['Run', 'now']);
    expect(hardCodedInTemplate(` class="active" aria-current="page"`)).toEqual([]);
    expect(hardCodedInTemplate(` title="Retried ${EXPRESSION} times"`)).toEqual(['title="Retried "', 'title=" times"']);
    expect(hardCodedInTemplate(`<code>Run this: it is safe</code>`)).toEqual(['Run this: it is safe']);
  });

  const files = sourceFiles(ADMIN).map((file) => path.relative(ADMIN, file));
  it.each(files)('%s', (file) => {
    expect(findHardCodedText(path.join(ADMIN, file))).toEqual([]);
  });
});

/** The English catalog's texts (their parts between `{values}`) that Spanish says otherwise, long enough to be telling. */
function englishOnlyTexts(): string[] {
  const spanish = Object.values(MESSAGES.es).join('\n');
  const texts = new Set<string>();
  for (const [key, english] of Object.entries(MESSAGES.en)) {
    if (english === MESSAGES.es[key as keyof typeof MESSAGES.es]) continue;
    for (const part of english.split(/\{\w+\}/)) {
      const text = part.trim();
      // short words and names (MercadoPago, GoHighLevel) are the same in both languages
      if (text.length >= 6 && /\p{L}{3}/u.test(text) && !spanish.includes(text)) texts.add(text);
    }
  }
  return [...texts];
}

/** The text a reader sees: tags, scripts and technical blocks (`<pre>`, `<code>`: stored JSON, commands) left out. */
function visibleText(page: string): string {
  return page.replace(/<(script|style|pre|code)\b[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]*>/g, ' ')
    .replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** The English texts in a page, matched as whole words (`pending` is not found in `pending_waiting_transfer`). */
function englishIn(page: string, texts: readonly string[]): string[] {
  const text = visibleText(page);
  return texts.filter((english) => {
    const escaped = english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`).test(text);
  });
}

describe('every dashboard page rendered in Spanish shows no English catalog text', () => {
  let f: OperatorFixture;
  let agent: Awaited<ReturnType<typeof signIn>>['agent'];
  let showcase: Showcase;
  const english = englishOnlyTexts();

  beforeAll(async () => {
    f = await createOperatorFixture();
    showcase = await seedShowcase(f.t);
    ({ agent } = await signIn(f.app));
    // the language switch: remembered by the ghlp_lang cookie (the fixture's UI_LANGUAGE is English)
    expect(String((await agent.get('/admin/language/es')).headers['set-cookie'])).toContain('ghlp_lang=es');
  });

  afterAll(async () => {
    await f?.t.destroy();
  });

  it('the list of English texts is not empty (the check checks something)', () => {
    expect(english.length).toBeGreaterThan(100);
    expect(englishIn('<p>Sign in</p>', ['Sign in'])).toEqual(['Sign in']);
    expect(englishIn('<p>pending_waiting_transfer</p>', ['pending'])).toEqual([]);
  });

  const pages = [
    ['overview', () => '/admin'], ['events', () => '/admin/events'], ['event', () => `/admin/events/${showcase.eventId}`],
    ['bulk retry', () => '/admin/events/retry?status=failed'], ['payments', () => '/admin/payments'],
    ['payment', () => `/admin/payments/${showcase.paymentId}`], ['payment links', () => '/admin/payment-links'],
    ['accounts', () => '/admin/accounts'], ['account', () => '/admin/accounts/tienda-sur'], ['audit', () => '/admin/audit'],
  ] as const;
  it.each(pages)('%s', async (_name, pathOf) => {
    const res = await agent.get(pathOf());
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="es">');
    expect(englishIn(res.text, english)).toEqual([]);
  });

  it('finds the English texts in a page rendered in English (the check would fail)', async () => {
    const res = await request(f.app).get('/admin/login').set('Cookie', 'ghlp_lang=en');
    expect(englishIn(res.text, english)).toEqual(expect.arrayContaining(['Admin or viewer token', 'Sign in']));
  });

  it('login (signed out, cookie ghlp_lang=es)', async () => {
    const res = await request(f.app).get('/admin/login').set('Cookie', 'ghlp_lang=es');
    expect(res.text).toContain('<html lang="es">');
    expect(res.text).toContain('Token de administración o de consulta');
    expect(englishIn(res.text, english)).toEqual([]);
  });
});
