/**
 * auto-increment-headroom (live only): the AUTO_INCREMENT column of a table the migration
 * touches has used most of its type's range on the target database.
 */
import { defineRule } from '../src/rule.js';
import { assessAutoIncrement } from '../src/live/auto-increment-probe.js';

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
      'on MySQL 8, SHOW CREATE TABLE when it is NULL) and MAX(column). Sources: MySQL 8.0 manual 13.1.2 ' +
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
        context.report({
          message: headline,
          notes: [`reported as ${severity}: ${severity === 'error' ? 'error from 95% of the range' : 'warning from 80%, error from 95%'}`],
          ...(advice ? { help: [advice.charAt(0).toLowerCase() + advice.slice(1)] } : {}),
          severity,
          data: {
            table: fact.table,
            column: fact.figures.column,
            usedFraction: finding.usedFraction,
            typeMaximum: fact.figures.typeMaximum.toString(),
            ...(fact.figures.nextValue !== undefined ? { nextValue: fact.figures.nextValue.toString() } : {}),
            ...(fact.figures.maxValue !== undefined ? { maxValue: fact.figures.maxValue.toString() } : {}),
          },
        });
      }
    }
  },
});
