import fs from 'node:fs';
import path from 'node:path';
import type * as Yaml from 'yaml';
import type { z } from 'zod';
import { ConfigError, RulesSource } from '@ghl-payments/core';
import { DEFAULT_RULES, rulesFromStatusTags } from './default-rules';
import { findUnknownVariables, TEMPLATE_VARIABLES } from './render-template';
import { actionKindOf, Rule, rulesFileSchema } from './rule-schema';

/** yaml is loaded only to read a YAML rules file, not by every start with the default rules. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parseYaml = (text: string, options: Yaml.ParseOptions): unknown => (require('yaml') as typeof Yaml).parse(text, options);

/** The rules in force and where they came from (said at start and by `rules check`). */
export interface LoadedRules {
  rules: readonly Rule[];
  /** e.g. `rules file /srv/data/rules.yaml`, `GHL_STATUS_TAGS`, `the default rules`. */
  origin: string;
}

/** The rules of a RulesSource: the file read and validated, the GHL_STATUS_TAGS shorthand, or the defaults. */
export function loadRules(source: RulesSource): LoadedRules {
  if (source.kind === 'status-tags') return { rules: rulesFromStatusTags(source.statusTags), origin: 'GHL_STATUS_TAGS' };
  if (source.kind === 'default') return { rules: DEFAULT_RULES, origin: 'the default rules (docs/rules.md)' };
  return { rules: readRulesFile(source.path), origin: `rules file ${source.path}` };
}

/** Reads a YAML or JSON rules file; any problem is a ConfigError naming the file, the rule and the field. */
export function readRulesFile(file: string): Rule[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT'
      ? `rules file ${file} does not exist: create it (docs/rules.md) or unset RULES_FILE`
      : `rules file ${file} cannot be read (${code ?? (err as Error).message}): check its permissions`);
  }
  return parseRules(text, file);
}

/** Parses and validates the text of a rules file (`name` is the file, for messages). */
export function parseRules(text: string, name: string): Rule[] {
  let data: unknown;
  try {
    data = path.extname(name).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    throw new ConfigError(`rules file ${name} is not valid ${path.extname(name).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${reason}`);
  }
  if (data === null || data === undefined) throw new ConfigError(`rules file ${name} is empty: it needs a "rules:" list (docs/rules.md)`);
  const parsed = rulesFileSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(`rules file ${name}: ${describeIssue(parsed.error.issues[0], data)}`);
  for (const [i, rule] of parsed.data.rules.entries()) {
    for (const [j, action] of rule.actions.entries()) {
      for (const template of templatesOf(action)) {
        const unknown = findUnknownVariables(template);
        if (unknown.length > 0) {
          throw new ConfigError(`rules file ${name}: rule "${rule.name}" (rules[${i}]) actions[${j}].${actionKindOf(action)}: `
            + `unknown value {{${unknown[0]}}}; known values: ${TEMPLATE_VARIABLES.join(', ')}`);
        }
      }
    }
  }
  return parsed.data.rules;
}

function templatesOf(action: Rule['actions'][number]): string[] {
  if ('addNote' in action) return [action.addNote];
  if ('setCustomFields' in action) return Object.values(action.setCustomFields);
  if ('upsertOpportunity' in action) return [action.upsertOpportunity.name, action.upsertOpportunity.monetaryValue];
  return [];
}

/** `rule "aprobado" (rules[0]) actions[1].addTags: at least one tag`, from the first zod issue. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const at = issue.path;
  let where = at.length === 0 ? 'the top level' : '';
  if (at[0] === 'rules' && typeof at[1] === 'number') {
    const raw = (data as { rules?: Array<{ name?: unknown }> }).rules?.[at[1]];
    const ruleName = typeof raw?.name === 'string' ? `rule "${raw.name}" ` : '';
    where = `${ruleName}(rules[${at[1]}])${at.length > 2 ? ` ${formatPath(at.slice(2))}` : ''}`;
  } else if (at.length > 0) {
    where = formatPath(at);
  }
  return `${where}: ${describeMessage(issue)}`;
}

function formatPath(at: ReadonlyArray<PropertyKey>): string {
  return at.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function describeMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union') {
    return 'each action is one of addTags, removeTags, setCustomFields, addNote, addToWorkflow, removeFromWorkflow, upsertOpportunity, '
      + 'with its value (docs/rules.md)';
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'missing';
  return issue.message;
}
