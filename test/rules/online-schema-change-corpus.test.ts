/**
 * online-schema-change-unique over the gh-ost invocations of the shared corpus: gh-ost's own
 * local tests (`localtests/<test>/extra_args`, run by its harness localtests/test.sh as
 * `gh-ost --database=test --table=gh_ost_test --alter='engine=...' --execute <extra_args>`),
 * written out as one runbook per test and linted with the test's create.sql as the base schema.
 * The findings must be the reviewed ones listed in the README ("Corpus findings per rule").
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/lint.js';
import { corpusPresent, corpusRoot } from '../support/corpus.js';

const localtests = path.join(corpusRoot, 'github__gh-ost', 'localtests');

describe.skipIf(!corpusPresent)(`online-schema-change-unique on gh-ost's local tests${corpusPresent ? '' : ' (skipped: no corpus)'}`, () => {
  it('finds the reviewed risks and nothing else', () => {
    const found: string[] = [];
    let invocations = 0;
    for (const test of readdirSync(localtests).sort()) {
      const argsFile = path.join(localtests, test, 'extra_args');
      if (!existsSync(argsFile)) continue;
      invocations++;
      const runbook = `gh-ost --database=test --table=gh_ost_test --alter='engine=innodb' --execute ${readFileSync(argsFile, 'utf8')}`;
      const history = [readFileSync(path.join(localtests, test, 'create.sql'), 'utf8')];
      const result = lintText(runbook, { filePath: `${test}/run.sh`, history });
      for (const diagnostic of result.diagnostics) {
        if (diagnostic.ruleId === 'online-schema-change-unique') found.push(`${test}: ${diagnostic.message.split(':')[0]}`);
      }
    }
    expect(invocations).toBe(59);
    expect(found).toEqual([
      'datetime-to-timestamp-pk-fail: CHANGE drops duplicate rows silently under gh-ost',
      'fail-no-shared-uk: ADD PRIMARY KEY drops duplicate rows silently under gh-ost',
      'panic-on-warnings-batch-middle: ADD UNIQUE `email_idx` may stop gh-ost (--panic-on-warnings)',
      'panic-on-warnings-duplicate-unique-values-on-column-type-change: MODIFY may stop gh-ost (--panic-on-warnings)',
      'panic-on-warnings-duplicate-values-for-unique-index: ADD UNIQUE `name_index` may stop gh-ost (--panic-on-warnings)',
      'panic-on-warnings-update-pk-with-duplicate-on-new-unique-index: ADD UNIQUE `email_unique` may stop gh-ost (--panic-on-warnings)',
      'swap-pk-uk: ADD PRIMARY KEY drops duplicate rows silently under gh-ost',
    ]);
  });
});
