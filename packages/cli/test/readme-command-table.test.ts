import fs from 'node:fs';
import { resolveFromRoot } from '@ghl-payments/core';
import { buildProgram } from '../src';

/** The commands a new user needs from the first hour on; each must have a row in both READMEs' command table. */
const FIRST_HOUR_COMMANDS = ['start', 'runserver', 'migrate', 'demo', 'doctor', 'send-test-webhook', 'backup', 'events', 'stats', 'payments', 'rules', 'sign-in-link'];

describe.each(['README.md', 'README.es.md', 'README.pt-BR.md'])('the command table of %s', (readme) => {
  const rows = fs.readFileSync(resolveFromRoot(readme), 'utf8').split('\n').filter((line) => line.startsWith('| `npx ghl-payments '));

  it.each(FIRST_HOUR_COMMANDS)('has a row for `%s`, a real command', (name) => {
    expect(buildProgram().commands.map((c) => c.name())).toContain(name);
    expect(rows.some((row) => row.startsWith(`| \`npx ghl-payments ${name}`))).toBe(true);
  });
});
