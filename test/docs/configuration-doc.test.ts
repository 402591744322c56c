import fs from 'node:fs';
import { CONFIG_VARIABLES, loadConfig, renderConfigurationMarkdown, renderEnvExample, resolveFromRoot } from '@ghl-payments/core';

describe('generated configuration docs', () => {
  it('docs/configuration.md matches the config schema (run `npm run docs:config` after changing a variable)', () => {
    expect(fs.readFileSync(resolveFromRoot('docs/configuration.md'), 'utf8')).toBe(renderConfigurationMarkdown());
  });

  it('.env.example matches the config schema and names every variable', () => {
    const text = fs.readFileSync(resolveFromRoot('.env.example'), 'utf8');
    expect(text).toBe(renderEnvExample());
    for (const v of Object.values(CONFIG_VARIABLES)) expect(text).toMatch(new RegExp(`^#? ?${v.name}=`, 'm'));
  });

  it('every default in the schema is valid', () => {
    expect(() => loadConfig({})).not.toThrow();
  });

  it('an invalid value stops with a message naming the variable', () => {
    expect(() => loadConfig({ RETRY_SCHEDULE: '1m,soon' })).toThrow(/RETRY_SCHEDULE.*soon/);
    expect(() => loadConfig({ MP_API_URL: 'not a url' })).toThrow(/MP_API_URL/);
    expect(() => loadConfig({ WORKER_CONCURRENCY: '0' })).toThrow(/WORKER_CONCURRENCY/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });
});
