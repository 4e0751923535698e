import { describe, expect, it } from 'vitest';
import { ptOscSeesUniqueKey, readInvocations, readRunbook, shellPartOfMarkdown } from '../../src/source/online-schema-change.js';
import { lintText } from '../../src/engine/lint.js';

const USERS = 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255), name VARCHAR(64));';

/** `line:column-line:column` of each diagnostic of a rule. */
function positions(text: string, file: string, ruleId = 'online-schema-change-unique', history = [USERS]): string[] {
  return lintText(text, { filePath: file, history })
    .diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId)
    .map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.range.start.column}-${diagnostic.range.end.line}:${diagnostic.range.end.column}`);
}

describe('readInvocations', () => {
  it('reads gh-ost flags in --name=value and --name value forms', () => {
    const [a, b] = readInvocations('gh-ost --database=app --table=users --alter="ADD UNIQUE KEY uk (email)" --execute\n/usr/local/bin/gh-ost -database app -table users -alter "ADD INDEX ix (email)" --panic-on-warnings\n');
    expect(a).toMatchObject({ tool: 'gh-ost', table: { value: 'users' }, database: { value: 'app' }, alter: { value: 'ADD UNIQUE KEY uk (email)' } });
    expect(a!.flags).toMatchObject({ execute: true, panicOnWarnings: false });
    expect(b).toMatchObject({ tool: 'gh-ost', table: { value: 'users' }, alter: { value: 'ADD INDEX ix (email)' } });
    expect(b!.flags).toMatchObject({ execute: false, panicOnWarnings: true });
    expect(a!.unresolved).toBeUndefined();
  });

  it('reads the pt-online-schema-change DSN, --alter in both forms and negated checks', () => {
    const [a, b] = readInvocations(
      "pt-online-schema-change --alter 'ADD UNIQUE (a)' h=db1,P=3306,D=app,t=orders --execute\n" +
        'pt-online-schema-change --nocheck-unique-key-change --no-check-alter --alter="DROP INDEX x" --dry-run t=app.orders\n',
    );
    expect(a).toMatchObject({ tool: 'pt-online-schema-change', table: { value: 'orders' }, database: { value: 'app' }, alter: { value: 'ADD UNIQUE (a)' } });
    expect(a!.flags).toMatchObject({ execute: true, dryRun: false, checkAlter: true, checkUniqueKeyChange: true });
    expect(b!.table!.value).toBe('app.orders');
    expect(b!.flags).toMatchObject({ dryRun: true, checkAlter: false, checkUniqueKeyChange: false });
  });

  it('finds the tool after sudo, docker exec and environment assignments, several per file', () => {
    const found = readInvocations(
      'sudo gh-ost --table=a --alter="ENGINE=InnoDB"\nLANG=C docker exec -it tk pt-online-schema-change --alter x D=d,t=b\necho done\n',
    );
    expect(found.map((invocation) => [invocation.tool, invocation.table?.value])).toEqual([
      ['gh-ost', 'a'],
      ['pt-online-schema-change', 'b'],
    ]);
  });

  it('says what is not known statically instead of guessing', () => {
    const found = readInvocations('gh-ost --table="$TABLE" --alter="ADD UNIQUE (a)"\npt-online-schema-change --alter "$(cat alter.sql)" D=app,t=orders\ngh-ost --alter=x\n');
    expect(found.map((invocation) => invocation.unresolved)).toEqual([
      'the table name comes from $TABLE',
      'the --alter text comes from $(cat alter.sql)',
      'no --table is given',
    ]);
  });

  it('takes the tool only as the command word, or after a command that runs another one', () => {
    expect(readInvocations('echo gh-ost is done\nprintf "%s" pt-online-schema-change\n')).toEqual([]);
    expect(readInvocations('nohup gh-ost --table=a --alter=x --execute &\nkubectl exec -it pod -- pt-online-schema-change --alter x D=d,t=b\n')).toHaveLength(2);
  });

  it('skips a run without --alter (gh-ost --version), unless the arguments hide in an expansion', () => {
    expect(readInvocations('gh-ost --version\npt-online-schema-change --help\n')).toEqual([]);
    expect(readInvocations('gh-ost $GHOST_ARGS --execute\n').map((invocation) => invocation.unresolved)).toEqual(['no --alter is written out; the arguments include $GHOST_ARGS']);
  });

  it('ignores invocations inside here-documents and comments', () => {
    expect(readInvocations('# gh-ost --table=a --alter=x\ncat <<EOF\ngh-ost --table=a --alter=x\nEOF\n')).toEqual([]);
  });
});

describe('ptOscSeesUniqueKey (the pattern of --check-unique-key-change)', () => {
  it('sees ADD UNIQUE and ADD PRIMARY KEY with a column list, not a plain index or a column change', () => {
    expect(ptOscSeesUniqueKey('ADD UNIQUE KEY uk (a)')).toBe(true);
    expect(ptOscSeesUniqueKey('ADD UNIQUE (a)')).toBe(true);
    expect(ptOscSeesUniqueKey('ADD PRIMARY KEY (id)')).toBe(true);
    expect(ptOscSeesUniqueKey('ADD INDEX ix (a)')).toBe(false);
    expect(ptOscSeesUniqueKey('MODIFY a VARCHAR(10) COLLATE utf8mb4_general_ci')).toBe(false);
    expect(ptOscSeesUniqueKey("ADD COLUMN b INT COMMENT 'unique (per tenant)'")).toBe(false);
  });
});

describe('shellPartOfMarkdown', () => {
  it('keeps fenced shell blocks (and blocks without info string) at their offsets, blanks the rest', () => {
    const text = 'Run `gh-ost` like this:\n\n```bash\ngh-ost --table=a\n```\n\n```sql\nSELECT 1;\n```\n\n~~~\npt-online-schema-change x\n~~~\n';
    const shell = shellPartOfMarkdown(text);
    expect(shell).toHaveLength(text.length);
    expect(shell.split('\n')).toHaveLength(text.split('\n').length);
    expect(shell.indexOf('gh-ost --table=a')).toBe(text.indexOf('gh-ost --table=a'));
    expect(shell).not.toContain('Run');
    expect(shell).not.toContain('SELECT');
    expect(shell.indexOf('pt-online-schema-change x')).toBe(text.indexOf('pt-online-schema-change x'));
  });

  it('reads only the commands of console blocks: the $ prompt and the output are blanked', () => {
    const text = '```console\n$ gh-ost --table=a \\\n  --alter=x\n2016-05-19 17:57:04 INFO starting gh-ost 0.7.14\n```\n';
    const shell = shellPartOfMarkdown(text);
    expect(shell.indexOf('gh-ost')).toBe(text.indexOf('gh-ost'));
    expect(shell).toContain('  --alter=x');
    expect(shell).not.toContain('$');
    expect(shell).not.toContain('INFO');
    expect(readInvocations(shell)).toHaveLength(1);
  });
});

describe('readRunbook', () => {
  it('makes ALTER TABLE statements whose characters map back into the file', () => {
    const text = 'gh-ost --database=app --table=users \\\n  --alter="alter table users ADD UNIQUE KEY uk (email);" --execute\n';
    const { statements, sql } = readRunbook('x.sh', text);
    expect(statements).toHaveLength(1);
    const statement = statements[0]!;
    expect(statement.sql).toBe('ALTER TABLE `app`.`users` ADD UNIQUE KEY uk (email)');
    expect(statement.fileOffsets).toHaveLength(statement.sql.length);
    const add = statement.sql.indexOf('ADD');
    expect(text.slice(statement.fileOffsets[add]!, statement.fileOffsets[add]! + 3)).toBe('ADD');
    const table = statement.sql.indexOf('users');
    expect(text.slice(statement.fileOffsets[table]!, statement.fileOffsets[table]! + 5)).toBe('users');
    expect(sql).toBe(`${statement.sql};\n`);
    expect(statement.facts).toMatchObject({ tool: 'gh-ost', duplicateHandling: 'drops-rows', executes: true, sqlOffset: 0 });
  });
});

describe('linting a runbook: exact line:column in the shell or Markdown file', () => {
  it('points at the unique key inside --alter across a line continuation', () => {
    const text = '#!/bin/sh\nset -e\ngh-ost --database=app --table=users \\\n    --alter="ADD UNIQUE KEY uk_email (email)" \\\n    --execute\n';
    // Line 4: `    --alter="` is 13 characters, so ADD starts at column 14 and UNIQUE at 18.
    expect(positions(text, 'migrate.sh')).toEqual(['4:18-4:45']);
  });

  it('maps a key written with escaped quotes inside double quotes', () => {
    const text = 'pt-online-schema-change --no-check-unique-key-change --alter "ADD UNIQUE KEY \\"uk\\" (\\`email\\`)" D=app,t=users --execute\n';
    const [found] = positions(text, 'x.sh');
    const start = text.indexOf('UNIQUE');
    const end = text.indexOf(')"') + 1;
    expect(found).toBe(`1:${start + 1}-1:${end + 1}`);
  });

  it('reads several invocations of a Markdown runbook, in fenced shell blocks only', () => {
    const text = [
      '# Runbook',
      '',
      'Do not run `gh-ost --table=users --alter="ADD UNIQUE (email)" --execute` from prose.',
      '',
      '```sh',
      'gh-ost --table=users --alter="ADD UNIQUE KEY uk_email (email)" --execute',
      '```',
      '',
      '```',
      'pt-online-schema-change --alter "ADD INDEX ix_name (name)" D=app,t=users --execute',
      'pt-online-schema-change --no-check-unique-key-change --alter "ADD UNIQUE KEY uk_name (name)" D=app,t=users --execute',
      '```',
      '',
    ].join('\n');
    // Line 6: `gh-ost --table=users --alter="` is 30 characters; line 11: UNIQUE after `...--alter "ADD `.
    const column = 'pt-online-schema-change --no-check-unique-key-change --alter "ADD '.length + 1;
    expect(positions(text, 'RUNBOOK.md')).toEqual(['6:35-6:62', `11:${column}-11:${column + 'UNIQUE KEY uk_name (name)'.length}`]);
  });

  it('reports an invocation it cannot read as info at the command word, and runs no other rule on it', () => {
    const text = 'ALTER=$(cat change.sql)\n  gh-ost --table=users --alter="$ALTER" --execute\n';
    const result = lintText(text, { filePath: 'x.sh' });
    expect(result.diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.severity, `${diagnostic.range.start.line}:${diagnostic.range.start.column}`])).toEqual([
      ['online-schema-change-unique', 'info', '2:3'],
    ]);
    expect(result.diagnostics[0]!.message).toContain('$ALTER');
  });

  it('an unknown table still counts as one that holds rows: these tools run on production tables', () => {
    expect(positions('gh-ost --table=ledger --alter="ADD UNIQUE KEY uk_ref (ref)" --execute\n', 'x.sh', 'online-schema-change-unique', [])).toHaveLength(1);
  });

  it('a noop run (gh-ost without --execute, pt-online-schema-change --dry-run) is reported as info, and not replayed', () => {
    const text = 'gh-ost --table=users --alter="ADD UNIQUE KEY uk_email (email)"\npt-online-schema-change --no-check-unique-key-change --alter "ADD UNIQUE KEY uk_email (email)" --dry-run D=app,t=users\n';
    const severities = lintText(text, { filePath: 'x.sh', history: [USERS] }).diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.severity]);
    expect(severities).toEqual([
      ['online-schema-change-unique', 'info'],
      ['online-schema-change-unique', 'info'],
    ]);
    // The run with --execute after a dry run still meets the table without the key.
    const dryThenReal = 'gh-ost --table=users --alter="ADD UNIQUE KEY uk_email (email)"\ngh-ost --table=users --alter="ADD UNIQUE KEY uk_email (email)" --execute\n';
    const findings = lintText(dryThenReal, { filePath: 'x.sh', history: [USERS] }).diagnostics.map((diagnostic) => [diagnostic.range.start.line, diagnostic.severity]);
    expect(findings).toEqual([
      [1, 'info'],
      [2, 'warning'],
    ]);
  });

  it('the statements replay into the schema model: a later invocation sees the column an earlier one added', () => {
    const text =
      'gh-ost --table=users --alter="ADD COLUMN code VARCHAR(8) NOT NULL DEFAULT \'\'" --execute\n' +
      'gh-ost --table=users --alter="ADD UNIQUE KEY uk_code (code)" --execute\n';
    const result = lintText(text, { filePath: 'x.sh', history: [USERS] });
    const finding = result.diagnostics.find((diagnostic) => diagnostic.ruleId === 'online-schema-change-unique');
    expect(finding?.range.start.line).toBe(2);
    // A plain ALTER TABLE file is still add-unique-key's: the new rule stays silent on .sql files.
    const sql = lintText('ALTER TABLE users ADD UNIQUE KEY uk_email (email);', { history: [USERS] });
    expect(sql.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['add-unique-key']);
  });

  it('a shell script without invocations has no statements and no findings', () => {
    const result = lintText('#!/bin/bash\nmysql -e "ALTER TABLE users ADD UNIQUE (email)"\n', { filePath: 'deploy.sh' });
    expect(result.diagnostics).toEqual([]);
    expect(result.statements).toBe(0);
  });

  it('honours suppression directives in shell comments, in scripts and in Markdown blocks', () => {
    const script =
      '# uniqlint-disable-next-statement online-schema-change-unique -- duplicates removed by cleanup.sh\n' +
      'gh-ost --table=users --alter="ADD UNIQUE KEY uk_email (email)" --execute\n' +
      'gh-ost --table=users --alter="ADD UNIQUE KEY uk_name (name)" --execute\n';
    const result = lintText(script, { filePath: 'x.sh', history: [USERS] });
    expect(result.diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.range.start.line])).toEqual([['online-schema-change-unique', 3]]);
    expect(result.suppressed?.map((diagnostic) => diagnostic.range.start.line)).toEqual([2]);
    const markdown = '```sh\n# uniqlint-disable-next-statement replace-into\ngh-ost --table=users --alter="ADD UNIQUE KEY uk_email (email)" --execute\n```\n';
    const unused = lintText(markdown, { filePath: 'x.md', history: [USERS] }).diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.range.start.line]);
    expect(unused).toEqual([
      ['unused-disable', 2],
      ['online-schema-change-unique', 3],
    ]);
  });
});
