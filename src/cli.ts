#!/usr/bin/env node
/**
 * The `uniqlint` command.
 *
 * Commands: `uniqlint [lint] [paths..]` (the default), `uniqlint baseline [paths..]`,
 * `uniqlint rules`, `uniqlint explain <rule>`, `uniqlint lsp` (the language server, src/lsp/server.ts).
 *
 * Exit codes: 0 when no diagnostic has severity error and the warnings stay within
 * `--max-warnings`; 1 otherwise; 2 for usage errors (unknown flag, missing path, bad
 * configuration, unknown git ref, damaged baseline) and fatal errors.
 *
 * Settings come from the configuration file (src/config), and command-line flags win over it.
 */
import { execFile } from 'node:child_process';
import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { lintPaths, lintTextAt, NoFilesError, runOptionsFrom, type RunOptions } from './run.js';
import { displayPathOf, MissingPathError, planMigrationSets } from './source/discover.js';
import { CONVENTION_NAMES, type ConventionName } from './source/conventions.js';
import { countBySeverity, summarize, type RunResult } from './report/result.js';
import type { Dialect } from './rule.js';
import type { Severity } from './diagnostic.js';
import type { RuleSetting } from './engine/lint.js';
import { ConfigError, loadConfig, settingsFrom, type ConfigSettings } from './config/load.js';
import { allRules, knownRuleIds } from '../rules/index.js';
import { renderRulePage, renderRulesText } from './docs/render.js';
import { applyBaseline, BaselineError, createBaseline, DEFAULT_BASELINE_FILE, readBaseline, serializeBaseline } from './baseline/baseline.js';
import { ChangedFilesError, changedFilesSince } from './changed/git.js';
import { DEFAULT_LIVE_CONCURRENCY, DEFAULT_LIVE_MAX_ROWS, LiveConnectionError, liveModeRequested, MAX_LIVE_CONCURRENCY, resolveLiveLimits, validateLiveFlags, type LiveLimitFlags } from './live/settings.js';
import { describeFixReport, writeSafeFixes, type FixRunReport } from './fix/write.js';
import { AppliedMigrationGuard } from './fix/applied.js';
import { toolVersion } from './version.js';
import { FORMATTER_NAMES, loadFormatter, type FormatterName } from './report/formatters.js';

export { toolVersion };

/** Exit code for a run without error-severity findings. */
export const EXIT_OK = 0;
/** Exit code when at least one diagnostic has severity error, or warnings exceed --max-warnings. */
export const EXIT_FINDINGS = 1;
/** Exit code for usage errors and fatal errors. */
export const EXIT_USAGE = 2;

/** The `--format` names: every formatter of src/report/formatters.ts. */
const FORMATS = FORMATTER_NAMES;
type FormatName = FormatterName;

interface LintArguments {
  paths?: string[];
  format?: FormatName;
  dialect?: Dialect;
  color?: boolean;
  rule?: string | string[];
  config?: string | false;
  configLookup?: boolean;
  printConfig?: string;
  outputFile?: string;
  report?: string | string[];
  sourceUrl?: string;
  maxWarnings?: number;
  quiet?: boolean;
  stdinFilename?: string;
  changedSince?: string;
  baseline?: string;
  ignoreBaseline?: boolean;
  acceptErrors?: boolean;
  convention?: ConventionName | 'auto';
  live?: string;
  liveTimeout?: number;
  liveMaxRows?: number;
  liveConcurrency?: number;
  liveExplain?: boolean;
  liveReplayHistory?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  serverVersion?: string;
  baseSchema?: string[];
  verbose?: boolean;
}

/**
 * yargs drops a lone `-` argument, so `main` passes it on as this stand-in, which names no file a
 * migration set can hold.
 */
const STDIN_ARGUMENT = '<stdin>';

/** Raised for a malformed command-line value; exit code 2. */
class UsageError extends Error {}

const LEVELS: readonly RuleSetting[] = ['off', 'info', 'warning', 'error'];

/**
 * Reads `--rule id=level` options (level: off, info, warning, error).
 *
 * @throws UsageError for an unknown rule id or level.
 */
export function parseRuleSettings(values: string[] = []): Record<string, RuleSetting> {
  const known = new Set(knownRuleIds());
  const settings: Record<string, RuleSetting> = {};
  for (const value of values) {
    const match = /^\s*([a-z0-9-]+)\s*[=:]\s*([a-z]+)\s*$/.exec(value);
    if (!match) throw new UsageError(`--rule expects id=level, got '${value}'`);
    const [, id, level] = match as unknown as [string, string, string];
    if (!known.has(id)) throw new UsageError(`--rule names an unknown rule '${id}' (run 'uniqlint rules')`);
    if (!LEVELS.includes(level as RuleSetting)) throw new UsageError(`--rule ${id}: level must be one of ${LEVELS.join(', ')}, got '${level}'`);
    settings[id] = level as RuleSetting;
  }
  return settings;
}

/**
 * Whether stdout gets colour. In order: `--color` / `--no-color`; FORCE_COLOR when not empty
 * (force-color.org; `0` or `false`: off, as Node reads it; any other value: on); NO_COLOR set and not empty (no-color.org): off; TERM=dumb:
 * off; else on for a TTY.
 */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env, isTTY: boolean = Boolean(process.stdout.isTTY)): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    if (force === '0' || force.toLowerCase() === 'false') return false;
    return true;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => (text.length === 0 ? resolve() : stream.write(text, () => resolve())));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Loads the configuration and merges the command-line flags over it. */
async function resolveSettings(args: LintArguments, cwd: string): Promise<{ settings: ConfigSettings; options: RunOptions }> {
  validateArguments(args);
  const noLookup = args.config === false || args.configLookup === false;
  const settings = settingsFrom(
    await loadConfig({ cwd, ruleIds: knownRuleIds(), noLookup, ...(typeof args.config === 'string' ? { configPath: args.config } : {}) }),
  );
  const flags = parseRuleSettings(args.rule === undefined ? [] : [args.rule].flat());
  // The configuration's options (as the programmatic API uses them), with the flags laid over them.
  const options = runOptionsFrom(settings);
  if (args.dialect !== undefined) options.dialect = args.dialect;
  options.ruleSettings = { ...options.ruleSettings, ...flags };
  if (args.baseSchema?.length) options.baseSchema = args.baseSchema.map((entry) => path.resolve(cwd, entry));
  if (args.serverVersion !== undefined && !/^\d+(\.\d+){0,2}$/.test(args.serverVersion)) {
    throw new UsageError(`--server-version expects a version such as 8.0.36 or 10.11, got '${args.serverVersion}'`);
  }
  if (args.serverVersion !== undefined) options.serverVersion = args.serverVersion;
  if (args.convention !== undefined) options.convention = args.convention;
  return { settings, options };
}

/** Options that take one value; given twice, yargs hands over an array. */
const SINGLE_VALUED: ReadonlyArray<[keyof LintArguments, string]> = [
  ['format', 'format'],
  ['dialect', 'dialect'],
  ['config', 'config'],
  ['outputFile', 'output-file'],
  ['sourceUrl', 'source-url'],
  ['maxWarnings', 'max-warnings'],
  ['stdinFilename', 'stdin-filename'],
  ['changedSince', 'changed-since'],
  ['baseline', 'baseline'],
  ['convention', 'convention'],
  ['live', 'live'],
  ['liveTimeout', 'live-timeout'],
  ['liveMaxRows', 'live-max-rows'],
  ['liveConcurrency', 'live-concurrency'],
  ['serverVersion', 'server-version'],
  ['printConfig', 'print-config'],
];

/**
 * Checks the values yargs let through: one value for single-valued options, no empty strings,
 * numbers that are numbers.
 *
 * @throws UsageError with a one-line message.
 */
function validateArguments(args: LintArguments): void {
  for (const [key, flag] of SINGLE_VALUED) {
    const value = args[key];
    if (Array.isArray(value)) throw new UsageError(`--${flag} was given ${value.length} times (${value.join(', ')}); give it once`);
    if (value === '') throw new UsageError(`--${flag} needs a value`);
  }
  if (args.maxWarnings !== undefined && !(Number.isInteger(args.maxWarnings) && args.maxWarnings >= -1)) {
    throw new UsageError(`--max-warnings expects a whole number of warnings (0 or more; -1 for no limit), got '${rawValue('max-warnings') ?? args.maxWarnings}'`);
  }
  try {
    validateLiveFlags(liveFlagsOf(args), rawValue);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The live-mode limits given on the command line. */
function liveFlagsOf(args: LintArguments): LiveLimitFlags {
  return {
    ...(args.liveTimeout !== undefined ? { timeoutSeconds: args.liveTimeout } : {}),
    ...(args.liveMaxRows !== undefined ? { maxRows: args.liveMaxRows } : {}),
    ...(args.liveConcurrency !== undefined ? { concurrency: args.liveConcurrency } : {}),
    ...(args.liveExplain !== undefined ? { explain: args.liveExplain } : {}),
  };
}

/** The text given for `--flag` on the command line (yargs turns `abc` into NaN for a number option). */
function rawValue(flag: string): string | undefined {
  const argv = process.argv;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === `--${flag}`) return argv[i + 1];
    if (argument.startsWith(`--${flag}=`)) return argument.slice(flag.length + 3);
  }
  return undefined;
}

/** The inputs to lint: the command line's, else the configuration's `include`. */
function inputsOf(args: LintArguments, settings: ConfigSettings, cwd: string, fallback?: string): string[] {
  if (args.paths && args.paths.length > 0) return args.paths;
  if (settings.include && settings.include.length > 0) {
    return settings.include.map((entry) => displayPathOf(path.resolve(settings.baseDirectory, entry), cwd));
  }
  if (fallback !== undefined) return [fallback];
  throw new UsageError("no paths given: name migration files or folders, or set 'include' in the configuration");
}

function emptyResult(): RunResult {
  return { files: [], summary: summarize([]) };
}

function realpathOr(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Lints stdin as the file named by --stdin-filename (with its migration set as history when it exists). */
async function lintStdin(args: LintArguments, options: RunOptions, cwd: string): Promise<RunResult> {
  return lintTextAt(await readStdin(), args.stdinFilename, options, cwd);
}

/** Runs the lint (shared by `lint` and `baseline`): stdin, changed files, or the named paths. */
async function collect(args: LintArguments, options: RunOptions, settings: ConfigSettings, cwd: string): Promise<RunResult> {
  if (args.paths?.includes(STDIN_ARGUMENT)) {
    if (args.paths.length > 1) throw new UsageError("'-' (stdin) cannot be combined with other paths");
    return lintStdin(args, options, cwd);
  }
  if (args.stdinFilename !== undefined) throw new UsageError("--stdin-filename needs '-' as the path (read the SQL from stdin)");
  if (args.changedSince === undefined) return lintPaths(inputsOf(args, settings, cwd), options, cwd);

  const inputs = inputsOf(args, settings, cwd, '.');
  const changed = await changedFilesSince(args.changedSince, cwd, (file) => /\.sql$/i.test(file));
  const changedSet = new Set(changed.files.map(realpathOr));
  const plans = await planMigrationSets(inputs, cwd, options);
  const selected = plans.flatMap((plan) => plan.files.filter((file) => file.role === 'lint' && changedSet.has(realpathOr(file.absolutePath))).map((file) => file.absolutePath));
  if (selected.length === 0) {
    process.stderr.write(`uniqlint: no migration file changed since ${args.changedSince} (merge base ${changed.base.slice(0, 12)})\n`);
    return emptyResult();
  }
  return lintPaths(selected, options, cwd);
}

/**
 * `collect` with live mode when it is asked for (src/live/run-live.ts `openLiveRun`): the dialect
 * follows the server unless the flag or the configuration names one; notes go to stderr.
 */
async function collectWithLive(args: LintArguments, options: RunOptions, settings: ConfigSettings, cwd: string): Promise<RunResult> {
  const requested = liveModeRequested({
    ...(args.live !== undefined ? { flagUrl: args.live } : {}),
    ...(settings.live ? { config: settings.live } : {}),
  });
  if (!requested) return collect(args, options, settings, cwd);
  // The database driver loads only when live mode is on.
  const { openLiveRun } = await import('./live/run-live.js');
  const live = await openLiveRun({
    ...(args.live !== undefined ? { flagUrl: args.live } : {}),
    ...(args.liveTimeout !== undefined ? { flagTimeoutSeconds: args.liveTimeout } : {}),
    ...(args.liveMaxRows !== undefined ? { flagMaxRows: args.liveMaxRows } : {}),
    ...(args.liveConcurrency !== undefined ? { flagConcurrency: args.liveConcurrency } : {}),
    ...(args.liveExplain !== undefined ? { flagExplain: args.liveExplain } : {}),
    ...(args.liveReplayHistory ? { replayHistory: true } : {}),
    ...(settings.live ? { config: settings.live } : {}),
    // The progress line is for a person at a terminal: never beside a machine format.
    ...((args.format ?? 'stylish') === 'stylish' ? { progress: process.stderr } : {}),
  });
  if (!live) return collect(args, options, settings, cwd);
  try {
    const dialect = args.dialect ?? settings.dialect ?? live.server.flavor;
    const result: RunResult & { liveNothingChecked?: boolean } = await collect(args, { ...options, dialect, live }, settings, cwd);
    const lost = live.connectionLost;
    if (lost) {
      process.stderr.write(
        `uniqlint: live: the connection to ${live.description} was lost (${lost.reason}) after ${lost.decidedBefore} live check(s); the checks still to run are unknown\n`,
      );
      // The report is still printed; exit code 2 only when the database could not be checked at all.
      if (lost.decidedBefore === 0) result.liveNothingChecked = true;
    }
    return result;
  } finally {
    await live.close();
    for (const note of live.notes) process.stderr.write(`uniqlint: live: ${note}\n`);
  }
}

/** Where the baseline file is: the flag, else the configuration's, else the default beside the configuration. */
function baselinePath(args: LintArguments, settings: ConfigSettings, cwd: string): string {
  if (args.baseline !== undefined) return path.resolve(cwd, args.baseline);
  return settings.baseline ?? path.join(settings.baseDirectory, DEFAULT_BASELINE_FILE);
}

/**
 * The applied-migration guard of `--fix` (src/fix/applied.ts): the files named one by one on the
 * command line, the configuration's `applied` globs, and the merge base of `--changed-since`.
 */
async function appliedGuard(args: LintArguments, settings: ConfigSettings, cwd: string): Promise<AppliedMigrationGuard> {
  const named: string[] = [];
  for (const input of args.paths ?? []) {
    const absolute = path.resolve(cwd, input);
    if (await fs.stat(absolute).then((stat) => stat.isFile(), () => false)) named.push(absolute);
  }
  let base: string | undefined;
  if (args.changedSince !== undefined) base = (await changedFilesSince(args.changedSince, cwd)).base;
  return new AppliedMigrationGuard({
    namedFiles: named,
    ...(settings.applied ? { appliedPatterns: { patterns: settings.applied, baseDirectory: settings.baseDirectory } } : {}),
    ...(base !== undefined ? { base } : {}),
  });
}

/**
 * `--print-config FILE`: the settings a run applies to FILE, after the configuration file and the
 * flags: configuration file, dialect, server version, the folder's migration convention, whether
 * the file is excluded or marked as applied, the baseline, and every rule's level and options.
 */
async function effectiveConfigFor(file: string, args: LintArguments, settings: ConfigSettings, options: RunOptions, cwd: string): Promise<Record<string, unknown>> {
  const absolute = path.resolve(cwd, file);
  const plans = await planMigrationSets([file], cwd, options).catch((error: unknown) => {
    if (error instanceof MissingPathError) throw new UsageError(`--print-config: no such file: ${file}`);
    throw error;
  });
  const plan = plans.find((candidate) => candidate.files.some((entry) => entry.absolutePath === absolute)) ?? plans[0];
  const ruleSettings = options.ruleSettings ?? {};
  const rules = Object.fromEntries(
    allRules.map((rule) => {
      const level = ruleSettings[rule.meta.id] ?? rule.meta.defaultSeverity;
      const ruleOptions = options.ruleOptions?.[rule.meta.id];
      return [rule.meta.id, ruleOptions ? [level, ruleOptions] : level];
    }),
  );
  const guard = new AppliedMigrationGuard({ namedFiles: [], ...(settings.applied ? { appliedPatterns: { patterns: settings.applied, baseDirectory: settings.baseDirectory } } : {}) });
  const appliedReason = settings.applied ? await guard.appliedReason(absolute) : undefined;
  return {
    file: displayPathOf(absolute, cwd),
    configFile: settings.configFile ? displayPathOf(settings.configFile, cwd) : null,
    dialect: options.dialect ?? 'mysql',
    serverVersion: options.serverVersion ?? null,
    convention: plan?.convention ?? null,
    excluded: plan ? !plan.files.some((entry) => entry.absolutePath === absolute) : true,
    markedApplied: appliedReason !== undefined,
    baseline: settings.baseline ? displayPathOf(settings.baseline, cwd) : null,
    live: effectiveLiveSettings(args, settings),
    rules,
  };
}

/**
 * The live-mode part of `--print-config`: whether a run would probe, and the limits it would use
 * (flags win over the configuration). The URL is never printed: it may hold a password.
 */
function effectiveLiveSettings(args: LintArguments, settings: ConfigSettings): Record<string, unknown> {
  const limits = resolveLiveLimits(liveFlagsOf(args), settings.live);
  return {
    enabled: liveModeRequested({ ...(args.live !== undefined ? { flagUrl: args.live } : {}), ...(settings.live ? { config: settings.live } : {}) }),
    timeoutMs: limits.timeoutMs,
    maxRows: limits.maxRows,
    concurrency: limits.concurrency,
    explain: limits.explain,
    lockWaitTimeoutSeconds: settings.live?.lockWaitTimeoutSeconds ?? 5,
    replayHistory: args.liveReplayHistory === true,
  };
}

/** Keeps only error diagnostics (`--quiet`). */
function onlyErrors(result: RunResult): RunResult {
  const files = result.files.map((file) => ({ ...file, diagnostics: file.diagnostics.filter((d) => d.severity === 'error') }));
  const summary = summarize(files);
  summary.hidden = { ...result.summary.hidden, quiet: countBySeverity(result.files.flatMap((file) => file.diagnostics.filter((d) => d.severity !== 'error'))) };
  return { files, summary };
}

/** The repository root that SARIF URIs, GitHub annotation paths and the review report's links start from: git's top level of `cwd`, else `cwd`. */
function sourceRootOf(cwd: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' }, (error, stdout) => resolve(error || stdout.trim() === '' ? cwd : stdout.trim()));
  });
}

/** How much the stylish and github formats print: `--verbose` prints everything, unfolded. */
interface Verbosity {
  minimumSeverity: Severity;
  fold: boolean;
}

function verbosityOf(args: LintArguments, settings: ConfigSettings): Verbosity {
  if (args.verbose) return { minimumSeverity: 'info', fold: false };
  return { minimumSeverity: settings.minimumSeverity ?? 'warning', fold: true };
}

/** What the formats need besides the results and the format's name. */
interface RenderContext {
  color: boolean;
  verbosity: Verbosity;
  /** The repository root (sarif, github, markdown). */
  sourceRoot?: string;
  /** The URL of the repository's files at the run's commit (markdown). */
  sourceUrl?: string;
}

function render(format: FormatName, result: RunResult, context: RenderContext): string {
  const { color, verbosity, sourceRoot, sourceUrl } = context;
  return loadFormatter(format)(result, {
    color,
    width: process.stdout.isTTY ? process.stdout.columns : undefined,
    ...verbosity,
    cwd: process.cwd(),
    ...(sourceRoot !== undefined ? { sourceRoot } : {}),
    ...(sourceUrl !== undefined ? { sourceUrl } : {}),
  });
}

/** One `--report FORMAT=FILE`: a further report of the same run, written to a file. */
interface ExtraReport {
  format: FormatName;
  /** Absolute path of the file. */
  target: string;
  /** The file as given on the command line. */
  given: string;
}

/**
 * Reads the `--report FORMAT=FILE` options.
 *
 * @throws UsageError for a malformed value, an unknown format, or a file named twice (also as --output-file).
 */
export function parseExtraReports(values: string[], cwd: string, outputFile?: string): ExtraReport[] {
  const reports: ExtraReport[] = [];
  const taken = new Map<string, string>();
  if (outputFile !== undefined) taken.set(path.resolve(cwd, outputFile), '--output-file');
  for (const value of values) {
    const match = /^([a-z]+)=(.+)$/.exec(value);
    if (!match) throw new UsageError(`--report expects FORMAT=FILE (e.g. --report sarif=uniqlint.sarif), got '${value}'`);
    const [, format, given] = match as unknown as [string, string, string];
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--report ${value}: the format must be one of ${FORMATS.join(', ')}`);
    const target = path.resolve(cwd, given);
    const earlier = taken.get(target);
    if (earlier !== undefined) throw new UsageError(`--report ${value}: ${given} is already written by ${earlier}`);
    taken.set(target, `--report ${value}`);
    reports.push({ format: format as FormatName, target, given });
  }
  return reports;
}

/**
 * Where the markdown report links a file's lines: `--source-url`, else the commit GitHub Actions
 * names (`GITHUB_SERVER_URL/GITHUB_REPOSITORY/blob/GITHUB_SHA`, "Store information in variables:
 * default environment variables"), else none.
 */
export function sourceUrlOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flag !== undefined) return flag.replace(/\/+$/, '');
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: commit } = env;
  if (!server || !repository || !commit) return undefined;
  return `${server.replace(/\/+$/, '')}/${repository}/blob/${commit}`;
}

async function runLint(args: LintArguments): Promise<number> {
  const cwd = process.cwd();
  const { settings, options } = await resolveSettings(args, cwd);
  if (args.printConfig !== undefined) {
    await write(process.stdout, `${JSON.stringify(await effectiveConfigFor(args.printConfig, args, settings, options, cwd), null, 2)}\n`);
    return EXIT_OK;
  }
  if ((args.fix || args.fixDryRun) && args.paths?.includes(STDIN_ARGUMENT)) throw new UsageError(`${args.fix ? '--fix' : '--fix-dry-run'} works on files and cannot be used with stdin`);
  let result = await collectWithLive(args, options, settings, cwd);
  let liveNothingChecked = (result as { liveNothingChecked?: boolean }).liveNothingChecked === true;
  let fixed: FixRunReport | undefined;
  if (args.fix || args.fixDryRun) {
    // Write the safe fixes (never into applied migrations), then report what is left, as a second run sees it.
    fixed = await writeSafeFixes(result, cwd, { guard: await appliedGuard(args, settings, cwd), dryRun: args.fixDryRun === true });
    const diffs = fixed.files.map((file) => file.diff ?? '').join('');
    // The diff goes to stdout unless stdout carries a machine-readable report.
    if (diffs) await write(args.outputFile === undefined && (args.format ?? 'stylish') !== 'stylish' ? process.stderr : process.stdout, diffs);
    await write(process.stderr, describeFixReport(fixed));
    if (fixed.applied > 0 && !fixed.dryRun) {
      result = await collectWithLive(args, options, settings, cwd);
      liveNothingChecked = (result as { liveNothingChecked?: boolean }).liveNothingChecked === true;
    }
  }

  const readErrors = result.readErrors ?? [];
  const baselineFile = baselinePath(args, settings, cwd);
  const useBaseline = !args.ignoreBaseline && (args.baseline !== undefined || settings.baseline !== undefined || (await fs.stat(baselineFile).then(() => true, () => false)));
  if (useBaseline) {
    const outcome = applyBaseline(result, await readBaseline(baselineFile), cwd, path.dirname(baselineFile));
    result = outcome.result;
    if (outcome.refusedErrors > 0) {
      process.stderr.write(`uniqlint: the baseline holds ${outcome.refusedErrors} error-level finding${outcome.refusedErrors === 1 ? '' : 's'} but was not recorded with --accept-errors, so ${outcome.refusedErrors === 1 ? 'it is' : 'they are'} reported\n`);
    }
    if (outcome.stale > 0) {
      process.stderr.write(`uniqlint: ${outcome.stale} finding${outcome.stale === 1 ? '' : 's'} of the baseline no longer occur; run 'uniqlint baseline' to shrink it\n`);
    }
  }
  if (args.quiet) result = onlyErrors(result);

  const format = args.format ?? 'stylish';
  const reports = parseExtraReports(args.report === undefined ? [] : [args.report].flat(), cwd, args.outputFile);
  const formats = [format, ...reports.map((report) => report.format)];
  const annotate = format === 'stylish' && process.env.GITHUB_ACTIONS === 'true' && !process.env.UNIQLINT_NO_GITHUB_ANNOTATIONS;
  // Paths from the repository root: SARIF's artifacts, the review report's links, GitHub's annotations.
  const sourceRoot = annotate || formats.some((name) => name === 'sarif' || name === 'markdown' || name === 'github') ? await sourceRootOf(cwd) : undefined;
  const sourceUrl = sourceUrlOf(args.sourceUrl);
  const context: RenderContext = { color: false, verbosity: verbosityOf(args, settings), ...(sourceRoot !== undefined ? { sourceRoot } : {}), ...(sourceUrl !== undefined ? { sourceUrl } : {}) };
  const output = render(format, result, { ...context, color: args.outputFile === undefined && useColor(args.color) });
  const linted = (target: string, flag: string): void => {
    const real = realpathOr(target);
    if (result.files.some((file) => file.path !== '<stdin>' && realpathOr(path.resolve(cwd, file.path)) === real)) {
      throw new UsageError(`${flag} names a file being linted; write the report somewhere else`);
    }
  };
  for (const report of reports) linted(report.target, `--report ${report.format}=${report.given}`);
  if (args.outputFile !== undefined) linted(path.resolve(cwd, args.outputFile), `--output-file ${args.outputFile}`);
  for (const report of reports) await writeOutput(report.target, render(report.format, result, context), `the ${report.format} report`);
  if (annotate) await write(process.stdout, render('github', result, context));
  if (args.outputFile !== undefined) await writeOutput(path.resolve(cwd, args.outputFile), output, 'the report');
  else await write(process.stdout, output);

  if (fixed && fixed.failed > 0) return EXIT_USAGE;
  if (readErrors.length > 0) {
    process.stderr.write(`uniqlint: could not read ${readErrors.join(', ')}; the run is incomplete\n`);
    return EXIT_USAGE;
  }
  if (liveNothingChecked) return EXIT_USAGE;
  if (result.summary.errors > 0) return EXIT_FINDINGS;
  if (args.maxWarnings !== undefined && args.maxWarnings >= 0 && result.summary.warnings > args.maxWarnings) {
    process.stderr.write(`uniqlint: ${result.summary.warnings} warning${result.summary.warnings === 1 ? '' : 's'} found, more than --max-warnings ${args.maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

async function runBaseline(args: LintArguments): Promise<number> {
  const cwd = process.cwd();
  const { settings, options } = await resolveSettings(args, cwd);
  const result = await collect(args, options, settings, cwd);
  const file = baselinePath(args, settings, cwd);
  const baseline = createBaseline(result, cwd, path.dirname(file), { acceptErrors: args.acceptErrors === true });
  await writeOutput(file, serializeBaseline(baseline), 'the baseline');
  const count = baseline.entries.reduce((sum, entry) => sum + entry.count, 0);
  await write(process.stdout, `uniqlint: wrote ${count} finding${count === 1 ? '' : 's'} of ${result.summary.files} file${result.summary.files === 1 ? '' : 's'} to ${displayPathOf(file, cwd)}\n`);
  if (!args.acceptErrors && result.summary.errors > 0) {
    process.stderr.write(`uniqlint: ${result.summary.errors} error-level finding${result.summary.errors === 1 ? ' was' : 's were'} not recorded: fix ${result.summary.errors === 1 ? 'it' : 'them'}, or accept ${result.summary.errors === 1 ? 'it' : 'them'} on purpose with 'uniqlint baseline --accept-errors'\n`);
  }
  return EXIT_OK;
}

/**
 * Writes a report or baseline: to a temporary file in the same folder, then renamed over the
 * target (write-file-atomic), so a failure never leaves half a file; a device or other
 * non-regular file (`/dev/stdout`) is written directly.
 *
 * @throws UsageError naming the file and the reason (a folder, no permission, a full disk).
 */
async function writeOutput(target: string, text: string, what: string): Promise<void> {
  try {
    const existing = await fs.stat(target).catch(() => undefined);
    if (existing?.isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'EISDIR' });
    if (existing && !existing.isFile()) {
      await fs.writeFile(target, text);
      return;
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Loaded on first use: a run that prints to stdout never needs it.
    const { default: writeFileAtomic } = await import('write-file-atomic');
    await writeFileAtomic(target, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EISDIR' ? 'it is a folder' : code === 'ENOSPC' ? 'no space left on the device' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' || code === 'ENOTDIR' ? 'its folder cannot be created' : (error as Error).message;
    throw new UsageError(`cannot write ${what} to ${displayPathOf(target, process.cwd())}: ${reason}`);
  }
}

function fail(message: string): never {
  process.stderr.write(`uniqlint: ${message}\n`);
  process.exit(EXIT_USAGE);
}

const COMMAND_NAMES = new Set(['lint', 'baseline', 'rules', 'explain', 'lsp']);

/**
 * `uniqlint lint ...` as `uniqlint ...`: the same command, run as yargs' default command, for which
 * yargs does not render the whole help text in advance (it does for a named command, which costs a
 * fifth of a small run's start-up). Kept as written when help is asked for (the command's own help
 * is shown) and when the next argument is itself a command name (it is then a path).
 */
function asDefaultCommand(argv: string[]): string[] {
  if (argv[0] !== 'lint' || COMMAND_NAMES.has(argv[1] ?? '')) return argv;
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  if (options.includes('--help') || options.includes('-h')) return argv;
  return argv.slice(1);
}

const EXPECTED_ERRORS = [MissingPathError, NoFilesError, UsageError, ConfigError, BaselineError, ChangedFilesError, LiveConnectionError];

/** Parses `argv` (without the node and script entries) and runs the command; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const separator = argv.indexOf('--');
  argv = argv.map((value, index) => (value === '-' && (separator === -1 || index < separator) ? STDIN_ARGUMENT : value));
  argv = asDefaultCommand(argv);
  const commonOptions = (command: ReturnType<typeof yargs>) =>
    command
      .positional('paths', { describe: "migration files, folders (searched for *.sql) or globs; '-' reads stdin", type: 'string', array: true })
      .option('config', { alias: 'c', type: 'string', describe: 'configuration file to use instead of searching upward for one; --no-config uses none' })
      .option('config-lookup', { type: 'boolean', describe: 'search upward for a configuration file (default); --no-config-lookup uses none' })
      .option('dialect', { choices: ['mysql', 'mariadb'] as const, describe: 'SQL dialect of the migrations (default: mysql)' })
      .option('rule', { type: 'string', describe: "set a rule's level: --rule add-unique-key=error (off, info, warning, error); repeatable" })
      .option('convention', { choices: ['auto', ...CONVENTION_NAMES] as const, describe: 'migration convention of every folder (default: detected per folder)' })
      .option('changed-since', { type: 'string', describe: 'lint only migration files changed since the merge base with this git ref; earlier files are replayed as history' })
      .option('stdin-filename', { type: 'string', describe: "path the SQL read from stdin ('-') stands for" })
      .option('baseline', { type: 'string', describe: `baseline file (default: ${DEFAULT_BASELINE_FILE} beside the configuration)` })
      .option('server-version', { type: 'string', describe: 'version of the target server, e.g. 8.0.36 or 10.11 (default: the configuration\'s serverVersion)' })
      .option('base-schema', { type: 'string', array: true, describe: 'file or folder with the schema the migrations start from (install script, dump), replayed as history first; repeatable (default: the configuration\'s baseSchema)' });
  const lintBuilder = (command: ReturnType<typeof yargs>) =>
    commonOptions(command)
      .option('format', { alias: 'f', choices: FORMATS, describe: 'output format (default: stylish)' })
      .option('output-file', { alias: 'o', type: 'string', describe: 'write the report to this file instead of stdout' })
      .option('report', { type: 'string', describe: 'also write the report in FORMAT to FILE, from the same run: --report sarif=uniqlint.sarif; repeatable' })
      .option('source-url', { type: 'string', describe: "markdown: link findings to their lines under this URL of the repository's files at the commit, e.g. https://github.com/o/r/blob/<sha> (default: from GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA)" })
      .option('max-warnings', { type: 'number', describe: 'exit with code 1 when more warnings than this are found' })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'report errors only' })
      .option('verbose', { type: 'boolean', describe: 'stylish and github: print infos too, and every repeated finding in full (default: the configuration\'s minimumSeverity, else warnings and errors)' })
      .option('fix', { type: 'boolean', describe: 'write the suggested fixes marked safe into the files, then report what is left; applied migrations are never rewritten (see README)' })
      .option('print-config', { type: 'string', describe: 'print the configuration that applies to this file, as JSON, and lint nothing' })
      .option('fix-dry-run', { type: 'boolean', describe: 'print the diff --fix would write, and write nothing' })
      .option('ignore-baseline', { type: 'boolean', describe: 'report findings the baseline accepts' })
      .option('color', { type: 'boolean', describe: 'force colour on or off (default: on for a TTY unless NO_COLOR is set)' })
      .option('live', { type: 'string', describe: 'check unique keys and AUTO_INCREMENT counters against this database, read-only: mysql://user:password@host:port/database (default: UNIQLINT_DATABASE_URL)' })
      .option('live-timeout', { type: 'number', describe: 'time limit of each live probe, all its queries together, in seconds (default: 30)' })
      .option('live-max-rows', { type: 'number', describe: `do not run a unique-key, UPDATE or INSERT ... SELECT check the server estimates to read more than this many rows; it is unknown instead (0: no budget; default: ${DEFAULT_LIVE_MAX_ROWS})` })
      .option('live-concurrency', { type: 'number', describe: `connections the probes of different tables run over in parallel, 1 to ${MAX_LIVE_CONCURRENCY} (default: ${DEFAULT_LIVE_CONCURRENCY})` })
      .option('live-explain', { type: 'boolean', describe: "put the server's plan (EXPLAIN) of each probe query in the finding" })
      .option('live-replay-history', { type: 'boolean', describe: 'in live mode, also replay earlier migrations of each folder on top of the database schema' });

  const parser = yargs(argv)
    .scriptName('uniqlint')
    .usage('$0 [lint] <paths..>\n\nFinds what makes MySQL and MariaDB migrations fail with ERROR 1062 (Duplicate entry).')
    .command(['lint [paths..]', '$0 [paths..]'], 'lint migration files', lintBuilder as never, async (args) => {
      exitCode = await runLint(args as unknown as LintArguments);
    })
    .command(
      'baseline [paths..]',
      "record today's findings in the baseline file; later runs report only new ones",
      ((command: ReturnType<typeof yargs>) =>
        commonOptions(command).option('accept-errors', { type: 'boolean', describe: 'record error-level findings too (without it they are left out and keep failing the run)' })) as never,
      async (args) => {
        exitCode = await runBaseline(args as unknown as LintArguments);
      },
    )
    .command(
      'lsp',
      'start the language server: diagnostics, fixes and hovers in editors, over the Language Server Protocol on stdin and stdout',
      ((command: ReturnType<typeof yargs>) =>
        command
          .option('stdio', { type: 'boolean', describe: 'talk over stdin and stdout (the only transport; accepted because editors pass it)' })
          .option('clientProcessId', { type: 'number', describe: "the editor's process id: the server exits when that process ends" })) as never,
      async () => {
        // Loaded only for this command: a lint run never pays for the protocol library.
        const { startLanguageServer } = await import('./lsp/server.js');
        exitCode = await startLanguageServer();
      },
    )
    .command('rules', 'list the rules: id, default severity, summary', {}, async () => {
      await write(process.stdout, renderRulesText(allRules.map((rule) => rule.meta)));
    })
    .command('explain <rule>', "print a rule's documentation", (command) => command.positional('rule', { type: 'string', describe: 'rule id' }), async (args) => {
      const id = String(args.rule);
      const rule = allRules.find((candidate) => candidate.meta.id === id);
      if (!rule) throw new UsageError(`unknown rule '${id}' (run 'uniqlint rules')`);
      await write(process.stdout, renderRulePage(rule.meta).replace(/^<!--.*-->\n\n/, ''));
    })
    .strict()
    .help()
    .alias('help', 'h')
    .version(toolVersion())
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((message, error) => {
      if (EXPECTED_ERRORS.some((type) => error instanceof type)) fail(error.message);
      if (error) {
        process.stderr.write(`uniqlint: fatal error: ${error.stack ?? error.message}\n`);
        process.exit(EXIT_USAGE);
      }
      fail(`${String(message).replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ')} (run 'uniqlint --help' for usage)`);
    });
  await parser.parseAsync();
  return exitCode;
}

// A reader that stops early (`uniqlint ... | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
  throw error;
});

// A promise that can never settle (a JavaScript configuration exporting one) empties the event
// loop before main finishes; without this the process would end silently with exit code 0.
let finished = false;
process.on('beforeExit', () => {
  if (finished) return;
  finished = true;
  process.stderr.write('uniqlint: the run stopped before it finished: something it waited for never settled (a JavaScript configuration whose exported promise never resolves?)\n');
  process.exitCode = EXIT_USAGE;
});

main(hideBin(process.argv)).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    finished = true;
    process.stderr.write(`uniqlint: fatal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
