/** Writes docs/configuration.md and .env.example from the config schema (`npm run docs:config`). */
import fs from 'node:fs';
import { renderConfigurationMarkdown, renderEnvExample, resolveFromRoot } from '../packages/core/src';

fs.writeFileSync(resolveFromRoot('docs/configuration.md'), renderConfigurationMarkdown());
fs.writeFileSync(resolveFromRoot('.env.example'), renderEnvExample());
console.log('wrote docs/configuration.md and .env.example');
