/**
 * uniqlint's programmatic API (README.md, "Programmatic API").
 *
 * - `Linter`: lints files or text with the configuration the command line would find, and
 *   applies its baseline; resolves to a `LintRun`. The entry point for most programs.
 * - `loadFormatter(name)` and `FORMATTERS`: every `--format` (stylish, json, sarif, github,
 *   gitlab, junit) as a function of a run; `formatJson` and the other `format*` functions directly.
 * - Lower level, without configuration: `lintText` (one SQL text, synchronous), `MigrationLinter`
 *   (replay and lint files of one migration set in order), `lintPaths` (a run over paths with
 *   options given in full), `planMigrationSets`.
 *
 * Nothing exported prints, exits the process or connects to a database. Usage problems are
 * thrown as typed errors: ConfigError, MissingPathError, NoFilesError, NoInputsError,
 * BaselineError, UnknownFormatterError (and TypeError for arguments of the wrong type).
 */
export { Linter, NoInputsError } from './api.js';
export type { BaselineApplied, LintRun, LintTextCallOptions, UniqlintOptions } from './api.js';
export { FORMATTER_NAMES, FORMATTERS, isFormatterName, loadFormatter, UnknownFormatterError } from './report/formatters.js';
export type { Formatter, FormatterName, FormatterOptions } from './report/formatters.js';
export { ConfigError } from './config/load.js';
export type { UniqlintConfig, RuleConfigValue } from './config/schema.js';
export { BaselineError } from './baseline/baseline.js';
export { toolVersion } from './version.js';
export { allRules } from '../rules/index.js';

export { lintText, MigrationLinter } from './engine/lint.js';
export type { FileLintResult, LinterOptions, LintTextOptions, RuleSetting, StatementCounts } from './engine/lint.js';
export { lintPaths, NoFilesError } from './run.js';
export type { RunOptions } from './run.js';
export { planMigrationSets, MissingPathError } from './source/discover.js';
export type { MigrationSetPlan, PlannedFile, PlanOptions, SkippedFile } from './source/discover.js';
export { formatJson, toJsonDiagnostic } from './report/json.js';
export type { JsonDiagnostic } from './report/json.js';
export { formatStylish } from './report/stylish.js';
export type { StylishOptions } from './report/stylish.js';
export { formatSarif } from './report/sarif.js';
export type { SarifOptions } from './report/sarif.js';
export { formatGithub } from './report/github.js';
export type { GithubOptions } from './report/github.js';
export { formatGitlab } from './report/gitlab.js';
export type { CodeQualityIssue } from './report/gitlab.js';
export { formatJunit } from './report/junit.js';
export { diagnosticText } from './diagnostic.js';
export type { RunResult, RunSummary, HiddenFindings, SeverityCounts } from './report/result.js';
export type * from './diagnostic.js';
export type * from './statement.js';
export type * from './rule.js';
export type * from './schema/types.js';
