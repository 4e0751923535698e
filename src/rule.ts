/**
 * The rule API. One rule per file under `rules/`; the file name is the rule id.
 *
 * A rule is a pure function of one analysed statement and the schema model as it stood just
 * before that statement. It reports diagnostics through its context and never mutates the model.
 */
import type { Severity, SourceRange, SuggestedFix } from './diagnostic.js';
import type { AnalyzedStatement, TableName } from './statement.js';
import type { SchemaView } from './schema/types.js';
import type { AutoIncrementFigures } from './live/auto-increment-probe.js';
import type { ServerSettingsFacts } from './live/server-variables.js';

/** SQL dialect a file is linted for. */
export type Dialect = 'mysql' | 'mariadb';

/** Tags rules carry, for filtering and docs. */
export type RuleTag = 'data-dependent' | 'mysql' | 'mariadb' | 'ddl' | 'dml' | 'auto-increment' | 'parser' | 'suppression';

/** An example statement sequence from a rule's own metadata; used for docs and tests. */
export interface RuleExample {
  /** One or more SQL statements (a small migration file). */
  sql: string;
  /** What the example shows. */
  description?: string;
  /** Dialect to lint the example with; default `mysql`. */
  dialect?: Dialect;
  /**
   * File name the example is linted as when it is not a SQL migration: `runbook.sh` or
   * `runbook.md` for an online schema-change runbook (src/source/online-schema-change.ts).
   */
  file?: string;
  /**
   * SQL replayed into the schema model before `sql` is linted, as history (e.g. the CREATE TABLE
   * of a table that already exists). Not linted.
   */
  history?: string;
  /**
   * For live-only rules that read server settings: what the example's target server says (global
   * variables and status by lower-case name, the replication source, the group's ONLINE members).
   * Shown in the docs; the tests run the example against these answers and, where the variables
   * can be set at run time, against a test server set up so.
   */
  serverSettings?: ExampleServerSettings;
}

/** The server answers a `RuleExample` is linted against (see `RuleExample.serverSettings`). */
export interface ExampleServerSettings {
  variables?: Readonly<Record<string, string>>;
  status?: Readonly<Record<string, string>>;
  /** `host:port` of the replication source this server is configured with. */
  replicationSource?: string;
  groupMembers?: number;
}

/** Metadata every rule declares. Docs pages and the README rule table are generated from it. */
export interface RuleMeta {
  /** Kebab-case, never reused; equals the file name under `rules/`. */
  id: string;
  /** One line: what the rule flags. */
  summary: string;
  /** Why it matters: the failure it prevents, with the manual section it rests on. */
  rationale: string;
  defaultSeverity: Severity;
  tags: RuleTag[];
  /** How to fix or avoid what the rule flags. */
  fix: string;
  /** Equivalent rules in other tools, e.g. `squawk: ...`; empty when none exists. */
  equivalents: string[];
  /**
   * `live`: the rule decides from facts read from the target database (`--live`) and reports
   * nothing in a static run. Its examples are checked against a test server, not statically.
   */
  requires?: 'live';
  examples: {
    /** Each must yield no diagnostic of this rule. */
    valid: RuleExample[];
    /** Each must yield exactly one diagnostic of this rule. */
    invalid: RuleExample[];
  };
}

/** What a rule passes to `report`. */
export interface RuleReport {
  /** The headline: one line saying what happens (see `Diagnostic.message`). */
  message: string;
  /** Why: the facts behind the headline, one paragraph each (see `Diagnostic.notes`). */
  notes?: string[];
  /** What to do: the fix or the query to run first, one paragraph each; code lines start with two spaces. */
  help?: string[];
  /** Defaults to the statement's range. */
  range?: SourceRange;
  /** Defaults to the rule's configured severity. */
  severity?: Severity;
  fix?: SuggestedFix;
  /** Machine-readable facts for later stages (see `Diagnostic.data`). */
  data?: Record<string, unknown>;
}

/** The AUTO_INCREMENT figures of one table, as read from the target database. */
export interface LiveAutoIncrementFact {
  table: TableName;
  figures: AutoIncrementFigures;
  /**
   * The smallest value of the AUTO_INCREMENT column at or above the next value, when one exists:
   * the first value an insert that lets the server pick the value would collide with.
   */
  firstTakenAtOrAboveNext?: bigint;
  /**
   * True when the column is not the first part of any index (a MyISAM or Aria grouped sequence,
   * where each prefix value has its own counter): the table counter says nothing about collisions.
   */
  groupedSequence: boolean;
}

/** Facts read from the target database in live mode, for rules that declare `requires: 'live'`. */
export interface LiveRuleFacts {
  /**
   * AUTO_INCREMENT figures of the tables the statement at `statementOffset` (file offset of the
   * statement's start) in `filePath` is the first of the run to mention; empty for other statements.
   */
  autoIncrementAt(filePath: string, statementOffset: number): readonly LiveAutoIncrementFact[];
  /**
   * The target's settings behind generated AUTO_INCREMENT values (binary log format, lock mode,
   * increment and offset, replication topology), read once per run; undefined when they could
   * not be read.
   */
  serverSettings?: ServerSettingsFacts;
}

/** Everything a rule sees for one statement. */
export interface RuleContext {
  statement: AnalyzedStatement;
  /** The schema model as it stood just before this statement. */
  schema: SchemaView;
  dialect: Dialect;
  /** Path of the file being linted, as given. */
  filePath: string;
  /** The whole file text (for computing ranges of sub-parts). */
  fileText: string;
  /** Maps a file offset range to a source range. */
  rangeOf(startOffset: number, endOffset: number): SourceRange;
  report(report: RuleReport): void;
  /**
   * Options the configuration gives this rule (`"rules": {"<id>": ["warning", {...}]}`), as
   * written; absent when none are given. A rule documents the options it reads.
   */
  options?: Readonly<Record<string, unknown>>;
  /** Facts from the target database; present only in live mode. */
  live?: LiveRuleFacts;
  /**
   * Version of the target server as configured (`serverVersion`, e.g. `8.0.36` or `10.11`), for
   * rules whose advice depends on it; absent when not configured.
   */
  serverVersion?: string;
  /**
   * A store that lives for one linted file and is shared by the statements of that file, for
   * rules that compare a statement with earlier ones (e.g. literal rows inserted earlier in the
   * file). Keys are the rule's id (or names starting with it). Absent outside the lint engine.
   */
  fileState?: Map<string, unknown>;
  /**
   * A store that lives for the files one linter lints, in order (one migration set), for rules
   * that need to know what earlier linted files did (e.g. which tables they created). Absent
   * outside the lint engine.
   */
  setState?: Map<string, unknown>;
}

/** A rule: its metadata and its check. */
export interface Rule {
  meta: RuleMeta;
  /** Called once per analysed statement (top-level, program body, or dynamic SQL unit). */
  check(context: RuleContext): void;
}

/** Identity helper that types a rule definition. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
