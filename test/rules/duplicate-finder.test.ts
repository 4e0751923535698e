import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  duplicateFinderQuery,
  keyPartExpression,
  nullKeyRowsQuery,
} from '../../src/analysis/duplicate-finder.js';
import { quoteIdentifier, quoteTableName, withThousandsSeparators } from '../../src/analysis/sql-text.js';

describe('duplicateFinderQuery', () => {
  it('groups by every key part and filters NULLs in each', () => {
    expect(duplicateFinderQuery({ name: 'users' }, [{ column: 'tenant_id' }, { column: 'email' }])).toBe(
      'SELECT `tenant_id`, `email`, COUNT(*) AS `duplicate_rows` FROM `users` ' +
        'WHERE `tenant_id` IS NOT NULL AND `email` IS NOT NULL ' +
        'GROUP BY `tenant_id`, `email` HAVING COUNT(*) > 1;',
    );
  });

  it('compares a prefix part with LEFT(col, n) and names the column', () => {
    const sql = duplicateFinderQuery('posts', [{ column: 'title', prefixLength: 20 }]);
    expect(sql).toContain('SELECT LEFT(`title`, 20) AS `title`');
    expect(sql).toContain('WHERE `title` IS NOT NULL');
    expect(sql).toContain('GROUP BY LEFT(`title`, 20) HAVING COUNT(*) > 1');
  });

  it('applies a new collation, converting the character set when it changes', () => {
    expect(keyPartExpression({ column: 'label', collation: 'utf8mb4_general_ci' })).toBe('`label` COLLATE utf8mb4_general_ci');
    expect(keyPartExpression({ column: 'w', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci', prefixLength: 5 })).toBe(
      'LEFT(CONVERT(`w` USING utf8mb4) COLLATE utf8mb4_unicode_ci, 5)',
    );
  });

  it('casts to a new numeric or temporal type', () => {
    const sql = duplicateFinderQuery('prices', [{ column: 'amount', castType: 'DECIMAL(6,1)' }]);
    expect(sql).toContain('GROUP BY CAST(`amount` AS DECIMAL(6,1))');
    expect(sql).toContain('WHERE `amount` IS NOT NULL');
  });

  it('groups a functional key part by its expression', () => {
    const sql = duplicateFinderQuery('users', [{ column: '', expression: 'LOWER(email)' }]);
    expect(sql).toBe(
      'SELECT (LOWER(email)) AS `key_part_1`, COUNT(*) AS `duplicate_rows` FROM `users` WHERE (LOWER(email)) IS NOT NULL GROUP BY (LOWER(email)) HAVING COUNT(*) > 1;',
    );
  });

  it('quotes schema-qualified names and doubles backticks inside names', () => {
    const sql = duplicateFinderQuery({ schema: 'app', name: 'odd`table' }, [{ column: 'we`ird' }]);
    expect(sql).toContain('FROM `app`.`odd``table`');
    expect(sql).toContain('`we``ird` IS NOT NULL');
  });

  it('without parts returns a row as soon as the table holds two rows', () => {
    expect(duplicateFinderQuery('t', [])).toBe('SELECT COUNT(*) AS `duplicate_rows` FROM `t` HAVING COUNT(*) > 1;');
  });

  it('orders and limits the groups on request', () => {
    expect(duplicateFinderQuery('t', [{ column: 'a' }], { limit: 20 })).toMatch(/HAVING COUNT\(\*\) > 1 ORDER BY COUNT\(\*\) DESC LIMIT 20;$/);
    expect(() => duplicateFinderQuery('t', [{ column: 'a' }], { limit: 0 })).toThrow(RangeError);
  });

  it('rejects names that would inject SQL', () => {
    expect(() => keyPartExpression({ column: 'a', collation: 'x; DROP TABLE t' })).toThrow(RangeError);
    expect(() => keyPartExpression({ column: 'a', charset: 'utf8mb4)' })).toThrow(RangeError);
    expect(() => keyPartExpression({ column: 'a', castType: "CHAR) FROM t; --" })).toThrow(RangeError);
    expect(() => keyPartExpression({ column: 'a', prefixLength: -1 })).toThrow(RangeError);
    expect(() => keyPartExpression({ column: '' })).toThrow(RangeError);
  });

  it('keeps every identifier inside its quotes for arbitrary names', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }), (table, columns) => {
        const sql = duplicateFinderQuery(table, columns.map((column) => ({ column })));
        // Removing every quoted identifier leaves no backtick behind: quoting is balanced.
        const outside = sql.replace(/`(?:[^`]|``)*`/g, '');
        expect(outside).not.toContain('`');
        for (const column of columns) expect(sql).toContain(`${quoteIdentifier(column)} IS NOT NULL`);
      }),
    );
  });
});

describe('nullKeyRowsQuery', () => {
  it('counts rows with a NULL in any key column', () => {
    expect(nullKeyRowsQuery('audit_log', ['event_id', 'kind'])).toBe(
      'SELECT COUNT(*) AS `rows_with_null` FROM `audit_log` WHERE `event_id` IS NULL OR `kind` IS NULL;',
    );
    expect(() => nullKeyRowsQuery('t', [])).toThrow(RangeError);
  });
});

describe('sql-text helpers', () => {
  it('quotes identifiers and table names', () => {
    expect(quoteIdentifier('a`b')).toBe('`a``b`');
    expect(quoteTableName({ schema: 'db', name: 't' })).toBe('`db`.`t`');
  });

  it('writes numbers with thousands separators', () => {
    expect(withThousandsSeparators(2147483647)).toBe('2,147,483,647');
    expect(withThousandsSeparators(18446744073709551615n)).toBe('18,446,744,073,709,551,615');
    expect(withThousandsSeparators(127)).toBe('127');
    expect(withThousandsSeparators(-32768)).toBe('-32,768');
  });
});
