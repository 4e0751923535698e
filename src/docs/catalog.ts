/**
 * Every rule uniqlint can report under: the statement rules of the registry (`rules/index.ts`)
 * and `unused-disable`, which reports suppression directives. Docs pages, the README rule table,
 * `uniqlint rules`, SARIF rule descriptors and the configuration's rule keys come from this list.
 */
import { allRules } from '../../rules/index.js';
import type { Rule } from '../rule.js';
import unusedDisable from '../suppress/unused-disable.js';

/** The documented rules, registry order first. */
export function documentedRules(): Rule[] {
  return [...allRules, unusedDisable];
}

/** Every known rule id. */
export function knownRuleIds(): string[] {
  return documentedRules().map((rule) => rule.meta.id);
}
