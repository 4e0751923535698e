/**
 * A whole lint run over paths: plan the migration sets, replay history, lint the files, collect
 * results. Used by the CLI and the language server (src/lsp), and available to programs.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { MigrationLinter, type FileLintResult, type LinterOptions } from './engine/lint.js';
import { glob } from 'tinyglobby';
import { displayPathOf, MissingPathError, planMigrationSets, type MigrationSetPlan, type PlanOptions, type SkippedFile } from './source/discover.js';
import { compareNatural } from './source/natural-order.js';
import { detectConvention, upPartOf } from './source/conventions.js';
import type { ConfigSettings } from './config/load.js';
import { isRunbookPath, readRunbook } from './source/online-schema-change.js';
import { summarize, type RunResult } from './report/result.js';
import { LineIndex } from './diagnostic.js';
import { docsUrlFor } from './docs-url.js';
import type { LiveRun, LiveSetFile } from './live/run-live.js';

/** Raised when the paths name no SQL file at all; the CLI maps it to exit code 2. */
export class NoFilesError extends Error {
  /**
   * @param skipped files named on the command line that the folder's migration convention leaves
   *   out, listed with the reason so that the message explains where they went.
   */
  constructor(
    readonly inputs: string[],
    readonly skipped: SkippedFile[] = [],
  ) {
    super(
      skipped.length === 0
        ? `no SQL files found in ${inputs.join(', ')}`
        : `no migration to lint in ${inputs.join(', ')}:\n${skipped.map((file) => `  ${file.displayPath}: skipped, ${file.reason}`).join('\n')}\n` +
            'Name the convention with --convention (e.g. --convention plain) to lint such files.',
    );
    this.name = 'NoFilesError';
  }
}

/** Options of a run: the linter's, and how migration sets are planned. */
export interface RunOptions extends LinterOptions, PlanOptions {
  /**
   * Text to lint in place of the file at this absolute path (stdin with `--stdin-filename`): the
   * file's migration set is planned as if it held this text.
   */
  textOverride?: { absolutePath: string; text: string };
  /**
   * Live mode (src/live/run-live.ts): each set is seeded with the target database's definitions
   * of the tables its linted files mention (instead of replaying its history files), and the
   * `add-unique-key` findings get the target's verdict. The caller opens and closes it.
   */
  live?: LiveRun;
  /**
   * Absolute paths of files or folders (searched for `*.sql`, natural order) holding the schema
   * the migrations start from (install scripts, dumps): replayed as history into every set
   * before its migrations, so the keys and columns they define are known.
   */
  baseSchema?: string[];
}

/**
 * Lints the migration files named by `inputs` (files, folders, globs), replaying earlier
 * migrations of each set as history first. Each file is reduced to its "up" part under its set's
 * migration convention (down sections blanked, offsets kept) before it is linted or replayed.
 *
 * A file that cannot be read yields one `parse-error` diagnostic at 1:1 and the run goes on.
 *
 * @throws MissingPathError (from planning) when a named path does not exist.
 * @throws NoFilesError when nothing to lint was found.
 */
export async function lintPaths(inputs: string[], options: RunOptions = {}, cwd: string = process.cwd()): Promise<RunResult> {
  const readErrors: string[] = [];
  const files: FileLintResult[] = [];
  const plans = await planMigrationSets(inputs, cwd, {
    ...options,
    onUnreadableFolder: (folder, reason) => {
      const shown = displayPathOf(folder, cwd);
      readErrors.push(shown);
      files.push(unreadable(shown, new Error(`${reason}: the folder cannot be read`), 'folder'));
    },
  });
  const baseSchema = await readBaseSchema(options.baseSchema ?? []);
  for (const plan of plans) {
    const live = options.live ? await options.live.prepareSet(await liveSetFiles(plan, options), options.dialect ?? 'mysql') : undefined;
    const linter = new MigrationLinter(live ? { ...options, liveFacts: live.facts, charsetCollations: live.charsetCollations } : options);
    live?.seed(linter);
    if (!live || live.replayHistory) for (const base of baseSchema) linter.replay(base);
    const modes: { continues: boolean; sharesDeployment: boolean }[] = [];
    let previousDeployment: string | undefined;
    plan.files.forEach((file, index) => {
      const next = plan.files[index + 1];
      const continues = file.deployment === previousDeployment;
      // An earlier file of a convention group is part of the deployment of the linted files after it.
      const sharesDeployment = file.role === 'history' && next !== undefined && next.deployment === file.deployment;
      modes.push({ continues, sharesDeployment });
      previousDeployment = file.deployment;
    });
    for (const [index, file] of plan.files.entries()) {
      const { continues, sharesDeployment } = modes[index]!;
      let text: string;
      try {
        // Read synchronously: one file at a time is what the run needs, and the promise API costs
        // several thread-pool round trips per file (a fifth of a large run's wall time).
        text = options.textOverride?.absolutePath === file.absolutePath ? options.textOverride.text : readFileSync(file.absolutePath, 'utf8');
      } catch (error) {
        if (file.role === 'lint') {
          files.push(unreadable(file.displayPath, error, 'file'));
          readErrors.push(file.displayPath);
        }
        continue;
      }
      const up = upPartOf(plan.convention, text).text;
      if (file.role === 'history') {
        if (!live || live.replayHistory) linter.replay(up, { deployment: sharesDeployment ? (continues ? 'continue' : 'new') : 'history' });
      } else {
        const result = linter.lint(file.displayPath, up, { deployment: continues ? 'continue' : 'new' });
        // Formatters draw code frames from the file as written, not from the blanked copy.
        files.push(up === text ? result : { ...result, text });
      }
    }
  }
  if (files.length === 0) throw new NoFilesError(inputs, plans.flatMap((plan) => plan.skipped));
  if (options.live) await options.live.attach(files);
  return readErrors.length > 0 ? { files, summary: summarize(files), readErrors } : { files, summary: summarize(files) };
}

/**
 * The run options a configuration gives (src/config/load.ts `settingsFrom`): dialect (default
 * `mysql`), rule levels and options, server version, convention, `exclude`, `baseSchema`, and the
 * folder their relative paths are resolved against. The command line lays its flags over these;
 * the programmatic API uses them as they are. `live` and `include` are not run options (the
 * caller opens live mode and chooses the inputs).
 */
export function runOptionsFrom(settings: ConfigSettings): RunOptions {
  const options: RunOptions = {
    dialect: settings.dialect ?? 'mysql',
    ruleSettings: { ...settings.ruleSettings },
    ruleOptions: settings.ruleOptions,
    baseDirectory: settings.baseDirectory,
  };
  if (settings.exclude) options.exclude = settings.exclude;
  if (settings.baseSchema) options.baseSchema = settings.baseSchema;
  if (settings.serverVersion !== undefined) options.serverVersion = settings.serverVersion;
  if (settings.convention !== undefined) options.convention = settings.convention;
  return options;
}

/**
 * Lints SQL text that stands for the file `filePath` (relative to `cwd`), as `uniqlint -
 * --stdin-filename PATH` does: when that file exists, its migration set is planned and replayed
 * as if the file held `text` (earlier migrations of its folder are history); otherwise `text` is
 * linted alone, under the configured convention or the one its name and head suggest. Without
 * `filePath` the result's path is `unnamed`.
 *
 * @throws MissingPathError or NoFilesError as `lintPaths` does, when the existing file is
 *   excluded by the configuration or left out by its folder's convention.
 */
export async function lintTextAt(text: string, filePath: string | undefined, options: RunOptions = {}, cwd: string = process.cwd(), unnamed = '<stdin>'): Promise<RunResult> {
  if (filePath !== undefined) {
    const absolute = path.resolve(cwd, filePath);
    const exists = await fs.stat(absolute).then((stat) => stat.isFile(), () => false);
    if (exists) return lintPaths([filePath], { ...options, textOverride: { absolutePath: absolute, text } }, cwd);
  }
  const shown = filePath !== undefined ? displayPathOf(path.resolve(cwd, filePath), cwd) : unnamed;
  const convention = typeof options.convention === 'string' && options.convention !== 'auto' ? options.convention : detectConvention([shown], [text.slice(0, 4096)]);
  const linter = new MigrationLinter(options);
  const result = linter.lint(shown, upPartOf(convention, text).text);
  const file = { ...result, text };
  return { files: [file], summary: summarize([file]) };
}

/**
 * The texts of the base-schema files, in order: each named file, and the `*.sql` files of each
 * named folder in natural order.
 *
 * @throws MissingPathError when a named path does not exist or a file cannot be read.
 */
async function readBaseSchema(entries: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const entry of entries) {
    let stat;
    try {
      stat = await fs.stat(entry);
    } catch {
      throw new MissingPathError(entry);
    }
    const files = stat.isDirectory() ? (await glob(['**/*.sql'], { cwd: entry, absolute: true, caseSensitiveMatch: false })).sort(compareNatural) : [entry];
    for (const file of files) {
      try {
        texts.push(await fs.readFile(file, 'utf8'));
      } catch {
        throw new MissingPathError(file);
      }
    }
  }
  return texts;
}

/** The linted files of a set as live mode reads them: shown path and "up" part; unreadable files are left out. */
async function liveSetFiles(plan: MigrationSetPlan, options: RunOptions): Promise<LiveSetFile[]> {
  const files: LiveSetFile[] = [];
  for (const file of plan.files) {
    if (file.role !== 'lint') continue;
    try {
      const text = options.textOverride?.absolutePath === file.absolutePath ? options.textOverride.text : await fs.readFile(file.absolutePath, 'utf8');
      if (isRunbookPath(file.absolutePath)) {
        // A runbook's SQL is what its gh-ost and pt-online-schema-change invocations apply.
        const runbook = readRunbook(file.absolutePath, text);
        const statementOffsets = new Map(runbook.statements.filter((statement) => statement.sql !== '').map((statement) => [statement.facts.sqlOffset, statement.span.start]));
        files.push({ path: file.displayPath, text: runbook.sql, statementOffsets });
      } else files.push({ path: file.displayPath, text: upPartOf(plan.convention, text).text });
    } catch {
      // Reported as unreadable by the lint loop.
    }
  }
  return files;
}

function unreadable(path: string, error: unknown, what: 'file' | 'folder'): FileLintResult {
  const lines = new LineIndex('');
  const reason = error instanceof Error ? error.message : String(error);
  return {
    path,
    text: '',
    statements: 0,
    parsed: 0,
    recognised: 0,
    unparsed: 0,
    diagnostics: [
      {
        ruleId: 'parse-error',
        severity: 'warning',
        message: `cannot read this ${what}; ${what === 'file' ? 'it was' : 'the files in it were'} not checked`,
        notes: [reason],
        file: path,
        range: lines.range(0, 0),
        statementIndex: 0,
        docsUrl: docsUrlFor('parse-error'),
      },
    ],
  };
}
