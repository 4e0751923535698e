/**
 * A whole lint run over paths: plan the migration sets, replay history, lint the files, collect
 * results. Used by the CLI and available to programs.
 */
import { promises as fs } from 'node:fs';
import { MigrationLinter, type FileLintResult, type LinterOptions } from './engine/lint.js';
import { planMigrationSets, type MigrationSetPlan, type PlanOptions, type SkippedFile } from './source/discover.js';
import { upPartOf } from './source/conventions.js';
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
  const plans = await planMigrationSets(inputs, cwd, options);
  const files: FileLintResult[] = [];
  for (const plan of plans) {
    const live = options.live ? await options.live.prepareSet(await liveSetFiles(plan, options), options.dialect ?? 'mysql') : undefined;
    const linter = new MigrationLinter(live ? { ...options, liveFacts: live.facts, charsetCollations: live.charsetCollations } : options);
    live?.seed(linter);
    for (const file of plan.files) {
      let text: string;
      try {
        text = options.textOverride?.absolutePath === file.absolutePath ? options.textOverride.text : await fs.readFile(file.absolutePath, 'utf8');
      } catch (error) {
        if (file.role === 'lint') files.push(unreadable(file.displayPath, error));
        continue;
      }
      const up = upPartOf(plan.convention, text).text;
      if (file.role === 'history') {
        if (!live || live.replayHistory) linter.replay(up);
      } else {
        const result = linter.lint(file.displayPath, up);
        // Formatters draw code frames from the file as written, not from the blanked copy.
        files.push(up === text ? result : { ...result, text });
      }
    }
  }
  if (files.length === 0) throw new NoFilesError(inputs, plans.flatMap((plan) => plan.skipped));
  if (options.live) await options.live.attach(files);
  return { files, summary: summarize(files) };
}

/** The linted files of a set as live mode reads them: shown path and "up" part; unreadable files are left out. */
async function liveSetFiles(plan: MigrationSetPlan, options: RunOptions): Promise<LiveSetFile[]> {
  const files: LiveSetFile[] = [];
  for (const file of plan.files) {
    if (file.role !== 'lint') continue;
    try {
      const text = options.textOverride?.absolutePath === file.absolutePath ? options.textOverride.text : await fs.readFile(file.absolutePath, 'utf8');
      files.push({ path: file.displayPath, text: upPartOf(plan.convention, text).text });
    } catch {
      // Reported as unreadable by the lint loop.
    }
  }
  return files;
}

function unreadable(path: string, error: unknown): FileLintResult {
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
        message: `cannot read this file (${reason}); it was not checked.`,
        file: path,
        range: lines.range(0, 0),
        statementIndex: 0,
        docsUrl: docsUrlFor('parse-error'),
      },
    ],
  };
}
