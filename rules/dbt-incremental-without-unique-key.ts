/**
 * dbt-incremental-without-unique-key: a dbt incremental model with no `unique_key` (or with the
 * append strategy, which ignores it) appends every selected row on each run.
 */
import { defineRule } from '../src/rule.js';
import { DBT_MODEL_STATEMENT, readDbtModel } from '../src/source/dbt-model.js';

export default defineRule({
  meta: {
    id: 'dbt-incremental-without-unique-key',
    summary: "A dbt model materialized as 'incremental' has no unique_key, so each run appends its rows with a plain INSERT.",
    rationale:
      'An incremental dbt model inserts the rows its SELECT returns into the existing table on every run. ' +
      'With a unique_key, dbt merges on it (delete+insert or merge, depending on the adapter); without one, ' +
      'or with incremental_strategy=\'append\' (which ignores unique_key), it runs a plain INSERT INTO ... ' +
      'SELECT. A rerun after a failure, a late-arriving row, or an is_incremental() filter that overlaps the ' +
      'previous window then inserts the same rows again: if the target table has a PRIMARY KEY or UNIQUE key ' +
      '(added by a post-hook, a contract, or the database team), the run fails with ERROR 1062; if not, the ' +
      'table silently fills with duplicates. Model files are Jinja templates, not SQL: uniqlint recognises ' +
      'them by their {{ config(...) }} and {{ ref(...) }} calls and lints them for this rule only. Sources: ' +
      'dbt documentation "Configure incremental models" (Defining a unique key) and "About ' +
      'incremental_strategy"; dbt-mysql adapter documentation (supported strategies); MySQL 8.0 manual ' +
      '15.2.7.1 "INSERT ... SELECT Statement".',
    defaultSeverity: 'warning',
    tags: ['dml', 'mysql', 'mariadb'],
    fix:
      "Add the model's grain to the config: `{{ config(materialized='incremental', unique_key='id') }}` " +
      "(a list such as `unique_key=['account_id', 'day']` for a composite grain), with a strategy that uses " +
      "it (delete+insert on dbt-mysql). Keep incremental_strategy='append' only for append-only event data " +
      'whose is_incremental() filter can never select a row twice, and suppress the finding there.',
    equivalents: ['dbt-project-evaluator: none (checks model structure, not incremental keys)', 'SQLFluff: none (templater only)'],
    examples: {
      invalid: [
        {
          description: 'An incremental model without unique_key.',
          sql:
            "{{ config(materialized='incremental') }}\n\n" +
            'select id, account_id, amount, created_at\n' +
            "from {{ ref('stg_payments') }}\n" +
            '{% if is_incremental() %}\n' +
            '  where created_at >= (select max(created_at) from {{ this }})\n' +
            '{% endif %}\n',
        },
        {
          description: 'The append strategy ignores unique_key.',
          sql:
            "{{ config(materialized='incremental', unique_key='id', incremental_strategy='append') }}\n" +
            "select id, amount from {{ ref('stg_payments') }}\n",
        },
      ],
      valid: [
        {
          description: 'An incremental model merging on its grain.',
          sql:
            "{{ config(materialized='incremental', unique_key='id', incremental_strategy='delete+insert') }}\n" +
            "select id, amount from {{ ref('stg_payments') }}\n",
        },
        {
          description: 'A table model is rebuilt on each run.',
          sql: "{{ config(materialized='table') }}\nselect id, amount from {{ ref('stg_payments') }}\n",
        },
      ],
    },
  },
  check(context) {
    const { ir, unit } = context.statement;
    if (ir.kind !== 'other' || ir.what !== DBT_MODEL_STATEMENT) return;
    const config = readDbtModel(unit.sql)?.config;
    if (!config || config.materialized !== 'incremental') return;
    const append = config.incrementalStrategy === 'append';
    if (config.uniqueKey !== undefined && !append) return;
    const range = context.rangeOf(unit.startOffset + config.span.start, unit.startOffset + config.span.end);
    const what = append
      ? `uses incremental_strategy='append', which ignores unique_key${config.uniqueKey ? ` (${config.uniqueKey})` : ''}`
      : 'has no unique_key';
    context.report({
      message: `this incremental dbt model ${what}: a rerun inserts its rows again (ERROR 1062, or silent duplicates)`,
      notes: [
        'each run appends the rows its SELECT returns with a plain INSERT; a rerun or an overlapping is_incremental() window inserts rows again, which fails with ERROR 1062 if the table has a PRIMARY KEY or UNIQUE key and silently duplicates them if it has none',
      ],
      help: ["add the model's grain, unique_key='...' (a list for a composite key), with a strategy that merges on it (delete+insert on dbt-mysql)"],
      range,
      data: { materialized: config.materialized, uniqueKey: config.uniqueKey ?? null, incrementalStrategy: config.incrementalStrategy ?? null },
    });
  },
});
