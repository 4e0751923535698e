/**
 * auto-increment-headroom (live only): the AUTO_INCREMENT column of a table the migration
 * touches has used most of its type's range on the target database.
 */
import { defineRule } from '../src/rule.js';
import { assessAutoIncrement, type AutoIncrementFigures } from '../src/live/auto-increment-probe.js';
import { withThousandsSeparators } from '../src/analysis/sql-text.js';

/**
 * The note that explains a counter far ahead of the rows: values taken (the larger of the counter
 * less one and MAX(column)) at least twice the server's row estimate, a gap the estimate's error
 * (up to about 50% on InnoDB) cannot explain. Undefined when the figures show no such gap.
 */
function burnedValuesNote(figures: AutoIncrementFigures): { note: string; taken: bigint; rows: bigint } | undefined {
  if (figures.estimatedRows === undefined) return undefined;
  const taken = [figures.nextValue !== undefined ? figures.nextValue - 1n : 0n, figures.maxValue ?? 0n].reduce((a, b) => (b > a ? b : a));
  const rows = figures.estimatedRows;
  if (taken < 2n * (rows > 0n ? rows : 1n)) return undefined;
  return {
    taken,
    rows,
    note:
      `${withThousandsSeparators(taken)} values are taken but the table holds about ${withThousandsSeparators(rows)} row(s): ` +
      'the rest went to deleted rows, rolled-back inserts, explicit ids or a raised counter, or to INSERT ... ON DUPLICATE ' +
      'KEY UPDATE and INSERT IGNORE, ' +
      'which take a new value for every row they try, inserted or not (innodb_autoinc_lock_mode 1 or 2); at this rate ' +
      'the range runs out long before the row count suggests',
  };
}

export default defineRule({
  meta: {
    id: 'auto-increment-headroom',
    summary: 'The AUTO_INCREMENT column of a table on the target database has used 80% (warning) or 95% (error) of its type\'s range.',
    rationale:
      'The counter only grows, and rolled-back inserts, INSERT IGNORE, REPLACE, INSERT ... ON DUPLICATE KEY ' +
      'UPDATE and bulk inserts under innodb_autoinc_lock_mode 1 or 2 use values up faster than the row ' +
      'count suggests. When it reaches the maximum of the column type, every insert that lets the server ' +
      'pick the value fails: MySQL hands out the maximum again and reports ERROR 1062 (Duplicate entry), ' +
      'BIGINT UNSIGNED reports ERROR 1467 (Failed to read auto-increment value from storage engine), ' +
      'MariaDB reports error 167 (Out of range value for column). Widening the column rewrites the whole ' +
      'table, which takes hours on the tables that run out. The figures come from the target database: ' +
      'the live counter (information_schema.TABLES.AUTO_INCREMENT with information_schema_stats_expiry = 0 ' +
      'on MySQL 8, SHOW CREATE TABLE when it is NULL), MAX(column) and the row estimate (TABLE_ROWS); when ' +
      'the values taken are at least twice the rows, the finding says so, since upserts that mostly update burn ' +
      'the range while the row count stays flat. Sources: MySQL 8.0 manual 13.1.2 ' +
      '"Integer Types (Exact Value)", 17.6.1.6 "AUTO_INCREMENT Handling in InnoDB", 28.3.38 "The ' +
      'INFORMATION_SCHEMA TABLES Table"; MariaDB knowledge base "AUTO_INCREMENT".',
    defaultSeverity: 'warning',
    tags: ['data-dependent', 'auto-increment', 'mysql', 'mariadb'],
    requires: 'live',
    fix:
      'Plan the widening now, while it can run at a quiet hour: `ALTER TABLE t MODIFY id BIGINT UNSIGNED NOT ' +
      'NULL AUTO_INCREMENT` (and the same type on every foreign-key column that references it), with an ' +
      'online schema-change tool on a large table. An UNSIGNED type doubles the positive range when no ' +
      'negative values are stored. Do not reset the counter below MAX(column): that causes ' +
      'auto-increment-drift instead.',
    equivalents: [
      'MySQL sys schema: schema_auto_increment_columns view (auto_increment_ratio), a report rather than a check',
      'Skeema: lint-auto-inc (the declared type only, without the data)',
    ],
    examples: {
      invalid: [
        {
          description: 'A TINYINT UNSIGNED counter at 220 of 255: 86% of the range used.',
          history:
            'CREATE TABLE countries (id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64)) ENGINE=InnoDB;\n' +
            "INSERT INTO countries (name) VALUES ('Aland');\n" +
            'ALTER TABLE countries AUTO_INCREMENT = 220;',
          sql: 'ALTER TABLE countries ADD COLUMN iso_code CHAR(2) NULL;',
        },
      ],
      valid: [
        {
          description: 'A TINYINT UNSIGNED counter at 100 of 255: 39% used.',
          history:
            'CREATE TABLE countries (id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64)) ENGINE=InnoDB;\n' +
            "INSERT INTO countries (name) VALUES ('Aland');\n" +
            'ALTER TABLE countries AUTO_INCREMENT = 100;',
          sql: 'ALTER TABLE countries ADD COLUMN iso_code CHAR(2) NULL;',
        },
        {
          description: 'A table without an AUTO_INCREMENT column has no counter to run out.',
          history: 'CREATE TABLE settings (name VARCHAR(64) PRIMARY KEY, value TEXT) ENGINE=InnoDB;',
          sql: 'ALTER TABLE settings ADD COLUMN updated_at DATETIME NULL;',
        },
      ],
    },
  },
  check(context) {
    for (const fact of context.live?.autoIncrementAt(context.filePath, context.statement.unit.startOffset) ?? []) {
      for (const finding of assessAutoIncrement(fact.figures)) {
        if (finding.ruleId !== 'auto-increment-headroom') continue;
        const severity = finding.severity;
        // The probe's text is "<figures>. <what to do>": the figures are the headline.
        const cut = finding.message.indexOf('. ');
        const headline = cut === -1 ? finding.message : finding.message.slice(0, cut);
        const advice = cut === -1 ? '' : finding.message.slice(cut + 2).replace(/\.$/, '');
        const burned = burnedValuesNote(fact.figures);
        context.report({
          message: headline,
          notes: [
            `reported as ${severity}: ${severity === 'error' ? 'error from 95% of the range' : 'warning from 80%, error from 95%'}`,
            ...(burned ? [burned.note] : []),
          ],
          ...(advice ? { help: [advice.charAt(0).toLowerCase() + advice.slice(1)] } : {}),
          severity,
          data: {
            table: fact.table,
            column: fact.figures.column,
            usedFraction: finding.usedFraction,
            typeMaximum: fact.figures.typeMaximum.toString(),
            ...(fact.figures.nextValue !== undefined ? { nextValue: fact.figures.nextValue.toString() } : {}),
            ...(fact.figures.maxValue !== undefined ? { maxValue: fact.figures.maxValue.toString() } : {}),
            ...(fact.figures.estimatedRows !== undefined ? { estimatedRows: fact.figures.estimatedRows.toString() } : {}),
          },
        });
      }
    }
  },
});
