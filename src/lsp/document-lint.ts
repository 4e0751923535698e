/**
 * Linting one editor document as the command line lints the file it stands for.
 *
 * The document's workspace folder plays the part of the working directory: the configuration is
 * searched upward from it (src/config), relative paths are shown from it, and the document is
 * linted with `lintTextAt` (src/run.ts), so the earlier files of its folder are replayed as
 * history under the folder's migration convention, exactly as `uniqlint lint <file>` run from the
 * workspace folder would. The baseline applies as in the CLI. Live mode runs only when the
 * configuration file turns it on (`live.enabled: true`, or a `live.url`): `UNIQLINT_DATABASE_URL`
 * alone, which the CLI honours, does not start it in the editor.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { knownRuleIds } from '../../rules/index.js';
import { applyBaseline, DEFAULT_BASELINE_FILE, readBaseline } from '../baseline/baseline.js';
import { loadConfig, settingsFrom, type ConfigSettings } from '../config/load.js';
import type { FileLintResult } from '../engine/lint.js';
import { AppliedMigrationGuard } from '../fix/applied.js';
import { liveModeRequested } from '../live/settings.js';
import type { RunResult } from '../report/result.js';
import { lintTextAt, NoFilesError, runOptionsFrom, type RunOptions } from '../run.js';

/** Where a document lives on disk, and the folder it is linted from. */
export interface DocumentPlace {
  /** Absolute path of the file the document stands for; undefined for an unsaved, untitled document. */
  absolutePath?: string;
  /** The workspace folder holding the file (the CLI's working directory), else the file's folder. */
  root: string;
}

/** The settings a document is linted with: the configuration found from its root, as run options. */
export interface DocumentSettings {
  settings: ConfigSettings;
  options: RunOptions;
  /** True when the configuration turns live mode on. */
  live: boolean;
}

/** The outcome of linting one document. */
export type DocumentLintOutcome =
  /** The document was linted; `file` is its result (its `text` is the document's text). */
  | { kind: 'linted'; file: FileLintResult; notes: string[] }
  /** The folder's convention or the configuration's `exclude` leaves the file out: no diagnostics. */
  | { kind: 'not-linted'; reason: string };

/**
 * The document's place: `root` is the deepest of `workspaceFolders` (absolute paths) that holds the
 * file, else the file's own folder; an untitled document is linted from the first workspace
 * folder, else from `fallbackRoot`.
 */
export function placeOf(absolutePath: string | undefined, workspaceFolders: readonly string[], fallbackRoot: string): DocumentPlace {
  if (absolutePath === undefined) return { root: workspaceFolders[0] ?? fallbackRoot };
  let best: string | undefined;
  for (const folder of workspaceFolders) {
    const relative = path.relative(folder, absolutePath);
    const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    if (inside && (best === undefined || folder.length > best.length)) best = folder;
  }
  return { absolutePath, root: best ?? path.dirname(absolutePath) };
}

/**
 * Loads the configuration that applies from `root`, as the CLI does without flags.
 *
 * @throws ConfigError when the configuration cannot be read or is invalid.
 */
export async function settingsFor(root: string): Promise<DocumentSettings> {
  const settings = settingsFrom(await loadConfig({ cwd: root, ruleIds: knownRuleIds() }));
  const live = liveModeRequested({ ...(settings.live ? { config: settings.live } : {}), env: {} });
  return { settings, options: runOptionsFrom(settings), live };
}

/**
 * Lints `text` as the document at `place`, with `options` (from `settingsFor`, with live mode
 * added by the caller when it runs). Never throws for the document's content: a statement that
 * cannot be parsed is a `parse-error` diagnostic. A baseline that cannot be read is left out and
 * named in `notes`.
 *
 * @throws MissingPathError when a configured `baseSchema` path does not exist; whatever live
 *   mode throws (LiveConnectionError) when `options.live` is set.
 */
export async function lintEditorDocument(text: string, place: DocumentPlace, documentSettings: DocumentSettings, options: RunOptions = documentSettings.options): Promise<DocumentLintOutcome> {
  const notes: string[] = [];
  let result: RunResult;
  const name = place.absolutePath === undefined ? undefined : path.relative(place.root, place.absolutePath) || place.absolutePath;
  try {
    result = await lintTextAt(text, name, options, place.root);
  } catch (error) {
    if (error instanceof NoFilesError) return { kind: 'not-linted', reason: error.message };
    throw error;
  }
  const baselineFile = documentSettings.settings.baseline ?? path.join(documentSettings.settings.baseDirectory, DEFAULT_BASELINE_FILE);
  const useBaseline = documentSettings.settings.baseline !== undefined || (await fs.stat(baselineFile).then(() => true, () => false));
  if (useBaseline && place.absolutePath !== undefined) {
    try {
      result = applyBaseline(result, await readBaseline(baselineFile), place.root, path.dirname(baselineFile)).result;
    } catch (error) {
      notes.push(`the baseline was not applied: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const file = result.files[0];
  if (!file) return { kind: 'not-linted', reason: 'the run linted nothing' };
  return { kind: 'linted', file: { ...file, text }, notes };
}

/**
 * Why the safe fixes and suppression comments are not offered for the file at `absolutePath`, or
 * undefined when they may be: the `--fix` decision (src/fix/applied.ts), with the document counted
 * as a file named one by one (the user opened it), the configuration's `applied` globs, and
 * HEAD as the base. Never throws.
 */
export async function appliedReasonOf(absolutePath: string, settings: ConfigSettings): Promise<string | undefined> {
  const guard = new AppliedMigrationGuard({
    namedFiles: [absolutePath],
    ...(settings.applied ? { appliedPatterns: { patterns: settings.applied, baseDirectory: settings.baseDirectory } } : {}),
  });
  return guard.appliedReason(absolutePath);
}
