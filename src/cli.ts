#!/usr/bin/env node
/**
 * The `uniqlint` command.
 *
 * Commands: `uniqlint [lint] [paths..]` (the default), `uniqlint baseline [paths..]`,
 * `uniqlint rules`, `uniqlint explain <rule>`.
 *
 * Exit codes: 0 when no diagnostic has severity error and the warnings stay within
 * `--max-warnings`; 1 otherwise; 2 for usage errors (unknown flag, missing path, bad
 * configuration, unknown git ref, damaged baseline) and fatal errors.
 *
 * Settings come from the configuration file (src/config), and command-line flags win over it.
 */
import { promises as fs, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { lintPaths, NoFilesError, type RunOptions } from './run.js';
import { displayPathOf, MissingPathError, planMigrationSets } from './source/discover.js';
import { detectConvention, upPartOf, CONVENTION_NAMES, type ConventionName } from './source/conventions.js';
import { formatJson } from './report/json.js';
import { formatStylish } from './report/stylish.js';
import { formatSarif } from './report/sarif.js';
import { formatGithub } from './report/github.js';
import { formatGitlab } from './report/gitlab.js';
import { formatJunit } from './report/junit.js';
import { summarize, type RunResult } from './report/result.js';
import type { Dialect } from './rule.js';
import { MigrationLinter, type RuleSetting } from './engine/lint.js';
import { ConfigError, loadConfig, settingsFrom, type ConfigSettings } from './config/load.js';
import { allRules, knownRuleIds } from '../rules/index.js';
import { renderRulePage, renderRulesText } from './docs/render.js';
import { applyBaseline, BaselineError, createBaseline, DEFAULT_BASELINE_FILE, readBaseline, serializeBaseline } from './baseline/baseline.js';
import { ChangedFilesError, changedFilesSince } from './changed/git.js';
import { LiveConnectionError, liveModeRequested } from './live/settings.js';
import { describeFixReport, writeSafeFixes } from './fix/write.js';

/** Exit code for a run without error-severity findings. */
export const EXIT_OK = 0;
/** Exit code when at least one diagnostic has severity error, or warnings exceed --max-warnings. */
export const EXIT_FINDINGS = 1;
/** Exit code for usage errors and fatal errors. */
export const EXIT_USAGE = 2;

const FORMATS = ['stylish', 'json', 'sarif', 'github', 'gitlab', 'junit'] as const;
type FormatName = (typeof FORMATS)[number];

interface LintArguments {
  paths?: string[];
  format?: FormatName;
  dialect?: Dialect;
  color?: boolean;
  rule?: string | string[];
  config?: string;
  outputFile?: string;
  maxWarnings?: number;
  quiet?: boolean;
  stdinFilename?: string;
  changedSince?: string;
  baseline?: string;
  ignoreBaseline?: boolean;
  convention?: ConventionName | 'auto';
  live?: string;
  liveTimeout?: number;
  liveReplayHistory?: boolean;
  fix?: boolean;
  serverVersion?: string;
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

/** Whether stdout should get colour: a TTY, and neither NO_COLOR nor --no-color. */
function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return Boolean(process.stdout.isTTY);
}

/** uniqlint's version, from the package.json above this module. */
export function toolVersion(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'uniqlint' && manifest.version) return manifest.version;
    } catch {
      // keep looking upward
    }
    directory = path.dirname(directory);
  }
  return '0.0.0';
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
  const settings = settingsFrom(await loadConfig({ cwd, ruleIds: knownRuleIds(), ...(args.config !== undefined ? { configPath: args.config } : {}) }));
  const flags = parseRuleSettings(args.rule === undefined ? [] : [args.rule].flat());
  const options: RunOptions = {
    dialect: args.dialect ?? settings.dialect ?? 'mysql',
    ruleSettings: { ...settings.ruleSettings, ...flags },
    ruleOptions: settings.ruleOptions,
    baseDirectory: settings.baseDirectory,
  };
  if (settings.exclude) options.exclude = settings.exclude;
  if (args.serverVersion !== undefined && !/^\d+(\.\d+){0,2}$/.test(args.serverVersion)) {
    throw new UsageError(`--server-version expects a version such as 8.0.36 or 10.11, got '${args.serverVersion}'`);
  }
  const serverVersion = args.serverVersion ?? settings.serverVersion;
  if (serverVersion !== undefined) options.serverVersion = serverVersion;
  const convention = args.convention ?? settings.convention;
  if (convention !== undefined) options.convention = convention;
  return { settings, options };
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
  const text = await readStdin();
  const name = args.stdinFilename;
  if (name !== undefined) {
    const absolute = path.resolve(cwd, name);
    const exists = await fs.stat(absolute).then((stat) => stat.isFile(), () => false);
    if (exists) return lintPaths([name], { ...options, textOverride: { absolutePath: absolute, text } }, cwd);
  }
  const shown = name !== undefined ? displayPathOf(path.resolve(cwd, name), cwd) : '<stdin>';
  const convention = typeof options.convention === 'string' && options.convention !== 'auto' ? options.convention : detectConvention([shown], [text.slice(0, 4096)]);
  const linter = new MigrationLinter(options);
  const result = linter.lint(shown, upPartOf(convention, text).text);
  const file = { ...result, text };
  return { files: [file], summary: summarize([file]) };
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
    ...(args.liveReplayHistory ? { replayHistory: true } : {}),
    ...(settings.live ? { config: settings.live } : {}),
    progress: process.stderr,
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

/** Keeps only error diagnostics (`--quiet`). */
function onlyErrors(result: RunResult): RunResult {
  const files = result.files.map((file) => ({ ...file, diagnostics: file.diagnostics.filter((d) => d.severity === 'error') }));
  return { files, summary: summarize(files) };
}

function render(format: FormatName, result: RunResult, color: boolean): string {
  switch (format) {
    case 'json':
      return formatJson(result);
    case 'sarif':
      return formatSarif(result, { rules: allRules.map((rule) => rule.meta), toolVersion: toolVersion() });
    case 'github':
      return formatGithub(result);
    case 'gitlab':
      return formatGitlab(result);
    case 'junit':
      return formatJunit(result);
    default:
      return formatStylish(result, { color, width: process.stdout.isTTY ? process.stdout.columns : undefined });
  }
}

async function runLint(args: LintArguments): Promise<number> {
  const cwd = process.cwd();
  const { settings, options } = await resolveSettings(args, cwd);
  if (args.fix && args.paths?.includes(STDIN_ARGUMENT)) throw new UsageError('--fix rewrites files in place and cannot be used with stdin');
  let result = await collectWithLive(args, options, settings, cwd);
  let liveNothingChecked = (result as { liveNothingChecked?: boolean }).liveNothingChecked === true;
  if (args.fix) {
    // Write the safe fixes, then report what is left, as a second run sees it.
    const fixed = await writeSafeFixes(result, cwd);
    await write(process.stderr, describeFixReport(fixed));
    if (fixed.applied > 0) {
      result = await collectWithLive(args, options, settings, cwd);
      liveNothingChecked = (result as { liveNothingChecked?: boolean }).liveNothingChecked === true;
    }
  }

  const baselineFile = baselinePath(args, settings, cwd);
  const useBaseline = !args.ignoreBaseline && (args.baseline !== undefined || settings.baseline !== undefined || (await fs.stat(baselineFile).then(() => true, () => false)));
  if (useBaseline) {
    const outcome = applyBaseline(result, await readBaseline(baselineFile), cwd, path.dirname(baselineFile));
    result = outcome.result;
    if (outcome.stale > 0) {
      process.stderr.write(`uniqlint: ${outcome.stale} finding${outcome.stale === 1 ? '' : 's'} of the baseline no longer occur; run 'uniqlint baseline' to shrink it\n`);
    }
  }
  if (args.quiet) result = onlyErrors(result);

  const format = args.format ?? 'stylish';
  const output = render(format, result, args.outputFile === undefined && useColor(args.color));
  const annotate = format === 'stylish' && process.env.GITHUB_ACTIONS === 'true' && !process.env.UNIQLINT_NO_GITHUB_ANNOTATIONS;
  if (annotate) await write(process.stdout, formatGithub(result));
  if (args.outputFile !== undefined) {
    const target = path.resolve(cwd, args.outputFile);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, output);
  } else {
    await write(process.stdout, output);
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
  const baseline = createBaseline(result, cwd, path.dirname(file));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, serializeBaseline(baseline));
  const count = baseline.entries.reduce((sum, entry) => sum + entry.count, 0);
  await write(process.stdout, `uniqlint: wrote ${count} finding${count === 1 ? '' : 's'} of ${result.summary.files} file${result.summary.files === 1 ? '' : 's'} to ${displayPathOf(file, cwd)}\n`);
  return EXIT_OK;
}

function fail(message: string): never {
  process.stderr.write(`uniqlint: ${message}\n`);
  process.exit(EXIT_USAGE);
}

const EXPECTED_ERRORS = [MissingPathError, NoFilesError, UsageError, ConfigError, BaselineError, ChangedFilesError, LiveConnectionError];

/** Parses `argv` (without the node and script entries) and runs the command; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const separator = argv.indexOf('--');
  argv = argv.map((value, index) => (value === '-' && (separator === -1 || index < separator) ? STDIN_ARGUMENT : value));
  const commonOptions = (command: ReturnType<typeof yargs>) =>
    command
      .positional('paths', { describe: "migration files, folders (searched for *.sql) or globs; '-' reads stdin", type: 'string', array: true })
      .option('config', { alias: 'c', type: 'string', describe: 'configuration file to use instead of searching upward for one' })
      .option('dialect', { choices: ['mysql', 'mariadb'] as const, describe: 'SQL dialect of the migrations (default: mysql)' })
      .option('rule', { type: 'string', describe: "set a rule's level: --rule add-unique-key=error (off, info, warning, error); repeatable" })
      .option('convention', { choices: ['auto', ...CONVENTION_NAMES] as const, describe: 'migration convention of every folder (default: detected per folder)' })
      .option('changed-since', { type: 'string', describe: 'lint only migration files changed since the merge base with this git ref; earlier files are replayed as history' })
      .option('stdin-filename', { type: 'string', describe: "path the SQL read from stdin ('-') stands for" })
      .option('baseline', { type: 'string', describe: `baseline file (default: ${DEFAULT_BASELINE_FILE} beside the configuration)` })
      .option('server-version', { type: 'string', describe: 'version of the target server, e.g. 8.0.36 or 10.11 (default: the configuration\'s serverVersion)' });
  const lintBuilder = (command: ReturnType<typeof yargs>) =>
    commonOptions(command)
      .option('format', { alias: 'f', choices: FORMATS, describe: 'output format (default: stylish)' })
      .option('output-file', { alias: 'o', type: 'string', describe: 'write the report to this file instead of stdout' })
      .option('max-warnings', { type: 'number', describe: 'exit with code 1 when more warnings than this are found' })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'report errors only' })
      .option('fix', { type: 'boolean', describe: 'write the suggested fixes marked safe into the files, then report what is left' })
      .option('ignore-baseline', { type: 'boolean', describe: 'report findings the baseline accepts' })
      .option('color', { type: 'boolean', describe: 'force colour on or off (default: on for a TTY unless NO_COLOR is set)' })
      .option('live', { type: 'string', describe: 'check unique keys and AUTO_INCREMENT counters against this database, read-only: mysql://user:password@host:port/database (default: UNIQLINT_DATABASE_URL)' })
      .option('live-timeout', { type: 'number', describe: 'time limit of each live probe query, in seconds (default: 30)' })
      .option('live-replay-history', { type: 'boolean', describe: 'in live mode, also replay earlier migrations of each folder on top of the database schema' });

  const parser = yargs(argv)
    .scriptName('uniqlint')
    .usage('$0 [lint] <paths..>\n\nFinds what makes MySQL and MariaDB migrations fail with ERROR 1062 (Duplicate entry).')
    .command(['lint [paths..]', '$0 [paths..]'], 'lint migration files', lintBuilder as never, async (args) => {
      exitCode = await runLint(args as unknown as LintArguments);
    })
    .command('baseline [paths..]', "record today's findings in the baseline file; later runs report only new ones", commonOptions as never, async (args) => {
      exitCode = await runBaseline(args as unknown as LintArguments);
    })
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
      fail(`${message}\nRun 'uniqlint --help' for usage.`);
    });
  await parser.parseAsync();
  return exitCode;
}

// A reader that stops early (`uniqlint ... | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
  throw error;
});

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`uniqlint: fatal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
