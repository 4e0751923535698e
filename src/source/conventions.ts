/**
 * Migration conventions: how a migration tool names its files, which files and parts of files
 * hold the "up" direction, and in which order the tool applies them.
 *
 * A convention is detected per migration-set folder (from file names, then from markers in the
 * files' first lines) and can be overridden by the configuration. Only the "up" direction is
 * linted and replayed into the schema model: "down" and undo files are skipped, and "down" parts
 * inside a file are replaced by blanks that keep every line break, so offsets and line:column
 * positions of the "up" part stay exact.
 *
 * Semantics follow each tool's documentation:
 * - Flyway "Migrations" / "Naming patterns": `V<version>__<desc>.sql` versioned migrations in
 *   version order, `R__<desc>.sql` repeatable migrations applied after all versioned ones (ordered
 *   by description), `U<version>__<desc>.sql` undo migrations (never applied on the way up), and
 *   `${name}` placeholders replaced at run time.
 * - golang-migrate "Migration Filename Format": `<version>_<title>.up.sql` / `.down.sql`.
 * - goose "SQL Migrations": `-- +goose Up` / `-- +goose Down` sections, `-- +goose
 *   StatementBegin` / `StatementEnd` around statements holding semicolons.
 * - dbmate "Creating Migrations": `-- migrate:up` / `-- migrate:down` sections.
 * - Prisma Migrate: `migrations/<timestamp>_<name>/migration.sql`, one folder per migration.
 * - Liquibase "Formatted SQL": a first line `--liquibase formatted sql`, `--changeset
 *   author:id` headers, and `--rollback` lines or `/* liquibase rollback *\/` blocks, which are
 *   not run on update.
 * - gobuffalo/pop "Migrations" (fizz and SQL migrations, as ory/popx runs them):
 *   `<version>_<name>[.<dialect>].up.sql` and `.down.sql`, where a dialect suffix (`mysql`,
 *   `postgres`, `cockroach`, `sqlite3`) limits a file to that database. Projects such as
 *   ory/kratos split one logical migration into one statement per file, numbered
 *   `<14-digit timestamp><6-digit sequence>_<name>`: the files of one timestamp are written and
 *   applied together, so they form one deployment (`deploymentGroupOf`).
 */
import path from 'node:path';
import { compareNatural } from './natural-order.js';

/** The migration conventions uniqlint knows. */
export const CONVENTION_NAMES = ['plain', 'flyway', 'golang-migrate', 'goose', 'dbmate', 'prisma', 'liquibase', 'pop'] as const;

/** A migration convention. `plain`: numbered files, each one whole migration. */
export type ConventionName = (typeof CONVENTION_NAMES)[number];

/**
 * How the convention is chosen: `auto` detects it per folder; a name forces it everywhere; an
 * object maps folders (relative to the configuration file, `/` separators) to `auto` or a name;
 * the longest folder that contains a migration set wins, and unlisted folders are detected.
 */
export type ConventionSetting = ConventionName | 'auto' | Record<string, ConventionName | 'auto'>;

/** What a convention makes of one file. */
export interface FileClassification {
  /**
   * `migration`: applied in version order; `repeatable`: applied after every versioned migration
   * (Flyway `R__`); `skip`: never applied on the way up (down, undo and callback files).
   */
  kind: 'migration' | 'repeatable' | 'skip';
  /** Why a file is skipped, for messages. */
  reason?: string;
}

const FLYWAY_VERSIONED = /^V\d+(?:[._]\d+)*__.*\.sql$/i;
const FLYWAY_REPEATABLE = /^R__.*\.sql$/i;
const FLYWAY_UNDO = /^U\d+(?:[._]\d+)*__.*\.sql$/i;
const DOWN_FILE = /\.down\.sql$/i;
const UP_FILE = /\.up\.sql$/i;

/** A pop migration split by sequence: 14-digit timestamp, 6-digit sequence, name, optional dialect, direction. */
const POP_SPLIT_FILE = /^(\d{14})\d{6}_[^.]+(?:\.([A-Za-z0-9]+))?\.(?:up|down)\.sql$/i;
/** Dialect suffixes pop knows; a file with one of them runs only on that database. */
const POP_DIALECTS = new Set(['mysql', 'mariadb', 'postgres', 'cockroach', 'sqlite3']);
/** Dialects whose pop files run on MySQL and MariaDB. */
const POP_MYSQL_DIALECTS = new Set(['mysql', 'mariadb']);

const GOOSE_MARKER = /^[ \t]*--[ \t]*\+goose[ \t]+(up|down)\b/im;
const DBMATE_MARKER = /^[ \t]*--[ \t]*migrate:(up|down)\b/im;
const LIQUIBASE_MARKER = /^[ \t]*--[ \t]*liquibase[ \t]+formatted[ \t]+sql\b/im;

/**
 * Classifies a file of a migration set under a convention.
 *
 * @param fileName the file's base name (`V2__users.sql`, `0001_a.down.sql`, `migration.sql`).
 */
export function classifyFile(convention: ConventionName, fileName: string): FileClassification {
  const name = path.basename(fileName);
  if (convention === 'flyway') {
    if (FLYWAY_UNDO.test(name)) return { kind: 'skip', reason: 'Flyway undo migration' };
    if (FLYWAY_REPEATABLE.test(name)) return { kind: 'repeatable' };
    if (FLYWAY_VERSIONED.test(name)) return { kind: 'migration' };
    return { kind: 'skip', reason: 'not a Flyway migration name (V<version>__<description>.sql or R__<description>.sql)' };
  }
  if (DOWN_FILE.test(name)) return { kind: 'skip', reason: 'down migration' };
  if (convention === 'pop') {
    if (!UP_FILE.test(name)) return { kind: 'skip', reason: 'not a pop up migration (<version>_<name>[.<dialect>].up.sql)' };
    const dialect = /\.([A-Za-z0-9]+)\.up\.sql$/i.exec(name)?.[1]?.toLowerCase();
    if (dialect && POP_DIALECTS.has(dialect) && !POP_MYSQL_DIALECTS.has(dialect)) {
      return { kind: 'skip', reason: `pop migration for another database (${dialect})` };
    }
    return { kind: 'migration' };
  }
  if (convention === 'golang-migrate' && !UP_FILE.test(name)) {
    return { kind: 'skip', reason: 'not a golang-migrate up file (<version>_<title>.up.sql)' };
  }
  return { kind: 'migration' };
}

/**
 * The order a convention applies two files of one set in: negative when `a` goes first.
 * `a` and `b` are sort keys: the file name, or for Prisma the migration folder's name.
 */
export function compareInConvention(convention: ConventionName, a: string, b: string): number {
  if (convention === 'flyway') {
    const aRepeatable = FLYWAY_REPEATABLE.test(a);
    const bRepeatable = FLYWAY_REPEATABLE.test(b);
    if (aRepeatable !== bRepeatable) return aRepeatable ? 1 : -1;
    if (aRepeatable) return a.slice(3).localeCompare(b.slice(3), 'en');
  }
  return compareNatural(a, b);
}

/**
 * Detects the convention of one migration-set folder.
 *
 * File names decide first (Flyway, golang-migrate, Prisma); otherwise the first lines of the files
 * (`heads`) are searched for goose, dbmate and Liquibase markers; otherwise `plain`.
 *
 * @param fileNames base names of the set's `.sql` files (for Prisma, `migration.sql`).
 * @param heads the beginning of some of the set's files (a few kilobytes each is enough).
 */
export function detectConvention(fileNames: readonly string[], heads: readonly string[] = []): ConventionName {
  const names = fileNames.map((name) => path.basename(name));
  if (names.some((name) => name.toLowerCase() === 'migration.sql')) return 'prisma';
  if (names.some((name) => FLYWAY_VERSIONED.test(name) || FLYWAY_REPEATABLE.test(name) || FLYWAY_UNDO.test(name))) return 'flyway';
  if (names.some((name) => POP_SPLIT_FILE.test(name) && POP_DIALECTS.has((POP_SPLIT_FILE.exec(name)?.[2] ?? '').toLowerCase()))) return 'pop';
  if (names.some((name) => UP_FILE.test(name))) return 'golang-migrate';
  for (const head of heads) {
    if (GOOSE_MARKER.test(head)) return 'goose';
    if (DBMATE_MARKER.test(head)) return 'dbmate';
    if (LIQUIBASE_MARKER.test(head)) return 'liquibase';
  }
  return 'plain';
}

/**
 * The deployment group of a migration file: files of one set with the same group are applied
 * together, so their statements form one deployment (row facts carry from one file to the next).
 * For pop, the 14-digit timestamp of a split migration (`20210410175418000045_network.mysql.up.sql`
 * → `20210410175418`); undefined for every other convention, where each file is its own
 * deployment.
 *
 * @param fileName the file's base name or path.
 */
export function deploymentGroupOf(convention: ConventionName, fileName: string): string | undefined {
  if (convention !== 'pop') return undefined;
  return POP_SPLIT_FILE.exec(path.basename(fileName))?.[1];
}

/**
 * Picks the configured convention for a folder: the setting for the longest configured folder
 * that is the folder itself or one of its parents.
 *
 * @param directory absolute path of the migration-set folder.
 * @param baseDirectory folder that relative keys of an object setting are resolved against.
 * @returns a convention name, or `auto` when it must be detected.
 */
export function configuredConvention(setting: ConventionSetting | undefined, directory: string, baseDirectory: string): ConventionName | 'auto' {
  if (setting === undefined) return 'auto';
  if (typeof setting === 'string') return setting;
  let best: { length: number; value: ConventionName | 'auto' } | undefined;
  for (const [folder, value] of Object.entries(setting)) {
    const absolute = path.resolve(baseDirectory, folder);
    const relative = path.relative(absolute, directory);
    const inside = relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
    if (inside && (!best || absolute.length > best.length)) best = { length: absolute.length, value };
  }
  return best?.value ?? 'auto';
}

/** A `[start, end)` offset range of a file that is not part of its "up" direction. */
export interface RemovedPart {
  start: number;
  end: number;
  /** What was removed, e.g. `goose Down section`. */
  what: string;
}

/** A file's text reduced to what is applied on the way up. */
export interface UpPart {
  /** Same length as the input, with removed parts blanked (line breaks kept). */
  text: string;
  removed: RemovedPart[];
}

/** Replaces `[start, end)` of `text` by spaces, keeping `\n` and `\r`. */
export function blankRange(text: string, start: number, end: number): string {
  const middle = text.slice(start, end).replace(/[^\r\n]/g, ' ');
  return text.slice(0, start) + middle + text.slice(end);
}

/** Blanks every range of `parts` (sorted, not overlapping) in one pass. */
function blankRanges(text: string, parts: readonly RemovedPart[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const part of parts) {
    if (part.start < at) continue;
    pieces.push(text.slice(at, part.start), text.slice(part.start, part.end).replace(/[^\r\n]/g, ' '));
    at = part.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

/** Offsets of the line starts where `marker` (a multiline regex with one direction group) matches. */
function sectionMarkers(text: string, marker: RegExp): { offset: number; direction: string }[] {
  const global = new RegExp(marker.source, 'gim');
  const found: { offset: number; direction: string }[] = [];
  for (let match = global.exec(text); match !== null; match = global.exec(text)) {
    found.push({ offset: match.index, direction: (match[1] ?? '').toLowerCase() });
    if (match[0].length === 0) global.lastIndex++;
  }
  return found;
}

/** Blanks every "down" section: from a down marker to the next up marker or the end. */
function removeDownSections(text: string, marker: RegExp, what: string): UpPart {
  const removed: RemovedPart[] = [];
  const markers = sectionMarkers(text, marker);
  for (let i = 0; i < markers.length; i++) {
    const current = markers[i]!;
    if (current.direction !== 'down') continue;
    let end = text.length;
    for (let j = i + 1; j < markers.length; j++) {
      if (markers[j]!.direction === 'up') {
        end = markers[j]!.offset;
        break;
      }
    }
    const previous = removed.at(-1);
    if (previous && previous.end >= current.offset) continue;
    removed.push({ start: current.offset, end, what });
  }
  return { text: blankRanges(text, removed), removed };
}

/**
 * Blanks Liquibase rollback lines (`--rollback ...`), `/* liquibase rollback ... *\/` blocks, and
 * the directive lines (`--liquibase formatted sql`, `--changeset a:1`, `--comment ...`): written
 * without a blank after `--`, MySQL would not read them as comments, while Liquibase removes them
 * before it sends a changeset's SQL.
 */
function removeLiquibaseRollbacks(text: string): UpPart {
  const removed: RemovedPart[] = [];
  const directive = /^[ \t]*--[ \t]*(?:liquibase|changeset|comment|preconditions|precondition-[a-z-]+|validCheckSum|ignoreLines|property|include|labels|context)\b[^\n]*/gim;
  for (let match = directive.exec(text); match !== null; match = directive.exec(text)) {
    removed.push({ start: match.index, end: match.index + match[0].length, what: 'Liquibase directive' });
  }
  const line = /^[ \t]*--[ \t]*rollback\b[^\n]*/gim;
  for (let match = line.exec(text); match !== null; match = line.exec(text)) {
    removed.push({ start: match.index, end: match.index + match[0].length, what: 'Liquibase rollback' });
  }
  const block = /\/\*[ \t]*liquibase[ \t]+rollback\b[\s\S]*?(?:\*\/|$(?![\s\S]))/gi;
  for (let match = block.exec(text); match !== null; match = block.exec(text)) {
    if (match[0].length === 0) break;
    removed.push({ start: match.index, end: match.index + match[0].length, what: 'Liquibase rollback block' });
  }
  removed.sort((a, b) => a.start - b.start);
  return { text: blankRanges(text, removed), removed };
}

/**
 * Replaces Flyway `${name}` placeholders (also `${flyway:defaultSchema}`) by an identifier of
 * the same length (`${app_schema}` → `__app_schema_`), so the statement still parses and keeps
 * its offsets. Placeholders longer than 200 characters or spanning lines are left alone.
 */
export function neutralizePlaceholders(text: string): string {
  return text.replace(/\$\{([^}\r\n]{0,200})\}/g, (_whole, name: string) => `__${name.replace(/[^A-Za-z0-9_$]/g, '_')}_`);
}

/**
 * The "up" direction of a file under a convention: the same text with "down" sections, rollback
 * parts and placeholders neutralised, every offset unchanged. Never throws; linear in the text.
 */
export function upPartOf(convention: ConventionName, text: string): UpPart {
  switch (convention) {
    case 'goose':
      return removeDownSections(text, GOOSE_MARKER, 'goose Down section');
    case 'dbmate':
      return removeDownSections(text, DBMATE_MARKER, 'dbmate down section');
    case 'liquibase':
      return removeLiquibaseRollbacks(text);
    case 'flyway':
      return { text: neutralizePlaceholders(text), removed: [] };
    default:
      return { text, removed: [] };
  }
}
