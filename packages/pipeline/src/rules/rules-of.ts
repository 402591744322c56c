import type { Config } from '@ghl-payments/core';
import type { ProcessContext } from '../process-types';
import { loadRules, LoadedRules } from './load-rules';
import type { Rule } from './rule-schema';

const loaded = new WeakMap<Config, LoadedRules>();

/** The rules of a config, read (and validated) once per config object. */
export function rulesForConfig(config: Config): LoadedRules {
  let rules = loaded.get(config);
  if (!rules) {
    rules = loadRules(config.rules);
    loaded.set(config, rules);
  }
  return rules;
}

/** The rules a processing context runs: those it was given, else its config's. */
export function rulesOf(ctx: Pick<ProcessContext, 'rules' | 'config'>): readonly Rule[] {
  return ctx.rules ?? rulesForConfig(ctx.config).rules;
}
