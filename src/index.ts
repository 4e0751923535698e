/**
 * uniqlint's programmatic API.
 */
export { lintText, MigrationLinter } from './engine/lint.js';
export type { FileLintResult, LinterOptions, LintTextOptions, RuleSetting, StatementCounts } from './engine/lint.js';
export { lintPaths, NoFilesError } from './run.js';
export { planMigrationSets, MissingPathError } from './source/discover.js';
export { formatJson } from './report/json.js';
export { formatStylish } from './report/stylish.js';
export type { StylishOptions } from './report/stylish.js';
export { diagnosticText } from './diagnostic.js';
export type { RunResult, RunSummary } from './report/result.js';
export type * from './diagnostic.js';
export type * from './statement.js';
export type * from './rule.js';
export type * from './schema/types.js';
