import fs from 'node:fs';
import { resolveFromRoot } from '@ghl-payments/core';
import { outlineMarkdown } from '@ghl-payments/test-support';

const DOC = 'docs/scaling.md';

describe('docs/scaling.md and the deployment files it shows', () => {
  const text = fs.readFileSync(resolveFromRoot(DOC), 'utf8');

  it('links only to files that exist', () => {
    const links = [...text.matchAll(/\]\((\.\.\/[^)#]+|[\w.-]+\.md)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) expect({ link, exists: fs.existsSync(resolveFromRoot(`docs/${link}`)) }).toEqual({ link, exists: true });
  });

  it('shows the nginx configuration as it is in deploy/nginx/ghl-payments.conf', () => {
    const conf = fs.readFileSync(resolveFromRoot('deploy/nginx/ghl-payments.conf'), 'utf8');
    const directives = (s: string) => s.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l !== '' && l !== '}');
    const shown = outlineMarkdown(text).blocks.find((b) => b.lang === 'nginx');
    expect(shown).toBeDefined();
    const inFile = new Set(directives(conf));
    expect(directives(shown!.code).filter((d) => !inFile.has(d))).toEqual([]);
  });

  it('has the systemd templates it describes: workers with --loop, receivers on the instance port', () => {
    const worker = fs.readFileSync(resolveFromRoot('deploy/systemd/ghl-payments-worker@.service'), 'utf8');
    expect(worker).toMatch(/^ExecStart=.*\/process-webhooks\.js --loop$/m);
    expect(worker).toMatch(/^Restart=always$/m);
    const receiver = fs.readFileSync(resolveFromRoot('deploy/systemd/ghl-payments-receiver@.service'), 'utf8');
    expect(receiver).toMatch(/^ExecStart=.*\/ghl-payments\.js runserver --port %i$/m);
    // TimeoutStopSec leaves the worker its grace period (WORKER_GRACE, 25 s by default) to finish in-flight events
    expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(worker)?.[1])).toBeGreaterThan(25);
  });
});
