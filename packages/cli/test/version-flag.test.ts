import fs from 'node:fs';
import path from 'node:path';
import { BIN, runCli } from '@ghl-payments/test-support';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('versioned releases', () => {
  it('ghl-payments --version and process-webhooks --version (and -V) print the package.json version', async () => {
    const results = await Promise.all([
      runCli(BIN.ghlPayments, ['--version'], {}),
      runCli(BIN.processWebhooks, ['--version'], {}),
      runCli(BIN.processWebhooks, ['-V'], {}),
    ]);
    for (const result of results) {
      expect(result).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  });

  it('CHANGELOG.md has an entry for that version (Keep a Changelog: "## [x.y.z] - YYYY-MM-DD") under Unreleased', () => {
    const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    const versions = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
    expect(versions[0]).toBe('Unreleased');
    expect(versions[1]).toBe(VERSION);
    expect(changelog).toMatch(new RegExp(`^## \\[${VERSION.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
  });
});
