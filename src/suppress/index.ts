/**
 * Inline suppression: directive parsing and application, and the `unused-disable` rule.
 */
export { applySuppressions, parseDirective, UNUSED_DISABLE_RULE_ID } from './directives.js';
export type { DirectiveKind, MalformedDirective, SuppressionDirective, SuppressionInput, SuppressionResult } from './directives.js';
export { default as unusedDisableRule } from './unused-disable.js';
