/**
 * The programmatic API's entry point: `Linter` lints migration files or SQL text with the
 * configuration the command line would use (found by the same upward search from `cwd`, or named,
 * or given inline), and applies the baseline as the command line does. Render its result with a
 * formatter (`loadFormatter` in src/report/formatters.ts).
 *
 * Nothing here prints, reads stdin, exits the process or connects to a database: usage problems
 * are thrown as the typed errors listed on each method, and findings are returned. Left to the
 * command line: `--fix`, `--changed-since`, live mode, `--quiet`, `--max-warnings` and the exit code.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { knownRuleIds } from '../rules/index.js';
import { applyBaseline, DEFAULT_BASELINE_FILE, readBaseline } from './baseline/baseline.js';
import { ConfigError, loadConfig, settingsFrom, type ConfigSettings } from './config/load.js';
import type { UniqlintConfig } from './config/schema.js';
import type { RunResult } from './report/result.js';
import { lintPaths, lintTextAt, runOptionsFrom } from './run.js';
import { displayPathOf } from './source/discover.js';

/** How a `Linter` finds its configuration and baseline. Every field is optional. */
export interface UniqlintOptions {
  /**
   * Folder the configuration search starts in and relative paths (inputs, `configFile`,
   * `baseline`, `filePath`) are resolved against; the result's paths are shown relative to it.
   * Default: the process's working directory.
   */
  cwd?: string;
  /**
   * The configuration file to read instead of searching (`--config FILE`), or `false` to read
   * none (`--no-config`). Default: the first of `package.json` (its `uniqlint` key),
   * `.uniqlintrc.json`, `uniqlint.config.json`, `uniqlint.config.js`, `uniqlint.config.mjs` in
   * `cwd` or a folder above it.
   */
  configFile?: string | false;
  /**
   * Settings laid over the configuration file's, in the file's shape (see uniqlint.schema.json):
   * each key replaces the file's, except `rules`, merged rule by rule. Relative paths in it
   * (`include`, `exclude`, `baseSchema`, `baseline`, `applied`, convention folders) mean what they
   * would mean written in that file: relative to its folder, or to `cwd` when there is none.
   * The `live` key is accepted and not used: the API never connects to a database.
   */
  config?: UniqlintConfig;
  /**
   * The baseline file whose accepted findings are left out (`--baseline FILE`), or `false` to
   * use none (`--ignore-baseline`). Default as on the command line: the configuration's
   * `baseline`, else `uniqlint-baseline.json` beside the configuration when that file exists.
   */
  baseline?: string | false;
}

/** What applying the baseline did to a run. */
export interface BaselineApplied {
  /** Absolute path of the baseline file read. */
  file: string;
  /** Findings the baseline accepted (moved to each file's `suppressed` list; counted in `summary.hidden.baseline`). */
  matched: number;
  /** Error-level findings the baseline holds without `acceptErrors`: they stay in the result. */
  refusedErrors: number;
  /** Accepted findings of the linted files that no longer occur (`uniqlint baseline` would drop them). */
  stale: number;
}

/**
 * The result of `Linter.lintFiles` or `Linter.lintText`: every linted file with its diagnostics
 * (sorted by position; lines and columns 1-based, columns in UTF-16 code units, end exclusive),
 * the totals, and what the configuration and baseline were.
 */
export interface LintRun extends RunResult {
  /** Absolute path of the configuration file read; absent when none was. */
  configFile?: string;
  /** Present when a baseline file was applied. */
  baseline?: BaselineApplied;
}

/** Options of `Linter.lintText`. */
export interface LintTextCallOptions {
  /**
   * The file the text stands for, relative to `cwd` (as `--stdin-filename`): when it exists, the
   * earlier migrations of its folder are replayed first, as for the file itself; its name also
   * decides the migration convention. Default: the text is linted alone, shown as `<text>`.
   */
  filePath?: string;
}

/** Raised by `Linter.lintFiles` when it is given no paths and the configuration has no `include`. */
export class NoInputsError extends Error {
  constructor() {
    super("no paths given: name migration files or folders, or set 'include' in the configuration");
    this.name = 'NoInputsError';
  }
}

/**
 * Lints migrations as the `uniqlint` command does, and returns the findings instead of printing
 * them.
 *
 * ```ts
 * const linter = new Linter({ cwd: '/path/to/project' });
 * const run = await linter.lintFiles(['db/migrations']);
 * process.stdout.write(loadFormatter('stylish')(run));
 * ```
 *
 * The configuration (and the baseline it names) is read once, on the first call, and reused by
 * later calls; make a new `Linter` to read it again. Calls may run concurrently.
 */
export class Linter {
  /** Absolute folder the linter works in (`options.cwd`, resolved). */
  readonly cwd: string;
  private readonly options: UniqlintOptions;
  private settingsLoad: Promise<ConfigSettings> | undefined;

  /**
   * Reads nothing yet: the configuration is loaded by the first `lintFiles` or `lintText`.
   *
   * @throws TypeError when `options` is not an object.
   */
  constructor(options: UniqlintOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('new Linter(options): options must be an object');
    this.options = options;
    this.cwd = path.resolve(options.cwd ?? process.cwd());
  }

  /**
   * Lints migration files: each path a file, a folder (searched for `*.sql` and pipeline
   * definitions, in natural order) or a glob, relative to `cwd`. With no paths, the
   * configuration's `include` is linted. Earlier migrations of each folder are replayed as history
   * first. A file or folder that cannot be read gives a `parse-error` diagnostic at 1:1 and is
   * listed in `readErrors`; the run goes on.
   *
   * @throws ConfigError when the configuration file is missing, unreadable or invalid, or `config` is invalid.
   * @throws MissingPathError when a named path (or a `baseSchema` entry) does not exist.
   * @throws NoFilesError when the paths hold no file to lint.
   * @throws NoInputsError when there are no paths and no `include`.
   * @throws BaselineError when the baseline file cannot be read or is damaged.
   * @throws TypeError when `paths` is not an array of strings.
   */
  async lintFiles(paths: readonly string[] = []): Promise<LintRun> {
    if (!Array.isArray(paths) || paths.some((entry) => typeof entry !== 'string')) throw new TypeError('lintFiles(paths): paths must be an array of strings');
    const settings = await this.settings();
    let inputs = [...paths];
    if (inputs.length === 0) {
      if (!settings.include || settings.include.length === 0) throw new NoInputsError();
      inputs = settings.include.map((entry) => displayPathOf(path.resolve(settings.baseDirectory, entry), this.cwd));
    }
    return this.finish(await lintPaths(inputs, runOptionsFrom(settings), this.cwd), settings);
  }

  /**
   * Lints SQL text, as `uniqlint - --stdin-filename PATH` lints stdin.
   *
   * @throws ConfigError when the configuration is missing, unreadable or invalid.
   * @throws NoFilesError when `filePath` names an existing file that the configuration excludes.
   * @throws BaselineError when the baseline file cannot be read or is damaged.
   * @throws TypeError when `text` is not a string.
   */
  async lintText(text: string, options: LintTextCallOptions = {}): Promise<LintRun> {
    if (typeof text !== 'string') throw new TypeError('lintText(text): text must be a string');
    if (options.filePath !== undefined && typeof options.filePath !== 'string') throw new TypeError('lintText(text, { filePath }): filePath must be a string');
    const settings = await this.settings();
    return this.finish(await lintTextAt(text, options.filePath, runOptionsFrom(settings), this.cwd, '<text>'), settings);
  }

  /** The configuration's settings, loaded once (a failed load is thrown again by every call). */
  private settings(): Promise<ConfigSettings> {
    this.settingsLoad ??= loadSettings(this.options, this.cwd);
    return this.settingsLoad;
  }

  /** Applies the baseline as the command line does, and names the configuration file. */
  private async finish(result: RunResult, settings: ConfigSettings): Promise<LintRun> {
    const run: LintRun = result;
    if (settings.configFile) run.configFile = settings.configFile;
    const file = await this.baselineFile(settings);
    if (file === undefined) return run;
    const outcome = applyBaseline(result, await readBaseline(file), this.cwd, path.dirname(file));
    const applied: LintRun = outcome.result;
    // The files that could not be read stay listed: the run is incomplete whatever the baseline accepts.
    if (result.readErrors) applied.readErrors = result.readErrors;
    if (settings.configFile) applied.configFile = settings.configFile;
    applied.baseline = { file, matched: outcome.matched, refusedErrors: outcome.refusedErrors, stale: outcome.stale };
    return applied;
  }

  /** The baseline file to apply: named, configured, or the default one when it exists. */
  private async baselineFile(settings: ConfigSettings): Promise<string | undefined> {
    const named = this.options.baseline;
    if (named === false) return undefined;
    if (typeof named === 'string') return path.resolve(this.cwd, named);
    if (settings.baseline !== undefined) return settings.baseline;
    const fallback = path.join(settings.baseDirectory, DEFAULT_BASELINE_FILE);
    return (await fs.stat(fallback).then(() => true, () => false)) ? fallback : undefined;
  }
}

/**
 * Loads the configuration as the command line does and lays `options.config` over it.
 *
 * @throws ConfigError for a missing, unreadable or invalid configuration, or an invalid `config`.
 */
async function loadSettings(options: UniqlintOptions, cwd: string): Promise<ConfigSettings> {
  const ruleIds = knownRuleIds();
  if (options.configFile !== undefined && options.configFile !== false && typeof options.configFile !== 'string') {
    throw new ConfigError('options.configFile must be a file path or false');
  }
  const loaded = await loadConfig({
    cwd,
    ruleIds,
    noLookup: options.configFile === false,
    ...(typeof options.configFile === 'string' ? { configPath: options.configFile } : {}),
  });
  if (options.config === undefined) return settingsFrom(loaded);
  if (options.config === null || typeof options.config !== 'object' || Array.isArray(options.config)) {
    throw new ConfigError('invalid configuration in options.config:\n  (top level): expected an object');
  }
  // Loaded as the file loader loads it, on first use (it brings the schema library).
  const { validateConfig } = await import('./config/validate.js');
  const override = validateConfig(options.config, ruleIds, 'options.config');
  const config: UniqlintConfig = { ...loaded.config, ...override };
  if (loaded.config.rules || override.rules) config.rules = { ...loaded.config.rules, ...override.rules };
  return settingsFrom({ ...loaded, config });
}
