import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { buildProcessWebhooksCommand, buildProgram } from '@ghl-payments/cli';
import { PROJECT_ROOT, resolveFromRoot } from '@ghl-payments/core';
import { outlineMarkdown } from '@ghl-payments/test-support';

/** The documents and deployment files whose commands this suite holds to the real command line. */
const DOCS = ['README.md', 'README.es.md', 'README.pt-BR.md', 'docs/operations.md', 'docs/operations.es.md', 'docs/scaling.md', 'docs/agencies.md', 'docs/agencies.es.md', 'docs/payment-links.md', 'docs/payment-links.es.md'];
const DEPLOY_DIRS = ['deploy/systemd', 'deploy/windows'];

/** `npx ghl-payments …`, `…/bin/process-webhooks.js …`, or (in inline code) a span starting with the command. */
const COMMAND = /(?:^|[\s"'(`])(?:npx\s+|\S*bin[\\/])(ghl-payments|process-webhooks)(?:\.js)?(?=\s|$)([^\n]*)/g;
const INLINE_COMMAND = /^(ghl-payments|process-webhooks)(?=\s|$)(.*)$/;

interface DocumentedCommand {
  where: string;
  bin: 'ghl-payments' | 'process-webhooks';
  args: string[];
}

/** The words of a command line up to the first shell operator, without `[ ]` and placeholders like `<file>` or `…`. */
function splitArgs(rest: string): string[] {
  const line = rest.split(/\s(?:&&|\|\||[|>;#]|2>|>>)|[`"')]/)[0];
  return line.replace(/[[\]]/g, ' ').split(/\s+/).filter((word) => word !== '' && word !== '…' && !/^<.*>$/.test(word));
}

function collect(where: string, text: string, inline: string[] = []): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  for (const match of text.matchAll(COMMAND)) found.push({ where, bin: match[1] as DocumentedCommand['bin'], args: splitArgs(match[2]) });
  for (const span of inline) {
    const match = INLINE_COMMAND.exec(span);
    if (match) found.push({ where, bin: match[1] as DocumentedCommand['bin'], args: splitArgs(match[2]) });
    else found.push(...collect(where, span));
  }
  return found;
}

function documentedCommands(): DocumentedCommand[] {
  const commands: DocumentedCommand[] = [];
  for (const doc of DOCS) {
    const outline = outlineMarkdown(fs.readFileSync(resolveFromRoot(doc), 'utf8'));
    commands.push(...collect(doc, outline.blocks.map((b) => b.code).join('\n'), outline.inlineCode));
  }
  for (const dir of DEPLOY_DIRS) {
    for (const name of fs.readdirSync(resolveFromRoot(dir))) {
      const text = fs.readFileSync(resolveFromRoot(path.join(dir, name)), 'utf8').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      const body = text.split('\n').filter((line) => !/^\s*#/.test(line) && !/^\s*(Register-ScheduledTask|Import)/.test(line)).join('\n');
      commands.push(...collect(`${dir}/${name}`, body));
    }
  }
  return commands;
}

/** Resolves subcommands (`events retry`) and returns what is wrong with the flags, if anything. */
function checkCommand(command: DocumentedCommand): string | undefined {
  let cmd: Command = command.bin === 'ghl-payments' ? buildProgram() : buildProcessWebhooksCommand('process-webhooks');
  const rootFlags = ['--help', '-h', '--version', '-V'];
  let i = 0;
  for (; i < command.args.length && !command.args[i].startsWith('-'); i += 1) {
    const sub = cmd.commands.find((c) => c.name() === command.args[i]);
    if (!sub) {
      if (cmd.commands.length > 0) return `unknown command "${command.args[i]}" after ${cmd.name()}`;
      break;
    }
    cmd = sub;
  }
  const known = new Set([...rootFlags, ...cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)))]);
  for (const word of command.args.slice(i)) {
    if (!word.startsWith('-')) continue;
    const flag = word.split('=')[0];
    if (!known.has(flag)) return `${cmd.name()} has no option ${flag}`;
  }
  return undefined;
}

describe('commands in the README, docs/operations and deploy/ exist, with the flags shown', () => {
  const commands = documentedCommands();

  it('finds the commands this project documents', () => {
    const shown = new Set(commands.map((c) => [c.bin, ...c.args.filter((a) => !a.startsWith('-')).slice(0, 1)].join(' ')));
    for (const expected of ['ghl-payments demo', 'ghl-payments doctor', 'ghl-payments send-test-webhook', 'ghl-payments backup',
      'ghl-payments start', 'ghl-payments runserver', 'ghl-payments migrate', 'ghl-payments events', 'process-webhooks']) {
      expect(shown).toContain(expected);
    }
  });

  it.each(DOCS.concat(DEPLOY_DIRS))('%s: every command and flag is real', (where) => {
    const problems = commands.filter((c) => c.where.startsWith(where))
      .map((c) => ({ c, problem: checkCommand(c) }))
      .filter((r) => r.problem !== undefined)
      .map((r) => `${r.c.bin} ${r.c.args.join(' ')}: ${r.problem}`);
    expect(problems).toEqual([]);
  });

  it('would notice a wrong command or flag', () => {
    expect(checkCommand({ where: 'x', bin: 'ghl-payments', args: ['doctor', '--nope'] })).toBe('doctor has no option --nope');
    expect(checkCommand({ where: 'x', bin: 'ghl-payments', args: ['events', 'replay', '42'] })).toBe('unknown command "replay" after events');
    expect(checkCommand({ where: 'x', bin: 'process-webhooks', args: ['--loop', '--concurency', '2'] })).toBe('process-webhooks has no option --concurency');
    expect(collect('x', '', ['npx ghl-payments demo --exit-when-done', 'process-webhooks --loop', 'data/ghl-payments.sqlite3'])).toEqual([
      { where: 'x', bin: 'ghl-payments', args: ['demo', '--exit-when-done'] },
      { where: 'x', bin: 'process-webhooks', args: ['--loop'] },
    ]);
    expect(collect('x', 'sudo systemctl enable --now ghl-payments\n/usr/bin/node /opt/ghl-payments/packages/cli/bin/ghl-payments.js start >> x.log')).toEqual([
      { where: 'x', bin: 'ghl-payments', args: ['start'] },
    ]);
  });

  it('npm run demo is ghl-payments demo', () => {
    const pkg = JSON.parse(fs.readFileSync(resolveFromRoot('package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.demo).toBe('ghl-payments demo');
  });

  it('the deploy files start the launchers that exist in this repository', () => {
    for (const dir of DEPLOY_DIRS) {
      for (const name of fs.readdirSync(resolveFromRoot(dir))) {
        const text = fs.readFileSync(resolveFromRoot(path.join(dir, name)), 'utf8');
        for (const match of text.matchAll(/(?:\/opt\/ghl-payments\/)?(packages[\\/]cli[\\/]bin[\\/][\w-]+\.js)/g)) {
          expect(fs.existsSync(path.join(PROJECT_ROOT, match[1].replace(/\\/g, '/')))).toBe(true);
        }
      }
    }
  });
});
