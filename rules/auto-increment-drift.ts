/**
 * auto-increment-drift (live only): the AUTO_INCREMENT counter of a table the migration touches
 * is not above the largest value the column already holds, so inserts that let the server pick
 * the value run into existing rows and fail with ERROR 1062.
 */
import { defineRule } from '../src/rule.js';
import { quoteIdentifier, quoteTableName, withThousandsSeparators } from '../src/analysis/sql-text.js';

export default defineRule({
  meta: {
    id: 'auto-increment-drift',
    summary: 'The AUTO_INCREMENT counter of a table on the target database is not above MAX(column), so generated values collide.',
    rationale:
      'An INSERT that leaves the AUTO_INCREMENT column out (or gives NULL or 0) takes the table counter as ' +
      'its value. When the counter has fallen to or below the largest value already stored, sooner or ' +
      'later it hands out a value a row already has, and that INSERT fails with ERROR 1062 (Duplicate ' +
      'entry) on the primary key; each failure moves the counter on by one, so writes keep failing until ' +
      'it passes MAX(column). MySQL 8.0 and MariaDB 10.2.4+ persist the counter and raise it on UPDATE ' +
      'and ALTER, so drift points to something unusual: a restore from a physical backup, an ON UPDATE ' +
      'CASCADE foreign key that rewrites the column (InnoDB does not raise the counter for cascaded ' +
      'updates), a failover to a server that kept an older counter, or MySQL 5.7 and earlier re-reading ' +
      'MAX at restart after an UPDATE moved a value past it. A migration is the moment such a table is ' +
      'touched, and its data backfills are often the first inserts to hit the collision. Sources: MySQL ' +
      '8.0 manual 17.6.1.6 "AUTO_INCREMENT Handling in InnoDB" (counter initialization and persistence); ' +
      'MariaDB knowledge base "AUTO_INCREMENT" and "AUTO_INCREMENT Handling in InnoDB".',
    defaultSeverity: 'error',
    tags: ['data-dependent', 'auto-increment', 'mysql', 'mariadb'],
    requires: 'live',
    fix:
      'Move the counter past the largest value before the migration or the application inserts again: ' +
      '`ALTER TABLE t AUTO_INCREMENT = <MAX(column) + 1>` (the message gives the exact statement). On ' +
      'InnoDB this changes only the counter, without copying the table. Then find why it drifted (a ' +
      'restore, an ON UPDATE CASCADE on the column) so that it does not happen again.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description:
            'An ON UPDATE CASCADE foreign key moved the last id of `orders` from 3 to 4 without raising the counter (4): the next generated id is taken.',
          history:
            'CREATE TABLE order_numbers (number INT PRIMARY KEY) ENGINE=InnoDB;\n' +
            'CREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, note VARCHAR(20),\n' +
            '  FOREIGN KEY (id) REFERENCES order_numbers (number) ON UPDATE CASCADE) ENGINE=InnoDB;\n' +
            'INSERT INTO order_numbers VALUES (1), (2), (3);\n' +
            "INSERT INTO orders (note) VALUES ('a'), ('b'), ('c');\n" +
            'UPDATE order_numbers SET number = 4 WHERE number = 3;',
          sql: 'ALTER TABLE orders ADD COLUMN shipped_at DATETIME NULL;',
        },
      ],
      valid: [
        {
          description: 'A counter above every stored value.',
          history:
            'CREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, note VARCHAR(20)) ENGINE=InnoDB;\n' +
            "INSERT INTO orders (note) VALUES ('a'), ('b'), ('c');",
          sql: 'ALTER TABLE orders ADD COLUMN shipped_at DATETIME NULL;',
        },
        {
          description:
            'A MyISAM grouped sequence (the AUTO_INCREMENT column is the second part of the key): each group counts on its own, so the table counter says nothing.',
          history:
            'CREATE TABLE order_lines (order_id INT NOT NULL, line_no INT NOT NULL AUTO_INCREMENT, PRIMARY KEY (order_id, line_no)) ENGINE=MyISAM;\n' +
            'INSERT INTO order_lines (order_id) VALUES (1), (1), (1), (2);',
          sql: 'ALTER TABLE order_lines ADD COLUMN sku VARCHAR(20) NULL;',
        },
      ],
    },
  },
  check(context) {
    for (const fact of context.live?.autoIncrementAt(context.filePath, context.statement.unit.startOffset) ?? []) {
      const { figures } = fact;
      if (fact.groupedSequence || figures.nextValue === undefined || figures.maxValue === undefined) continue;
      if (figures.nextValue > figures.maxValue) continue;
      const table = quoteTableName(fact.table);
      const column = quoteIdentifier(figures.column);
      const next = withThousandsSeparators(figures.nextValue);
      const max = withThousandsSeparators(figures.maxValue);
      const taken = fact.firstTakenAtOrAboveNext;
      const when =
        taken === undefined
          ? 'inserts that let the server pick the value can collide with stored rows'
          : taken === figures.nextValue
            ? `the next INSERT that lets the server pick the value fails with ERROR 1062 (Duplicate entry '${figures.nextValue}' for key 'PRIMARY' or the column's unique key)`
            : `the INSERT that is given ${withThousandsSeparators(taken)} (after ${withThousandsSeparators(taken - figures.nextValue)} more generated values) fails with ERROR 1062 (Duplicate entry)`;
      context.report({
        message: `the AUTO_INCREMENT counter of ${table} is ${next} but MAX(${column}) is ${max} on the target database: inserts collide with stored rows`,
        notes: [`${when}, and so does every later insert that lands on a stored value until the counter passes ${max}`],
        help: [`move the counter past the maximum before anything inserts:\n  ALTER TABLE ${table} AUTO_INCREMENT = ${figures.maxValue + 1n};`],
        data: {
          table: fact.table,
          column: figures.column,
          nextValue: figures.nextValue.toString(),
          maxValue: figures.maxValue.toString(),
          nextValueSource: figures.nextValueSource,
          ...(taken !== undefined ? { firstTakenAtOrAboveNext: taken.toString() } : {}),
        },
      });
    }
  },
});
