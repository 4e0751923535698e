/**
 * Turns command-line paths into an ordered lint plan: which files to lint, and which earlier
 * migrations of the same migration set to replay first as history.
 *
 * A migration set is the folder that holds the migrations, in natural version order
 * (`compareNatural`). Prisma keeps one migration per folder (`migrations/<timestamp>_<name>/
 * migration.sql`): there the set is the parent folder and each file sorts by its own folder's name.
 * Each set has a migration convention (src/source/conventions.ts), detected from its files or
 * configured: it decides which files are skipped (`*.down.sql`, Flyway undo files) and the order
 * (Flyway repeatable migrations after the versioned ones).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { compareNatural } from './natural-order.js';
import { isPipelineDefinitionPath } from './pipeline-definition.js';
import { isRunbookPath } from './online-schema-change.js';
import {
  classifyFile,
  compareInConvention,
  deploymentGroupOf,
  configuredConvention,
  detectConvention,
  type ConventionName,
  type ConventionSetting,
} from './conventions.js';

/** One file of a migration set, with the role it plays in a run. */
export interface PlannedFile {
  /** The path to read. */
  absolutePath: string;
  /** The path to show in diagnostics: as the user named it, relative to the working directory. */
  displayPath: string;
  /** `lint`: check and replay; `history`: replay into the schema model only. */
  role: 'lint' | 'history';
  /**
   * The deployment the file belongs to: consecutive files of a set with the same value run
   * together, so row facts (empty tables, dropped keys, dedupe steps) carry from one to the next.
   * A file given by name (on the command line, by a hook, by `--changed-since`) belongs to the
   * set's change, one deployment for all of them; a convention may group files (pop's split
   * migrations, `deploymentGroupOf`), and that group wins; any other file is a deployment of its own.
   */
  deployment: string;
}

/** The files of one migration set, in replay order. */
export interface MigrationSetPlan {
  /** Folder that holds the set. */
  directory: string;
  /** The set's migration convention (detected or configured). */
  convention: ConventionName;
  /**
   * Files named on the command line (not found through a folder or a glob) that the convention
   * leaves out, such as a down migration or, in a Flyway folder, a name Flyway does not run.
   */
  skipped: SkippedFile[];
  files: PlannedFile[];
}

/** Options of `planMigrationSets`. */
export interface PlanOptions {
  /** How each set's convention is chosen; default: detected per folder. */
  convention?: ConventionSetting;
  /** Told about every folder under a named folder that cannot be read (its files are then not linted). */
  onUnreadableFolder?: (absolutePath: string, reason: string) => void;
  /** Folder that configuration paths (convention folders, `exclude` globs) are relative to; default `cwd`. */
  baseDirectory?: string;
  /** Glob patterns (relative to `baseDirectory`) of files never linted nor replayed. */
  exclude?: string[];
}

/** Bytes of each file read to detect a content-marked convention (goose, dbmate, Liquibase). */
const HEAD_BYTES = 4096;
/** Most files of a set read to detect a content-marked convention. */
const HEAD_FILES = 8;

async function readHead(file: string): Promise<string> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}

async function conventionOf(directory: string, files: string[], options: PlanOptions, cwd: string): Promise<ConventionName> {
  const configured = configuredConvention(options.convention, directory, options.baseDirectory ?? cwd);
  if (configured !== 'auto') return configured;
  const byName = detectConvention(files);
  if (byName !== 'plain') return byName;
  const sample = [...files].sort(compareNatural).slice(0, HEAD_FILES);
  return detectConvention(files, await Promise.all(sample.map(readHead)));
}

/** A file the plan leaves out, and why. */
export interface SkippedFile {
  displayPath: string;
  reason: string;
}

/** Raised for a path that does not exist or cannot be read; the CLI maps it to exit code 2. */
export class MissingPathError extends Error {
  constructor(readonly path: string) {
    super(`no such file or directory: ${path}`);
    this.name = 'MissingPathError';
  }
}

const IGNORED_DIRECTORIES = ['**/node_modules/**', '**/.git/**'];

/**
 * A glob pattern that names a runbook extension (`runbooks/*.md`, `scripts/**\/*.sh`,
 * `ops/*.{sh,md}`): only such a pattern picks up shell scripts and Markdown files, which folders
 * are never searched for.
 */
const RUNBOOK_PATTERN = /\.(?:sh|bash|md|markdown)\b|\{[^}]*\b(?:sh|bash|md|markdown)\b[^}]*\}/i;

/** True for files that hold only the "down" direction of a migration. */
export function isDownMigration(file: string): boolean {
  return /\.down\.sql$/i.test(path.basename(file));
}

/** The migration-set folder of a file and its sort key inside that set. */
export function migrationSetOf(file: string): { directory: string; sortKey: string } {
  const directory = path.dirname(file);
  if (path.basename(file).toLowerCase() === 'migration.sql') {
    return { directory: path.dirname(directory), sortKey: path.basename(directory) };
  }
  return { directory, sortKey: path.basename(file) };
}

async function sqlFilesIn(directory: string): Promise<string[]> {
  const found = await glob(['**/*.sql', '**/pipeline/*.json'], {
    cwd: directory,
    absolute: true,
    ignore: IGNORED_DIRECTORIES,
    caseSensitiveMatch: false,
    followSymbolicLinks: false,
  });
  return found.map((file) => path.resolve(file));
}

/**
 * Walks the folders under `directory` (not following symbolic links, skipping node_modules and
 * .git, as the file search does) and reports each one that cannot be listed: the glob library
 * passes over them in silence.
 */
async function reportUnreadableFolders(directory: string, report: (absolutePath: string, reason: string) => void): Promise<void> {
  const pending = [directory];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      report(folder, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git') pending.push(path.join(folder, entry.name));
    }
  }
}

/** `migration.sql` files are siblings when they lie one folder below the same set folder. */
async function siblingsOf(set: string, sampleFile: string): Promise<string[]> {
  const prisma = path.basename(sampleFile).toLowerCase() === 'migration.sql';
  let entries;
  try {
    entries = await fs.readdir(set, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(set, entry.name);
    if (prisma) {
      if (entry.isDirectory()) {
        const candidate = path.join(full, 'migration.sql');
        try {
          await fs.access(candidate);
          files.push(candidate);
        } catch {
          // a folder without migration.sql is not a migration
        }
      }
    } else if (entry.isFile() && /\.sql$/i.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

/**
 * Expands command-line paths (files, folders searched for `*.sql` and `pipeline/*.json`, glob patterns) into plans, one
 * per migration set, in a stable order. Shell scripts and Markdown runbooks (`*.sh`, `*.bash`,
 * `*.md`, `*.markdown`) are linted only when named: as a file, or by a glob pattern that names
 * their extension; each one is a set of its own, without sibling history.
 *
 * For every set, the plan lists the set's files in natural version order up to the last file to
 * lint: files given by the user get role `lint`, the other, earlier ones role `history`.
 *
 * @param inputs paths as given; resolved against `cwd`.
 * @throws MissingPathError when a non-glob input does not exist.
 */
export async function planMigrationSets(inputs: string[], cwd: string = process.cwd(), options: PlanOptions = {}): Promise<MigrationSetPlan[]> {
  const toLint = new Set<string>();
  const named = new Set<string>();
  const excluded = new Set<string>();
  if (options.exclude && options.exclude.length > 0) {
    const matched = await glob(options.exclude, { cwd: options.baseDirectory ?? cwd, absolute: true, dot: true, ignore: IGNORED_DIRECTORIES });
    for (const file of matched) excluded.add(path.resolve(file));
  }
  for (const input of inputs) {
    if (isDynamicPattern(input)) {
      const matched = await glob([input], { cwd, absolute: true, ignore: IGNORED_DIRECTORIES });
      const namesRunbooks = RUNBOOK_PATTERN.test(input);
      for (const file of matched) if (/\.sql$/i.test(file) || isPipelineDefinitionPath(file) || (namesRunbooks && isRunbookPath(file))) toLint.add(path.resolve(file));
      continue;
    }
    const absolute = path.resolve(cwd, input);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      throw new MissingPathError(input);
    }
    if (stat.isDirectory()) {
      for (const file of await sqlFilesIn(absolute)) toLint.add(file);
      if (options.onUnreadableFolder) await reportUnreadableFolders(absolute, options.onUnreadableFolder);
    }
    else {
      toLint.add(absolute);
      named.add(absolute);
    }
  }

  const plans: MigrationSetPlan[] = [];
  const bySet = new Map<string, string[]>();
  for (const file of toLint) {
    if (excluded.has(file)) continue;
    if (isRunbookPath(file)) {
      // A runbook is a set of its own: its history is the base schema only (RunOptions.baseSchema).
      plans.push({ directory: path.dirname(file), convention: 'plain', skipped: [], files: [{ absolutePath: file, displayPath: displayPathOf(file, cwd), role: 'lint', deployment: `file:${file}` }] });
      continue;
    }
    const { directory } = migrationSetOf(file);
    const list = bySet.get(directory) ?? [];
    list.push(file);
    bySet.set(directory, list);
  }

  for (const [directory, lintFiles] of bySet) {
    const siblings = new Set((await siblingsOf(directory, lintFiles[0]!)).filter((file) => !excluded.has(file)));
    for (const file of lintFiles) siblings.add(file);
    const convention = await conventionOf(directory, [...siblings], options, cwd);
    const skipped: SkippedFile[] = [];
    for (const file of lintFiles) {
      const classification = classifyFile(convention, file);
      if (classification.kind === 'skip' && named.has(file)) skipped.push({ displayPath: displayPathOf(file, cwd), reason: `${classification.reason ?? 'left out by the convention'} (folder convention: ${convention})` });
    }
    const ordered = [...siblings]
      .filter((file) => classifyFile(convention, file).kind !== 'skip')
      .sort((a, b) => compareInConvention(convention, migrationSetOf(a).sortKey, migrationSetOf(b).sortKey) || compareNatural(a, b));
    const lintSet = new Set(lintFiles);
    const unversioned = isUnversionedSet(convention, ordered);
    let last = -1;
    ordered.forEach((file, index) => {
      if (lintSet.has(file)) last = index;
    });
    plans.push({
      directory,
      convention,
      skipped,
      files: ordered.slice(0, last + 1).map((file) => {
        const group = unversioned ? 'folder' : deploymentGroupOf(convention, file);
        const role = lintSet.has(file) ? 'lint' : 'history';
        const deployment = group !== undefined ? `group:${group}` : role === 'lint' && named.has(file) ? 'change' : `file:${file}`;
        return { absolutePath: file, displayPath: displayPathOf(file, cwd), role, deployment };
      }),
    });
  }
  plans.sort((a, b) => compareNatural(a.directory, b.directory) || compareNatural(a.files[0]?.absolutePath ?? '', b.files[0]?.absolutePath ?? ''));
  return plans;
}

/**
 * True for a plain set none of whose file names carries a version number (`schema.sql` and
 * `data.sql`, `dolphinscheduler_ddl.sql` and `dolphinscheduler_dml.sql` inside a version folder):
 * such files are not a sequence of migrations but one migration split by kind, applied together,
 * so the whole set is one deployment.
 */
export function isUnversionedSet(convention: string, files: readonly string[]): boolean {
  if (convention !== 'plain' || files.length < 2) return false;
  return files.every((file) => !/\d/.test(path.basename(file).replace(/\.sql$/i, '')));
}

/** The path relative to `cwd` (absolute only when no relative path exists); `/` separators. */
export function displayPathOf(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  const shown = relative && !path.isAbsolute(relative) ? relative : file;
  return shown.split(path.sep).join('/');
}
