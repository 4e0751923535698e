/**
 * Inline suppression: directive parsing and application. Its findings are reported under the
 * `unused-disable` rule (rules/unused-disable.ts).
 */
export { applySuppressions, parseDirective, UNUSED_DISABLE_RULE_ID } from './directives.js';
export type { DirectiveKind, MalformedDirective, SuppressionDirective, SuppressionInput, SuppressionResult } from './directives.js';
