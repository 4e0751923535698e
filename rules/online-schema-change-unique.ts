/**
 * online-schema-change-unique: a gh-ost or pt-online-schema-change invocation in a shell script
 * or runbook whose `--alter` adds a unique key over existing rows, or changes a column inside
 * one, so the tool's INSERT IGNORE copy drops the duplicate rows without an error, or the tool
 * stops (gh-ost `--panic-on-warnings`) or refuses to start (pt-online-schema-change
 * `--check-unique-key-change`, on by default).
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { Severity } from '../src/diagnostic.js';
import type { OnlineSchemaChangeFacts } from '../src/statement.js';
import { duplicateFinderQuery } from '../src/analysis/duplicate-finder.js';
import { statementSpanRange } from '../src/analysis/ranges.js';
import { formatKeyParts, quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';
import { uniqueKeyRisks, type UniqueKeyRisk } from '../src/analysis/unique-key-risks.js';

/** `unique key `uk` (`a`)` or `PRIMARY KEY (`a`)`. */
function keyLabel(risk: UniqueKeyRisk): string {
  return risk.primary ? `PRIMARY KEY ${formatKeyParts(risk.parts)}` : `unique key ${quoteIdentifier(risk.keyName)} ${formatKeyParts(risk.parts)}`;
}

/** `ADD UNIQUE `uk_email``, `ADD PRIMARY KEY`, `MODIFY`: the clause and the key's name, for headlines. */
function clauseAndName(risk: UniqueKeyRisk): string {
  if (risk.cause === 'changed-columns' || risk.primary || /PRIMARY KEY/i.test(risk.clause)) return risk.clause;
  return `${risk.clause} ${quoteIdentifier(risk.keyName)}`;
}

/** What the risk is, for a headline: `` `orders` may already hold two rows with the same `email` ``. */
function riskHeadline(risk: UniqueKeyRisk): string {
  const table = quoteTableName(risk.table);
  if (risk.cause === 'changed-columns') {
    const changed = [...new Set(risk.reasons.map((reason) => quoteIdentifier(reason.column)))].join(', ');
    return `the change of ${changed} can make distinct values of ${risk.primary ? 'the PRIMARY KEY' : `unique key ${quoteIdentifier(risk.keyName)}`} on ${table} equal`;
  }
  if (risk.finderParts.length === 0) return `every existing row of ${table} gets the same value in ${risk.constantColumns.map((constant) => quoteIdentifier(constant.column)).join(', ')}`;
  const parts = formatKeyParts(risk.finderParts.map((part) => ({ column: part.column, ...(part.prefixLength !== undefined ? { prefixLength: part.prefixLength } : {}), ...(part.expression !== undefined ? { expression: part.expression } : {}) })));
  return `${table} may already hold two rows with the same ${risk.finderParts.length === 1 ? parts.slice(1, -1) : parts}`;
}

/** Why the risk exists, one note. */
function riskNote(risk: UniqueKeyRisk): string {
  const table = quoteTableName(risk.table);
  if (risk.cause === 'changed-columns') {
    return `${keyLabel(risk)} on table ${table} covers the changed column: ${risk.reasons.map((reason) => `${reason.clause} of ${quoteIdentifier(reason.column)}: ${reason.reason}`).join('; ')}`;
  }
  return `${risk.clause} adds ${keyLabel(risk)} on table ${table}, an existing table that may already hold rows${risk.primary ? '' : '; rows with a NULL key part never collide'}`;
}

const COPY_NOTE =
  'the tool builds the new table empty, copies the rows into it with INSERT IGNORE and applies concurrent writes with REPLACE INTO: ' +
  'a row whose key value is already in the new table is skipped with only a warning (or replaces the row that holds it), and after the cut-over it is gone';

/** The tool's name as the headline says it. */
function toolName(facts: OnlineSchemaChangeFacts): string {
  return facts.tool;
}

interface Finding {
  message: string;
  notes: string[];
  help: string[];
  /** How the tool treats the rows: for the live verdict. */
  outcome: 'drops' | 'stops' | 'refuses';
}

function findingFor(facts: OnlineSchemaChangeFacts, risk: UniqueKeyRisk, query: string): Finding {
  const tool = toolName(facts);
  const checkHelp = `run this query first and fix or remove the rows it returns:\n  ${query}`;
  if (facts.duplicateHandling === 'refuses-unique-key') {
    return {
      outcome: 'refuses',
      message: `pt-online-schema-change refuses this --alter: it adds ${risk.primary ? 'a PRIMARY KEY' : 'a unique key'} and --check-unique-key-change is on (the default); ${riskHeadline(risk)}`,
      notes: [
        riskNote(risk),
        'with --check-unique-key-change (and --check-alter), both on by default, the tool stops before copying any row when --alter adds a PRIMARY KEY or UNIQUE key, because its INSERT IGNORE copy would drop the duplicates',
      ],
      help: [checkHelp, 'once the query returns no row, run the tool with --no-check-unique-key-change (and, since rows written during the copy are not checked, keep the application from writing duplicates meanwhile)'],
    };
  }
  if (facts.duplicateHandling === 'panics-on-warnings') {
    return {
      outcome: 'stops',
      message: `${clauseAndName(risk)} may stop gh-ost (--panic-on-warnings): ${riskHeadline(risk)}`,
      notes: [riskNote(risk), `${COPY_NOTE}; with --panic-on-warnings gh-ost stops the migration at the first such warning instead, so no row is lost but the migration fails`],
      help: [checkHelp],
    };
  }
  const notes = [riskNote(risk), COPY_NOTE];
  const help = [checkHelp];
  if (facts.tool === 'gh-ost') {
    notes.push('--panic-on-warnings is not given, so gh-ost carries on and reports success');
    help.push('add --panic-on-warnings, so that gh-ost stops instead of dropping rows');
  } else if (risk.cause === 'changed-columns' || !/unique|primary/i.test(risk.clause)) {
    notes.push("pt-online-schema-change's --check-unique-key-change looks only for PRIMARY KEY or UNIQUE in --alter followed by a column list; this change passes it");
  } else {
    notes.push('--no-check-unique-key-change (or --no-check-alter) turns off the check that would have refused this --alter');
  }
  return { outcome: 'drops', message: `${clauseAndName(risk)} drops duplicate rows silently under ${tool}: ${riskHeadline(risk)}`, notes, help };
}

function reportRisk(context: RuleContext, facts: OnlineSchemaChangeFacts, risk: UniqueKeyRisk): void {
  const query = duplicateFinderQuery(risk.table, risk.finderParts);
  const finding = findingFor(facts, risk, query);
  const notes = [...finding.notes];
  let severity: Severity | undefined;
  if (!facts.executes) {
    notes.push(`as written this run changes nothing (${facts.tool === 'gh-ost' ? 'no --execute: a noop run' : '--dry-run, or no --execute'}); the finding is about the same command with --execute`);
    severity = 'info';
  }
  context.report({
    message: finding.message,
    notes,
    help: finding.help,
    ...(severity ? { severity } : {}),
    range: statementSpanRange(context, risk.span),
    data: {
      cause: risk.cause,
      table: risk.table,
      key: { name: risk.keyName, primary: risk.primary, parts: risk.parts },
      keyParts: risk.partChanges,
      finderParts: risk.finderParts,
      duplicateFinderQuery: query,
      tool: facts.tool,
      outcome: finding.outcome,
      // Where the statement stands in the SQL the file's invocations make (live mode reads that text).
      sqlOffset: facts.sqlOffset,
    },
  });
}

export default defineRule({
  meta: {
    id: 'online-schema-change-unique',
    summary:
      'A gh-ost or pt-online-schema-change run adds a unique key over existing rows, or changes a column inside one, so its INSERT IGNORE copy drops the duplicate rows silently.',
    rationale:
      'gh-ost and pt-online-schema-change never run the ALTER on the table itself: they create an empty copy, apply --alter to it, ' +
      'copy the rows over in chunks with INSERT IGNORE (pt-online-schema-change: INSERT LOW_PRIORITY IGNORE INTO ... SELECT; gh-ost: ' +
      'insert ignore into ... select) and apply concurrent writes with REPLACE INTO, then swap the tables. A new PRIMARY KEY or UNIQUE ' +
      'key over rows that share a value, or a column change that makes distinct values of an existing unique key equal (shorter ' +
      'strings, a case-insensitive collation...), therefore does not fail with ERROR 1062 the way a plain ALTER TABLE does: IGNORE ' +
      'turns each duplicate into a warning, the row is not copied, and after the cut-over it is gone while the tool reports success. ' +
      'pt-online-schema-change refuses to start instead when --alter adds a unique key, as long as --check-unique-key-change and ' +
      '--check-alter stay on (both default yes); it does not check column changes. gh-ost stops instead only with --panic-on-warnings. ' +
      'The rule reads the invocations in shell scripts and the fenced shell blocks of Markdown runbooks named on the command line, as ' +
      'ALTER TABLE <table> <alter>. Sources: Percona Toolkit pt-online-schema-change documentation (--alter, --[no]check-alter, ' +
      '--[no]check-unique-key-change) and source (check_alter, get_unique_index_fields); gh-ost doc/command-line-flags.md ' +
      '(--alter, --execute, --panic-on-warnings); MySQL 8.0 manual 15.2.7 "INSERT Statement" (IGNORE).',
    defaultSeverity: 'warning',
    tags: ['data-dependent', 'ddl', 'mysql', 'mariadb'],
    fix:
      'Run the duplicate-finder query from the message against the table before the run, and merge or delete the duplicates ' +
      '(or widen the key) first. Keep pt-online-schema-change\'s --check-unique-key-change on until that query comes back empty, ' +
      'and give gh-ost --panic-on-warnings so that a row written after the check stops the migration instead of being dropped. ' +
      'When the alter names a table kept in a migration folder, pass that folder with --base-schema so the rule knows its columns and keys.',
    equivalents: ['pt-online-schema-change: --check-unique-key-change', 'gh-ost: --panic-on-warnings'],
    examples: {
      invalid: [
        {
          description: 'gh-ost without --panic-on-warnings: rows sharing an email are dropped and the migration reports success.',
          file: 'add-unique.sh',
          sql: 'gh-ost --database=app --table=users \\\n  --alter="ADD UNIQUE KEY uk_email (email)" \\\n  --execute\n',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255));',
        },
        {
          description: 'pt-online-schema-change with its unique-key check turned off drops the duplicates.',
          file: 'add-unique.sh',
          sql: 'pt-online-schema-change --no-check-unique-key-change \\\n  --alter "ADD UNIQUE KEY uk_email (email)" D=app,t=users --execute\n',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255));',
        },
        {
          description: "A collation change is not what pt-online-schema-change's check looks for: 'Ann' and 'ann' become one value and one row is dropped.",
          file: 'runbook.md',
          sql:
            '## Make tags case-insensitive\n\n```bash\npt-online-schema-change --alter "MODIFY label VARCHAR(64) COLLATE utf8mb4_general_ci NOT NULL" \\\n  D=app,t=tags --execute\n```\n',
          history: 'CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(64) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk_label (label)) DEFAULT CHARSET=utf8mb4;',
        },
        {
          description: 'Near miss of the default check: pt-online-schema-change refuses to start, so the runbook step fails as written.',
          file: 'add-unique.sh',
          sql: 'pt-online-schema-change --alter "ADD UNIQUE KEY uk_email (email)" D=app,t=users --execute\n',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255));',
        },
        {
          description: 'Near miss of --panic-on-warnings: gh-ost stops at the first duplicate, so the migration fails instead of losing rows.',
          file: 'add-unique.sh',
          sql: 'gh-ost --database=app --table=users --alter="ADD UNIQUE KEY uk_email (email)" --panic-on-warnings --execute\n',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255));',
        },
      ],
      valid: [
        {
          description: 'Near miss: a non-unique index cannot collide.',
          file: 'add-index.sh',
          sql: 'gh-ost --database=app --table=users --alter="ADD INDEX ix_email (email)" --execute\n',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255));',
        },
        {
          description: 'A nullable new column without default is NULL in every row, and NULLs never collide in a unique key.',
          file: 'add-column.sh',
          sql: 'gh-ost --database=app --table=accounts --alter="ADD COLUMN external_id INT NULL, ADD UNIQUE KEY uk_external_id (external_id)" --execute\n',
          history: 'CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(64));',
        },
        {
          description: 'Widening a column inside a unique key keeps every value distinct.',
          file: 'widen.sh',
          sql: "pt-online-schema-change --alter 'MODIFY name VARCHAR(100) NOT NULL' D=app,t=people --execute\n",
          history: 'CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, UNIQUE KEY uk_name (name)) DEFAULT CHARSET=utf8mb4;',
        },
      ],
    },
  },
  check(context) {
    const unit = context.statement.unit;
    const facts = unit.onlineSchemaChange;
    if (unit.origin !== 'online-schema-change' || !facts) return;
    if (facts.unresolved) {
      context.report({
        severity: 'info',
        message: `${facts.tool} invocation not checked: ${facts.unresolved}`,
        notes: ['the table and the --alter text must be written out in the file (or in a plain NAME=value assignment earlier in it) for uniqlint to read them'],
        help: ['check the unique keys this run adds by hand, or write the values out in the runbook'],
        range: context.rangeOf(facts.commandSpan.start, facts.commandSpan.end),
      });
      return;
    }
    const risks = uniqueKeyRisks(context.statement.ir, context.schema, context.dialect);
    if (risks.length > 0) {
      for (const risk of risks) reportRisk(context, facts, risk);
      return;
    }
    if (facts.duplicateHandling === 'refuses-unique-key') {
      const ir = context.statement.ir;
      context.report({
        ...(facts.executes ? {} : { severity: 'info' as const }),
        message: 'pt-online-schema-change refuses this --alter: it reads it as adding a unique key, and --check-unique-key-change is on (the default)',
        notes: [
          `with --check-unique-key-change (and --check-alter), both on by default, the tool stops before copying any row when --alter matches PRIMARY or UNIQUE followed by a column list${ir.kind === 'alter-table' ? `; on ${quoteTableName(ir.table)} the key cannot collide as far as the files tell` : ''}`,
        ],
        help: ['check the rows yourself, then run the tool with --no-check-unique-key-change'],
        range: context.rangeOf(facts.commandSpan.start, facts.commandSpan.end),
      });
    }
  },
});
