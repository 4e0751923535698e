/**
 * case-insensitive-unique-key: a unique key over a string column whose collation ignores letter
 * case or accents.
 */
import { defineRule } from '../src/rule.js';
import { definedUniqueKeys } from '../src/analysis/defined-keys.js';
import { statementSpanRange } from '../src/analysis/ranges.js';
import { formatKeyParts, quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';
import { caseSensitivity, charsetOfCollation } from '../src/schema/collation.js';

/** The case- and accent-sensitive alternatives for a collation: the `_bin` one, and on MySQL utf8mb4 `utf8mb4_0900_as_cs`. */
function alternatives(collation: string, charset: string | undefined): string[] {
  const set = charset ?? charsetOfCollation(collation);
  if (!set) return ['a _bin collation of the same character set'];
  const list = [`${set}_bin`];
  if (set === 'utf8mb4' && collation.includes('_0900_')) list.push('utf8mb4_0900_as_cs');
  return list;
}

/**
 * True for a column that holds UUID text: CHAR/VARCHAR(36) named like an id, or a name with
 * `uuid`/`guid`. Its letters are hex digits, so case-insensitive comparison cannot merge two
 * distinct UUIDs (an upper- and a lower-case spelling are the same UUID anyway).
 */
function holdsUuidText(name: string, length: number | undefined): boolean {
  return /uuid|guid/i.test(name) || (length === 36 && /(^|_)id$|[a-z]Id$/.test(name));
}

export default defineRule({
  meta: {
    id: 'case-insensitive-unique-key',
    summary: "A unique key covers a string column whose collation ignores letter case or accents, so 'Alice' and 'alice' collide.",
    rationale:
      'A unique key compares strings with the column\'s collation. Most default collations are case- ' +
      "insensitive (`_ci`: 'Alice' = 'alice'), and many are also accent-insensitive (`_ai`, and `_ci` " +
      "collations without `_as`: 'e' = 'é', 'resume' = 'résumé'); PAD SPACE collations also ignore trailing " +
      'spaces. Data that tells such values apart (user names, tags, codes, file names, identifiers from ' +
      'case-sensitive systems) then fails with ERROR 1062 on the second of two values that differ only in ' +
      'case or accents, in an import, a backfill, or the ALTER that adds the key. The finding names the ' +
      'collation and a binary alternative; it is information, not an error, because case-insensitive ' +
      "uniqueness is often what is wanted (e-mail addresses). Sources: MySQL 8.0 manual 10.3.1 \"Collation " +
      'Naming Conventions", 10.8.5 "The binary Collation Compared to _bin Collations", 10.10.1 "Unicode ' +
      'Character Sets"; MariaDB knowledge base "Setting Character Sets and Collations". Columns that hold ' +
      'UUID text (CHAR/VARCHAR(36) id columns, names with uuid or guid) are not flagged: hex digits cannot ' +
      'merge two distinct UUIDs.',
    defaultSeverity: 'info',
    tags: ['ddl', 'mysql', 'mariadb'],
    fix:
      'Decide what "the same value" means for the key. If values that differ in case or accents are ' +
      'different, declare the column with a binary or case- and accent-sensitive collation, e.g. ' +
      '`name VARCHAR(64) COLLATE utf8mb4_bin` (or `utf8mb4_0900_as_cs` on MySQL 8). If they are the same ' +
      'entity, keep the collation and normalise the values where they are written (LOWER(), trimming) so ' +
      'imports of mixed-case data are deduplicated before they hit the key.',
    equivalents: ['Skeema: none (lint-charset / lint-collate check the allowed list only)'],
    examples: {
      invalid: [
        {
          description: "A tag table whose unique label compares under utf8mb4_0900_ai_ci: 'Go', 'go' and 'GO' are one tag.",
          sql: 'CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(64) NOT NULL, UNIQUE KEY uk_label (label)) DEFAULT CHARSET=utf8mb4;',
        },
        {
          description: 'CREATE UNIQUE INDEX on a column with an explicit _ci collation.',
          sql: 'CREATE UNIQUE INDEX uk_code ON products (code);',
          history: 'CREATE TABLE products (id INT PRIMARY KEY, code VARCHAR(32) COLLATE latin1_swedish_ci NOT NULL);',
        },
      ],
      valid: [
        {
          description: 'A binary collation tells case and accents apart.',
          sql: 'CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(64) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk_label (label));',
        },
        {
          description: 'A unique key over numbers only.',
          sql: 'CREATE TABLE order_lines (order_id BIGINT NOT NULL, line_no INT NOT NULL, PRIMARY KEY (order_id, line_no));',
        },
      ],
    },
  },
  check(context) {
    for (const key of definedUniqueKeys(context.statement.ir, context.schema, context.dialect)) {
      const folding: { column: string; collation: string; what: string; charset: string | undefined }[] = [];
      key.columns.forEach((column) => {
        if (!column?.collation) return;
        const type = column.type.name.toUpperCase();
        if (!['CHAR', 'VARCHAR', 'TINYTEXT', 'TEXT', 'MEDIUMTEXT', 'LONGTEXT'].includes(type)) return;
        if (holdsUuidText(column.name, column.type.length)) return;
        const sensitivity = caseSensitivity(column.collation);
        if (!sensitivity.known || sensitivity.binary) return;
        const ignored = [!sensitivity.caseSensitive ? 'letter case' : '', !sensitivity.accentSensitive ? 'accents' : ''].filter(Boolean);
        if (ignored.length === 0) return;
        folding.push({ column: column.name, collation: column.collation, what: ignored.join(' and '), charset: column.charset });
      });
      if (folding.length === 0) continue;
      const label = key.primary ? `PRIMARY KEY ${formatKeyParts(key.parts)}` : `unique key ${quoteIdentifier(key.name)} ${formatKeyParts(key.parts)}`;
      const details = folding.map((entry) => `${quoteIdentifier(entry.column)} under ${entry.collation}, which ignores ${entry.what}`).join('; ');
      const accents = folding.some((entry) => entry.what.includes('accents'));
      const first = folding[0]!;
      const options = alternatives(first.collation, first.charset);
      context.report({
        message:
          `${label.charAt(0).toUpperCase()}${label.slice(1)} on ${quoteTableName(key.table)} compares ${details}: 'Alice' and 'alice'${accents ? " (and 'e' and 'é')" : ''} ` +
          `are one value, so a second row that differs only that way fails with ERROR 1062. If such values are different ` +
          `for this data, declare ${quoteIdentifier(first.column)} with COLLATE ${options.join(' or ')}; if they are the same ` +
          `entity, normalise them where they are written so imports do not stop on them.`,
        range: statementSpanRange(context, key.span),
        data: { table: key.table, key: key.name, columns: folding.map((entry) => ({ column: entry.column, collation: entry.collation })), alternatives: options },
      });
    }
  },
});
