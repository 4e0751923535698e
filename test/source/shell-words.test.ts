import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellCommands, type ShellWord } from '../../src/source/shell-words.js';
import { readRunbook } from '../../src/source/online-schema-change.js';

/** The word values of each command. */
function values(text: string): string[][] {
  return shellCommands(text).map((command) => command.words.map((word) => word.value));
}

/** The text each character of a word's value came from (must equal the value for unescaped text). */
function charactersAt(text: string, word: ShellWord): string {
  return word.offsets.map((offset) => text[offset]).join('');
}

describe('shellCommands', () => {
  it('splits words on blanks and commands on newlines, ;, &&, || and |', () => {
    expect(values('a b  c\nd;e && f || g | h &\n')).toEqual([['a', 'b', 'c'], ['d'], ['e'], ['f'], ['g'], ['h']]);
  });

  it('joins lines ended by a backslash (line continuation), with CRLF too', () => {
    expect(values('gh-ost --table=t \\\n  --execute\r\n')).toEqual([['gh-ost', '--table=t', '--execute']]);
    expect(values('a \\\r\n b\r\n')).toEqual([['a', 'b']]);
    // Inside a word the continuation disappears entirely.
    expect(values('--ta\\\nble=x\n')).toEqual([['--table=x']]);
  });

  it('removes single and double quotes, keeping each character at its place in the file', () => {
    const text = `cmd --alter="ADD UNIQUE (a)" 'x y'`;
    const [command] = shellCommands(text);
    expect(command!.words.map((word) => word.value)).toEqual(['cmd', '--alter=ADD UNIQUE (a)', 'x y']);
    const alter = command!.words[1]!;
    expect(charactersAt(text, alter)).toBe(alter.value);
    expect(alter.offsets[8]).toBe(text.indexOf('ADD'));
    expect([alter.start, alter.end]).toEqual([4, text.indexOf(' ', text.indexOf('(a)'))]);
  });

  it('reads escapes inside double quotes (\\" \\\\ \\$ \\`) and keeps other backslashes', () => {
    const text = String.raw`cmd "a \"b\" \\ \$c \n"`;
    const [command] = shellCommands(text);
    const word = command!.words[1]!;
    expect(word.value).toBe(String.raw`a "b" \ $c \n`);
    expect(word.unresolved).toEqual([]);
    // Every escaped character maps to the character itself, not to its backslash.
    expect(text[word.offsets[2]!]).toBe('"');
    expect(text[word.offsets[word.value.indexOf('$')]!]).toBe('$');
  });

  it('keeps single-quoted text literally, backslashes and dollars included', () => {
    expect(values(String.raw`cmd 'a\b $X "q"'`)).toEqual([['cmd', String.raw`a\b $X "q"`]]);
    expect(shellCommands(`cmd '$X'`)[0]!.words[1]!.unresolved).toEqual([]);
  });

  it('substitutes variables assigned plain strings earlier, with offsets into the assignment', () => {
    const text = 'TABLE=orders\nexport ALTER="ADD UNIQUE KEY uk (a)"\ngh-ost --table=$TABLE --alter="${ALTER}"\n';
    const commands = shellCommands(text);
    const words = commands[2]!.words;
    expect(words.map((word) => word.value)).toEqual(['gh-ost', '--table=orders', '--alter=ADD UNIQUE KEY uk (a)']);
    expect(words[1]!.unresolved).toEqual([]);
    expect(charactersAt(text, words[2]!)).toBe('--alter=ADD UNIQUE KEY uk (a)');
    expect(words[2]!.offsets[8]).toBe(text.indexOf('ADD'));
  });

  it('marks expansions it cannot resolve and keeps them as written', () => {
    const [command] = shellCommands('cmd --table=$1 "$(cat alter.sql)" `date` ${X:-y} $UNSET\n');
    const words = command!.words;
    expect(words.map((word) => word.value)).toEqual(['cmd', '--table=$1', '$(cat alter.sql)', '`date`', '${X:-y}', '$UNSET']);
    expect(words.slice(1).map((word) => word.unresolved)).toEqual([['$1'], ['$(cat alter.sql)'], ['`date`'], ['${X:-y}'], ['$UNSET']]);
  });

  it('forgets a variable assigned from an expansion, and does not remember assignments before a command word', () => {
    const commands = shellCommands('T=$(pick)\nLANG=C U=x cmd\necho $T $U\n');
    expect(commands[2]!.words.map((word) => word.unresolved)).toEqual([[], ['$T'], ['$U']]);
  });

  it('skips comments, and a # inside a word is no comment', () => {
    expect(values('# gh-ost --alter=x\ncmd a#b # note\n')).toEqual([['cmd', 'a#b']]);
  });

  it('leaves here-document bodies alone, with <<- and quoted delimiters', () => {
    const text = "mysql <<SQL\ngh-ost --alter=nothing\nSQL\ncat <<-'EOF' > out\n\tpt-online-schema-change x\n\tEOF\nafter one\n";
    expect(values(text)).toEqual([['mysql'], ['cat'], ['after', 'one']]);
  });

  it('drops redirection targets but not here-strings of other commands', () => {
    expect(values('cmd a > log.txt 2>&1 b\ncmd2 2> err c\n')).toEqual([['cmd', 'a', 'b'], ['cmd2', 'c']]);
  });

  it('never throws on unterminated quotes and expansions', () => {
    for (const text of ['cmd "abc', "cmd 'abc", 'cmd $(abc', 'cmd `abc', 'cmd ${abc', 'cmd \\', 'cat <<EOF\nnever ends']) {
      expect(() => shellCommands(text)).not.toThrow();
    }
    expect(values('cmd "abc')).toEqual([['cmd', 'abc']]);
  });
});

describe('shellCommands and readRunbook on arbitrary text', () => {
  const shellish = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc
      .array(
        fc.constantFrom('gh-ost', 'pt-online-schema-change', '--alter=', '--alter', '--table=', 't', 'D=a,t=b', ' ', '\n', '\\\n', '\\', '"', "'", '$', '${X}', '$(', ')', '`', '<<EOF', 'EOF', '<<-', '#', ';', '&&', '|', '>', '2>&1', 'ADD UNIQUE (a)', '```sh', '```', '$ '),
        { maxLength: 60 },
      )
      .map((parts) => parts.join('')),
  );

  it('never throws, and every character of every statement maps into the file', () => {
    fc.assert(
      fc.property(shellish, fc.boolean(), (text, markdown) => {
        shellCommands(text);
        const { statements } = readRunbook(markdown ? 'x.md' : 'x.sh', text);
        for (const statement of statements) {
          expect(statement.fileOffsets).toHaveLength(statement.sql.length);
          for (const offset of statement.fileOffsets) expect(offset >= 0 && offset < text.length).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
