/**
 * The plain scanner for simple RUN scripts (parse/simpleShell.ts) must build
 * exactly the script that the tree-sitter walk builds, or decline. Checked on
 * every RUN script of the corpus (test/corpus/) and here on generated scripts
 * made of the pieces RUN lines are made of, including the ones the scanner
 * must decline.
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { initEngine } from '../../server/engine';
import { parseSimpleShell } from '../../server/engine/parse/simpleShell';
import { bothTreeReadings } from '../../server/engine/parse/shell';
import { fastPathMismatch, placementMismatch } from '../support/shellShape';

before(async () => {
  await initEngine();
});

function agrees(text: string): boolean {
  const mismatch = fastPathMismatch(text) ?? placementMismatch(text);
  if (mismatch) throw new Error(mismatch);
  return true;
}

/** Pieces the scanner reads, and pieces it must decline (fewer, so that most scripts stay on the fast path). */
const plainPiece = fc.constantFrom(
  'apt-get', 'install', '-y', '--no-install-recommends', 'curl', '-fsSL', 'https://example.com/x.tgz', 'tar', 'xz', '-C', '/opt',
  'A=1', 'B="x y"', "C='z'", 'D=$E', 'export', 'unset', 'local', 'declare', '-x', 'PATH=/usr/bin:$PATH', 'x=y', '-', '--', '=', '2', '1',
  '$HOME', '${VERSION}', '${V:-1.0}', '${#V}', '"$X"', '"a b"', "'c d'", '"say \\"hi\\""', 'a\\ b', '\\$notvar', 'file*', '"${A}/b"', 'a"b"c',
  '""', "''", 'a#b', 'x"$Y"z', "it'\\''s", 'ünï', '%d', '@scope/pkg@1.2', 'user:group', '~/.cache', '-o=x', '+x', 'a,b', '"\\\\"', '"a\\$b"', '${A}${B}',
  // Words tree-sitter-bash ends at a second `$` (the walk joins them again).
  '$V-$W', 'dir/$V.$W', '$A-$B.c', '${A}-$B.tgz', '/x/$V/y-$V.tgz', '$A-$B-$C', '"$A"-$B.c', 'X=$A-$B.c', '$1-$2.c', '$A.$B', '$A_$B_c', '$A-$B\\.c', "$A-'$B'.c",
  // Command substitutions (their commands are listed after the command they are written in).
  '$(id)', '"$(id -u)"', '$(go env GOPATH)/bin', 'V=$(uname -m)', '$(a | b c)', '$(a && b; c)', '"$(echo "$(id)")"', '$( x -y )', 'x$(y)z', '"a $(curl -fsSL https://x | sh) b"', '$(V=1 w)', '$(echo $A-$B.c)',
  // Line breaks inside quotes (the statements' own line breaks are operators below).
  '"a\nb"', "'c\n d'", '"x\n$Y"',
  // Backticks, read as `$(…)` is.
  '`id`', '"`id -u`"', '`a | b c`', '`a && b; c`', 'V=`uname -m`', 'x`y`z', '"a `curl -fsSL https://x | sh` b"', '`V=1 w`', '`echo $A-$B.c`', '` x -y `', '"${A}`b`"',
);
const hostilePiece = fc.constantFrom(
  '*.txt', '[', ']', '{', '}', '(', ')', '!', '#', '#comment', '`', '``', '`a \\`b\\``', '`a #c`', '`$(a)`', '$(`a`)', '`if a; then b; fi`', '`a\nb`', '"`"', '`{ a; }`', '`a`\\-', '`(a)`', '$((1+2))', '$(', '$()', '"$(x"', '$(a #c)', '$(case x in a) b;; esac)',
  'a@b', '1#', '12#3', '\\ x', '_=o', '1=x', '${A.}', '${A:#}', 'a\\$', '_2>1', '$(a | b | c > f)',
  'if', 'then', 'fi', 'for', 'do', 'done', 'time', '==', 'a=', 'A+=1', '"$"', "$'x'", '"unterminated', '$1', '"$@"',
  'esac', 'A=', '{..}', '{a,b}', '{}', '[ch]', '*.[ch]', '0>f', '==x', 'a\\ ', '"a"\\ ', '${V*}', '${#V-}', 'd?i', "for''", 'export$y',
);
const piece = fc.oneof({ arbitrary: plainPiece, weight: 12 }, { arbitrary: hostilePiece, weight: 1 });
const plainOperator = fc.constantFrom(' ', ' ', ' ', '  ', '\t', ' && ', ' || ', '; ', ' | ', '|', '&&', ' # note ', '; #', '\n', '\n', ' \n  ');
const hostileOperator = fc.constantFrom(' & ', ';;', '\n', ' \\\n ', '||', '|&', ';&');
const operator = fc.oneof({ arbitrary: plainOperator, weight: 15 }, { arbitrary: hostileOperator, weight: 1 });
const plainRedirect = fc.constantFrom(' > /tmp/f', ' >> log', ' 2>&1', ' 2>/dev/null', ' < in', ' &> out', ' >&2', ' 1>&2', '>x', ' > "$F"');
const hostileRedirect = fc.constantFrom(' << EOF', ' <<< "s"', ' > ', ' 2>', ' >|f', ' >&-');
const redirects = fc.oneof(
  { arbitrary: fc.constant(''), weight: 8 },
  { arbitrary: fc.array(plainRedirect, { minLength: 1, maxLength: 2 }).map((r) => r.join('')), weight: 4 },
  { arbitrary: hostileRedirect, weight: 1 },
);

/** A command: optional prefix assignments, a name, arguments, maybe redirections at the end (now and then not at the end). */
const prefix = fc.constantFrom('', '', '', 'A=1 ', 'DEBIAN_FRONTEND=noninteractive ', 'X="a b" Y=$Z ', 'X=$A-$B.c ', 'X=$A-$B.c Y=$C-$D.e ');
const name = fc.oneof({ arbitrary: fc.constantFrom('apt-get', 'curl', 'tar', 'echo', 'export', 'unset', 'declare', 'local', '/usr/bin/env', 'sh', '"quoted"', '$CMD'), weight: 10 }, { arbitrary: piece, weight: 1 });
const after = fc.oneof({ arbitrary: fc.constant(''), weight: 10 }, { arbitrary: piece.map((p) => ' ' + p), weight: 1 });
const command = fc
  .tuple(prefix, name, fc.array(piece, { maxLength: 5 }), redirects, after)
  .map(([pre, n, args, r, a]) => pre + [n, ...args].join(' ') + r + a);
const script = fc
  .tuple(command, fc.array(fc.tuple(operator, command), { maxLength: 4 }))
  .map(([first, rest]) => first + rest.map(([op, c]) => (op.trim() === '' && op !== '\n' ? ' && ' : op) + c).join(''));

/**
 * Compound statements (`if`, `for`, `while`, `until`, `case`, groups,
 * subshells, tests, `!`) around generated commands, nested up to three deep,
 * now and then with a separator, a keyword or a test word the scanner must
 * decline (or read as tree-sitter does).
 */
const testWord = fc.oneof(
  { arbitrary: fc.constantFrom('x', '"$A"', '$A', '"${A:-b}"', '"$(id -u)"', '1', "'a b'", '/usr/bin/x', '"$(uname -m)"', '"${V%%[a-z]*}"', '""', 'a.b'), weight: 10 },
  { arbitrary: fc.constantFrom('*', 'a*', ']', '[', '-f', '!', '(', '$(a | b)', '"`id`"', '=', 'a b', '$(a) ]', '=~', 'a=b', '1=', '+', '~', 'a#', 'if', '$V.$V.', "a' '", 'a?b'), weight: 1 },
);
const testExpression = fc.oneof(
  fc.tuple(fc.constantFrom('-f', '-d', '-z', '-n', '-x', '-e', '-L'), testWord).map(([o, w]) => `${o} ${w}`),
  fc.tuple(testWord, fc.constantFrom('=', '==', '!=', '-eq', '-ne', '-lt', '-ge'), testWord).map(([a, o, b]) => `${a} ${o} ${b}`),
  testWord,
);
const testCommand = fc
  .tuple(fc.constantFrom('[', '[', '[[', 'test'), fc.constantFrom('', '', '! '), testExpression, fc.array(fc.tuple(fc.constantFrom(' -a ', ' -o ', ' && ', ' || '), testExpression), { maxLength: 2 }), fc.constantFrom('', '', '', ';', ' ]'))
  .map(([open, not, first, rest, odd]) => {
    const body = not + first + rest.map(([op, e]) => op + e).join('');
    if (open === 'test') return `test ${body}`;
    return `${open} ${body} ${open === '[' ? ']' : ']]'}${odd}`;
  });
const sep = fc.oneof({ arbitrary: fc.constantFrom('; ', ';', ';  '), weight: 12 }, { arbitrary: fc.constantFrom(' ', ';;', '\n', ' & ', ''), weight: 1 });
const casePattern = fc.oneof(
  { arbitrary: fc.constantFrom('a', "'x86_64'", 'amd64|x86_64', 'arm64 | aarch64', '*', 'arm*', '"q"', '(x)'), weight: 10 },
  { arbitrary: fc.constantFrom('@(a)', '$x', '[ab]', '-x', "'a'|", '', 'esac', 'a)b'), weight: 1 },
);
const { compound } = fc.letrec<{ list: string; statement: string; compound: string }>((tie) => ({
  list: fc
    .tuple(tie('statement'), fc.array(fc.tuple(fc.constantFrom(' && ', ' || ', '; ', ' | ', ';'), tie('statement')), { maxLength: 3 }))
    .map(([first, rest]) => first + rest.map(([op, st]) => op + st).join('')),
  statement: fc.oneof({ maxDepth: 3, depthIdentifier: 'shell' }, command, command, testCommand, tie('compound')),
  compound: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'shell' },
    fc
      .tuple(tie('list'), sep, tie('list'), fc.array(fc.tuple(tie('list'), tie('list')), { maxLength: 1 }), fc.option(tie('list'), { nil: undefined }), sep)
      .map(([cond, s1, body, elifs, other, s2]) => `if ${cond}${s1}then ${body}${s2}${elifs.map(([c, b]) => `elif ${c}; then ${b}; `).join('')}${other !== undefined ? `else ${other}; ` : ''}fi`),
    fc
      .tuple(fc.constantFrom('i', 'f', '1x', 'x y'), fc.array(fc.oneof(piece, fc.constant('$(ls /x)')), { minLength: 0, maxLength: 3 }), sep, tie('list'), sep)
      .map(([v, words, s1, body, s2]) => `for ${v} in ${words.join(' ')}${s1}do ${body}${s2}done`),
    fc.tuple(fc.constantFrom('while', 'until'), tie('list'), sep, tie('list'), sep).map(([k, cond, s1, body, s2]) => `${k} ${cond}${s1}do ${body}${s2}done`),
    fc
      .tuple(fc.constantFrom('"$arch"', '$(uname -m)', '"${A##*-}"', 'x'), fc.array(fc.tuple(casePattern, fc.option(tie('list'), { nil: undefined }), fc.constantFrom(' ;; ', ';; ', '; ;; ', ' ;& ')), { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([w, items, lastOpen]) => `case ${w} in ${items.map(([p, l, end], k) => `${p}) ${l ?? ''}${k === items.length - 1 && lastOpen && l !== undefined ? '; ' : end}`).join('')}esac`),
    fc.tuple(tie('list'), sep).map(([l, s1]) => `{ ${l}${s1}}`),
    // Function definitions (the scanner reads `name() { …; }`), and forms it must decline or read as tree-sitter does.
    fc
      .tuple(fc.constantFrom('f', '_update_repo', 'f2', 'F_x', 'my-f', '1f', 'function f', 'function f()', '$f', 'f=1'), fc.constantFrom('()', '()', '() ', '( )', ' ()', '', '(x)'), fc.constantFrom(' { ', '{ ', ' {', ' ( ', ' {\t'), tie('list'), sep)
      .map(([n, p, open, l, s1]) => `${n}${p}${open}${l}${s1}${open.includes('(') ? ')' : '}'}`),
    tie('list').map((l) => `( ${l} )`),
    tie('list').map((l) => `(${l})`),
    fc.tuple(fc.constantFrom('! ', '!'), command).map(([b, c]) => b + c),
  ),
}));
/** A compound statement, now and then with what must not follow one (a pipe, a redirection, `&`). */
const compoundScript = fc
  .tuple(fc.constantFrom('', '', 'set -eux; ', 'a && '), compound, fc.constantFrom('', '', '', ' && b', '; c', ' | d', ' > f', ' &', ' || true', ' # why', '; # why', ' #', '#x'))
  .map(([before, c, after]) => before + c + after);

describe('simple shell scanner agrees with tree-sitter', () => {
  it('on hand-picked shapes (redirections after a list or pipeline, declarations, bare assignments)', () => {
    const cases = [
      'apt-get update && apt-get install -y curl',
      'a > f && b',
      'a && b > f && c',
      'a | b > f',
      'a 2>&1 | b',
      'a && b 2>&1 | c',
      'x && a | b > f',
      'a | b | c 2>/dev/null',
      'A=1 && b > f',
      'A=1 B=2',
      'export A=b C',
      'export A="x y" B=$C',
      'unset A B',
      'declare -x A=1',
      'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates',
      'echo "${A:-b}" >> /etc/x && chmod 644 /etc/x',
      'curl -fsSL https://x | sh',
      'pip install --no-cache-dir -r requirements.txt; rm -rf /root/.cache',
      'wget -q -O /tmp/a.tgz https://h/$V/a-$V.tgz',
      'cd $(go env GOPATH)/bin && V=$(uname -m | tr A-Z a-z) make "ARCH=$(dpkg --print-architecture)"',
      'VERSION=$(curl -fsSL https://x/latest | jq -r .tag) && echo "$(echo "$(id -u)")"',
      'export PATH=$(x)/bin:$PATH',
      '',
      '   ',
    ];
    let accepted = 0;
    for (const c of cases) {
      if (parseSimpleShell(c)) accepted++;
      agrees(c);
    }
    assert.ok(accepted >= cases.length - 4, `only ${accepted} of ${cases.length} plain cases took the fast path`);
  });

  it('declines what it does not read', () => {
    for (const c of ['a $((1+2))', 'a $(b', 'a $()', 'a > $(b)', 'a $(b # c)', 'echo $(x | c | d > f)', '_=o', 'a@b c', '1=x y', 'e 1#', '\\ x', 'echo $A\\$', 'echo ${A.}', 'echo ${A:#}', 'e _2>1', 'a `b` `c`', 'a `b``c`', 'a ` b`', 'a `b \\`c\\``', 'a `b\nc`', 'a `$(b)`', 'a $(`b`)', 'a `if b; then c; fi`', 'a `b` # `c`', 'a > `b`', '[ -f `a` ]', '((a))', '{ a }', 'if a; then fi', 'if a then b; fi', 'for i; do a; done', '{ a; } 2>&1 | b', 'a; { b; } | c > f', '{ A=1; } | b', '{ a; } > $(x)', '{ a; } | b | c && d', '$(case x in a) b;; esac)', 'case x in @(a)) b;; esac', '[ a b c ]', '[ -f x]', 'a { [', 'a [ ]', 'echo ${A%]}', 'a << EOF', 'a <<< x', 'a # c\nb', 'if a; then b # c; fi', 'a && # c', 'a | b | c\nd > f', '{ X=$A-$B.c && a; } | d', 'for i in x; do X=$A-$B.c V=$(u) && a; done | d', 'a\n\\$b', 'a\n  \\\nb', 'if a; then\nb; fi', 'a\n# c\nb', 'a $(b\nc)', '{ a\nb; }', 'if a; then b; fi\nc',
      // Found by a review's fuzzers (about 48 million inputs): shapes tree-sitter-bash reads as errors or other trees.
      '[ a=b ]', '[ 1= ]', '[ x=$(y) ]', '[ + ]', '[ -f ~ ]', '[ a# = b ]', '[ a?b ]', '[ e% ]', '[ if = a ]', '[ $V.$V. = a ]', "[ x != oa' ' ]", '[[ a = b" " ]]',
      'case x in esac) b;; esac', 'case x in a) echo esac;; esac', 'case x in a)b;; esac', 'case x in a)b;;b)c; esac',
      'A=||b', 'B=1 A=||b', '(a;A=)', '(export B=)', 'export A=||b',
      'echo {..}', 'B {3#}', 'echo {}\\ ', 'm []\\ ', 'b h[\\ ]', 'a ${#V%[z]}', 'a ${#V%%[a-z]*}',
      '(d?l)', '{ o?t;}', 'd?i', 'c?hmod 755 x', "for''", 'if$x', 'export$y', 'local""', "unset''", 'echo ==$A', 'echo ==""',
      'echo ${V*}', 'echo ${V~}', 'echo ${V@}', 'echo ${L:/}', 'echo ${s:.}', 'echo ${R:c?}', 'echo ${#V-}', 'echo ${#V/}', 'echo ${p:U=}', 'echo ${R:%}',
      'echo 0>f', 'd 0<h', 'h -6#', 'H= S=""\\S= l', '! A= Y="$(a)"', 'l ""1#', "[[ \"\" = '}' ]]", 'S= H=$O\\D= .', '$a\\- 2>i', 'echo ""\\$""', "echo 'a'\\x", 'A=${A}1#', 'case "" in *) e esac"";esac', 'echo $A-1#', 'echo a$(b)1#', 'echo $a\\ ', 'echo ""\\ ', 'echo $(d)\\ ', 'o\\\t', 'a+:', 'a && \\\nb', 'a &', 'a |& b', "echo $'x'", 'a "unterminated', 'a &&', '| a', 'a;;b']) {
      assert.equal(parseSimpleShell(c), undefined, JSON.stringify(c));
    }
  });

  it('long runs of blanks and many expansions stay linear (hostile RUN lines)', { timeout: 60_000 }, () => {
    const blanks = ' '.repeat(200_000);
    assert.equal(parseSimpleShell(`a${blanks}\n${blanks}b`)?.commands.length, 2);
    assert.equal(parseSimpleShell(`a${blanks}\n${blanks}\\$b`), undefined);
    assert.equal(parseSimpleShell(`${blanks}x${blanks}`)?.commands.length, 1);
    assert.equal(parseSimpleShell('echo ' + '${A'.repeat(50_000)), undefined);
    assert.equal(parseSimpleShell('echo ' + '"${A}" '.repeat(30_000))?.commands[0]?.args.length, 30_000);
    // Compound statements nested deeper than the scanner reads (a stack overflow before): declined.
    for (const deep of ['( '.repeat(3400) + 'a', '{ '.repeat(3400) + 'a;', 'if '.repeat(2800) + 'a', 'if a; then '.repeat(100) + 'b' + '; fi'.repeat(100)]) assert.equal(parseSimpleShell(deep), undefined);
    assert.ok(parseSimpleShell('if a; then '.repeat(60) + 'b' + '; fi'.repeat(60)), 'sixty levels are read');
    // Substitutions nested deeper than the scanner reads, and many side by side.
    assert.equal(parseSimpleShell('echo ' + '$('.repeat(50_000) + 'x' + ')'.repeat(50_000)), undefined);
    assert.equal(parseSimpleShell('echo ' + '$(a) '.repeat(20_000))?.commands.length, 20_001);
    // An assignment's value is read twice: nested substitutions are not read again at each level (2^16 times here).
    let nested = 'x ' + 'a '.repeat(20_000);
    for (let k = 0; k < 16; k++) nested = `A=$(${nested}) x`;
    assert.equal(parseSimpleShell(nested)?.commands.length, 17);
  });

  it('reads compound statements, tests and negations as tree-sitter does', () => {
    const cases = [
      'if [ -f x ]; then a && b; fi',
      'set -e; if cmd; then x; elif [ "$a" = b ]; then y; else z; fi; w',
      'if ! cat /etc/group | grep -e "^g:" > /dev/null 2>&1; then groupadd -r g; fi && usermod -a -G g u',
      '( cd x && make ) || true',
      'a && ( b; c ) && d',
      'a || { echo no; exit 1; }',
      'for f in a $(ls /x) c; do echo $f; done',
      'while read a; do echo $a; done',
      'until a; do b; done',
      'case "${dpkgArch##*-}" in amd64) arch=x64;; arm64 | aarch64) arch=arm64 ;; *) echo >&2 "unsupported: $dpkgArch"; exit 1 ;; esac',
      "case \"$arch\" in 'x86_64') url='https://x'; ;; esac",
      '[ "$(uname -m)" = x86_64 ] || exit 1',
      '[ ! -f x -a -n "$Y" ] && rm x',
      '[[ $a == b* ]] && c',
      'find / -name "*.pyc" -exec rm -f {} +',
      'su-exec nobody true # backwards compatibility (removed in 17+)',
      'if [ -f x ]; then a; fi # why',
      'a; # only a comment after',
      "{ echo 'a'; echo 'b'; } | tee php-fpm.d/docker.conf; { echo c; } > /etc/x",
      'while read x; do a; done < f',
      'if a; then b; fi | c',
      'x && { a; } > f && y',
      'test "$A" != x && echo ${PYTHON_VERSION%%[a-z]*}',
      'url=; A= b',
      'echo >&2 "error: x" && exit 1',
    ];
    for (const c of cases) {
      assert.ok(parseSimpleShell(c), JSON.stringify(c));
      agrees(c);
    }
  });

  it('on generated compound statements', () => {
    const runs = Number(process.env.SIMPLE_SHELL_RUNS ?? 3000);
    let accepted = 0;
    fc.assert(
      fc.property(compoundScript, (text) => {
        if (parseSimpleShell(text)) accepted++;
        return agrees(text);
      }),
      { numRuns: runs },
    );
    assert.ok(accepted > runs / 20, `only ${accepted} of ${runs} generated compound statements took the fast path`);
  });

  it('on generated scripts', () => {
    const runs = Number(process.env.SIMPLE_SHELL_RUNS ?? 3000);
    let accepted = 0;
    fc.assert(
      fc.property(script, (text) => {
        if (parseSimpleShell(text)) accepted++;
        return agrees(text);
      }),
      { numRuns: runs },
    );
    // The generator must reach the fast path often enough for the comparison to mean something.
    assert.ok(accepted > runs / 20, `only ${accepted} of ${runs} generated scripts took the fast path`);
  });
});

describe("tree-sitter's tree read through the direct calls", () => {
  it('is the tree its cursor reads, on generated scripts (errors, nesting and deep trees included)', () => {
    const runs = Number(process.env.SIMPLE_SHELL_RUNS ?? 3000);
    const nested = fc.array(fc.constantFrom('$(', ')', '{ ', '; }', '( ', ' )', 'if a; then ', '; fi', 'for i in x; do ', '; done', '"', "'", '`', '<<EOF\nx\nEOF\n', ' | ', ' && '), { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(script, nested, fc.string({ maxLength: 60 })), (text) => {
        const both = bothTreeReadings(text);
        assert.ok(both, 'the direct calls are in use');
        assert.deepStrictEqual(both.direct, both.cursor);
      }),
      { numRuns: runs },
    );
    const deep = '$('.repeat(300) + 'x' + ')'.repeat(300);
    const both = bothTreeReadings(deep)!;
    assert.deepStrictEqual(both.direct, both.cursor);
  });
});
