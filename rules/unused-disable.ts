/**
 * unused-disable: the rule under which uniqlint reports suppression directives that name an
 * unknown rule, are misspelled, or suppress nothing. Its diagnostics come from
 * `applySuppressions` (src/suppress/directives.ts), not from a statement check; the rule object
 * is registered so that its metadata feeds the docs, `uniqlint rules`, `uniqlint explain` and the
 * configuration like every other rule.
 */
import { defineRule } from '../src/rule.js';
import { UNUSED_DISABLE_RULE_ID } from '../src/suppress/directives.js';

export default defineRule({
  meta: {
    id: UNUSED_DISABLE_RULE_ID,
    summary: 'A uniqlint-disable directive names an unknown rule, is misspelled, or suppresses nothing.',
    rationale:
      'A suppression comment is a promise that a reviewer looked at a finding and accepted it. When the ' +
      'statement under it changes, or the rule id is misspelled, the comment silently stops meaning ' +
      'anything, and a later finding on the same statement may be hidden by a directive written for ' +
      'something else. Reporting directives that suppress nothing keeps every suppression tied to a ' +
      'finding someone accepted.',
    defaultSeverity: 'warning',
    tags: ['suppression'],
    fix:
      'Remove the directive, correct the rule id (`uniqlint rules` lists them), or move ' +
      '`-- uniqlint-disable-next-statement <rule>` directly above the statement it is meant for. To ' +
      'silence these reports in one file, add `-- uniqlint-disable-file unused-disable`.',
    equivalents: ['squawk: unused-ignore', 'ESLint: --report-unused-disable-directives', 'sqlfluff: --warn-unused-ignores'],
    examples: {
      invalid: [
        {
          description: 'The directive names a rule that nothing in the next statement triggers.',
          sql: '-- uniqlint-disable-next-statement replace-into -- seed data\nINSERT INTO settings (name) VALUES (\'theme\');',
          history: 'CREATE TABLE settings (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL);',
        },
      ],
      valid: [
        {
          description: 'The directive suppresses the replace-into finding of the statement under it.',
          sql: "-- uniqlint-disable-next-statement replace-into -- seed rows are rewritten on purpose\nREPLACE INTO settings (id, name) VALUES (1, 'theme');",
          history: 'CREATE TABLE settings (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL);',
        },
      ],
    },
  },
  check() {
    // Reported by applySuppressions after the statement rules ran.
  },
});
