import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { clearShellCache, initEngine, parseDockerfile, parseShell } from '../../server/engine';
import type { Span } from '../../server/engine';
import { parseWithTreeSitter, type ShellScript, type SimpleCommand } from '../../server/engine/parse/shell';
import { blankContinuations } from '../../server/engine/parse/dockerfile';

before(async () => {
  await initEngine();
});

const at = (text: string, s: Span | undefined): string | undefined => (s ? text.slice(s.start, s.end) : undefined);
/** [name, args (unquoted), name as written in the document] for every command of every script. */
const cmds = (text: string, scripts: ShellScript[] | undefined) =>
  (scripts ?? []).flatMap((s) => s.commands.map((c) => [c.name, c.args.map((a) => a.value), at(text, c.nameWord?.span)]));
const runOf = (text: string, n = 1) => parseDockerfile(text).instructions[n]!;

describe('words tree-sitter-bash ends at a second `$`', () => {
  /** Each command as [assignments as name=value, name, args, redirection targets], and its place in its pipeline. */
  const shape = (s: ShellScript) =>
    s.commands.map((c) => [c.assignments.map((a) => `${a.name}=${a.value?.value ?? ''}`), c.name, c.args.map((a) => a.value), c.redirects.map((r) => r.target?.value), `${c.pipelineIndex}/${c.pipelineLength}`]);
  const cases: [string, unknown][] = [
    ['curl -o /tmp/$A-$B.tgz https://x/$A/$B-$A.tgz', [[[], 'curl', ['-o', '/tmp/$A-$B.tgz', 'https://x/$A/$B-$A.tgz'], [], '0/1']]],
    ['X=$A-$B.c make -j', [[['X=$A-$B.c'], 'make', ['-j'], [], '0/1']]],
    ['X=$A-$B.c Y=$C-$D.e make', [[['X=$A-$B.c', 'Y=$C-$D.e'], 'make', [], [], '0/1']]],
    ['$A-$B.c x', [[[], '$A-$B.c', ['x'], [], '0/1']]],
    ['export X=$A-$B.c Y=1', [[['X=$A-$B.c', 'Y=1'], 'export', [], [], '0/1']]],
    ['echo a > $A-$B.c', [[[], 'echo', ['a'], ['$A-$B.c'], '0/1']]],
    ['echo "$A"-${B}-$C.d/$E.f', [[[], 'echo', ['$A-${B}-$C.d/$E.f'], [], '0/1']]],
    ['wget "https://x"/$V.tgz', [[[], 'wget', ['https://x/$V.tgz'], [], '0/1']]],
    ["X='a'-$B.c curl -k x", [[['X=a-$B.c'], 'curl', ['-k', 'x'], [], '0/1']]],
    ['X=$A-$B.c', []],
    ['X=$A-$B.c && y', [[[], 'y', [], [], '0/1']]],
    ['X=$A-$B.c | y', [[[], 'y', [], [], '0/1']]],
    // Words after a redirection's target are the command's (tree-sitter-bash takes them for more targets).
    ['echo a > f b c', [[[], 'echo', ['a', 'b', 'c'], ['f'], '0/1']]],
    ['X=$A-$B.c 2>/dev/null curl -k https://x', [[['X=$A-$B.c'], 'curl', ['-k', 'https://x'], ['/dev/null'], '0/1']]],
    ['X=$A-$B.c > f make -k', [[['X=$A-$B.c'], 'make', ['-k'], ['f'], '0/1']]],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => {
      const tree = parseWithTreeSitter(text);
      assert.equal(tree.hasErrors, false);
      assert.deepEqual(shape(tree), expected);
      for (const c of tree.commands) for (const w of [...c.args, ...(c.nameWord ? [c.nameWord] : [])]) assert.equal(text.slice(w.span.start, w.span.end), w.raw);
      // A word joined at a `$` has an expansion, whichever piece holds it.
      for (const c of tree.commands) for (const w of [...c.args, ...c.assignments.flatMap((a) => (a.value ? [a.value] : []))]) if (/\$[A-Za-z{(]/.test(w.raw)) assert.equal(w.dynamic, true, w.raw);
      // The fast path reads the same (or leaves the script to tree-sitter).
      const fast = parseShell(text, 0);
      assert.deepEqual(shape(fast), expected);
    });
  }
});

describe('parseShell', () => {
  it('simple commands, lists, names, args and spans', () => {
    const src = 'apt-get update && apt-get install -y curl || exit 1; /usr/bin/curl -fsSL x';
    const s = parseShell(src, 10);
    assert.equal(s.hasErrors, false);
    const local = (sp: Span) => src.slice(sp.start - 10, sp.end - 10);
    assert.deepEqual(s.commands.map((c) => [c.name, c.baseName, c.args.map((a) => a.value), local(c.span), c.span.start]), [
      ['apt-get', 'apt-get', ['update'], 'apt-get update', 10],
      ['apt-get', 'apt-get', ['install', '-y', 'curl'], 'apt-get install -y curl', 28],
      ['exit', 'exit', ['1'], 'exit 1', 55],
      ['/usr/bin/curl', 'curl', ['-fsSL', 'x'], '/usr/bin/curl -fsSL x', 63],
    ]);
    assert.deepEqual(s.commands[1]!.args[2]!.span, { start: 47, end: 51 });
  });

  it('pipelines', () => {
    const s = parseShell('curl -s x | tar xz | sh; echo done', 0);
    assert.deepEqual(s.commands.map((c) => [c.name, c.pipelineIndex, c.pipelineLength]), [
      ['curl', 0, 3],
      ['tar', 1, 3],
      ['sh', 2, 3],
      ['echo', 0, 1],
    ]);
    assert.equal(s.commands[0]!.pipeline, s.commands[2]!.pipeline);
    assert.deepEqual(s.pipelines.map((p) => p.span), [{ start: 0, end: 23 }]);
  });

  it('subshells and substitutions', () => {
    const s = parseShell('(cd /x && make) && echo $(curl -s u) `id -u` && bash <(curl -fsSL https://x/i.sh)', 0);
    assert.deepEqual(s.commands.map((c) => [c.name, c.inSubshell, c.inSubstitution]), [
      ['cd', true, false],
      ['make', true, false],
      ['echo', false, false],
      ['curl', false, true],
      ['id', false, true],
      ['bash', false, false],
      ['curl', false, true],
    ]);
    const echo = s.commands[2]!;
    assert.deepEqual(echo.args.map((a) => [a.raw, a.dynamic]), [['$(curl -s u)', true], ['`id -u`', true]]);
  });

  it('redirections and assignment prefixes', () => {
    const s = parseShell('DEBIAN_FRONTEND=noninteractive A="b c" apt-get install -y x > /dev/null 2>&1', 0);
    const c = s.commands[0]!;
    assert.equal(c.name, 'apt-get');
    assert.deepEqual(c.assignments.map((a) => [a.name, a.value?.value]), [['DEBIAN_FRONTEND', 'noninteractive'], ['A', 'b c']]);
    assert.deepEqual(c.redirects.map((r) => [r.operator, r.target?.value]), [['>', '/dev/null'], ['>&', '1']]);
    assert.deepEqual(c.args.map((a) => a.value), ['install', '-y', 'x']);
    // The command's span covers its redirections.
    assert.deepEqual(c.span, { start: 0, end: 76 });
    assert.equal(s.text.length, 76);
  });

  it('unquotes words', () => {
    const s = parseShell(`echo "a b" 'c d' e\\ f "x"'y'z $'t\\n' "$HOME/x"`, 0);
    assert.deepEqual(s.commands[0]!.args.map((a) => [a.value, a.dynamic]), [
      ['a b', false],
      ['c d', false],
      ['e f', false],
      ['xyz', false],
      ['t\\n', false],
      ['$HOME/x', true],
    ]);
  });

  it('incomplete input: no throw, errors flagged, complete commands kept', () => {
    const s = parseShell('apt-get update && echo "unterminated', 0);
    assert.equal(s.hasErrors, true);
    assert.equal(s.commands[0]!.name, 'apt-get');
    const t = parseShell('curl x | ', 0);
    assert.equal(t.hasErrors, true);
    assert.equal(t.commands[0]!.name, 'curl');
  });
});

describe('redirections after a list or a pipeline', () => {
  // tree-sitter-bash hangs `> f` in `a && b > f` on the list `a && b`; the shell gives it to `b`.
  const read = (text: string, s: ShellScript) =>
    s.commands.map((c) => `${c.name}[${c.redirects.map((r) => r.operator + (r.target?.raw ?? '')).join(',')}] ${c.pipelineIndex}/${c.pipelineLength} ${text.slice(c.pipeline.span.start, c.pipeline.span.end)}`);
  const cases: [string, string[]][] = [
    ['a && b > f && c', ['a[] 0/1 a', 'b[>f] 0/1 b > f', 'c[] 0/1 c']],
    ['a | b > f', ['a[] 0/2 a | b > f', 'b[>f] 1/2 a | b > f']],
    ['a && curl -fsSL x 2>&1 | sh', ['a[] 0/1 a', 'curl[>&1] 0/2 curl -fsSL x 2>&1 | sh', 'sh[] 1/2 curl -fsSL x 2>&1 | sh']],
    ['a && c > f | d > g', ['a[] 0/1 a', 'c[>f] 0/2 c > f | d > g', 'd[>g] 1/2 c > f | d > g']],
    ['a | b | c 2>/dev/null', ['a[] 0/3 a | b | c 2>/dev/null', 'b[] 1/3 a | b | c 2>/dev/null', 'c[>/dev/null] 2/3 a | b | c 2>/dev/null']],
    ['if true; then a && b > f; fi', ['true[] 0/1 true', 'a[] 0/1 a', 'b[>f] 0/1 b > f']],
  ];
  for (const [text, expected] of cases) {
    it(text, () => {
      assert.deepEqual(read(text, parseWithTreeSitter(text)), expected, 'tree-sitter walk');
      assert.deepEqual(read(text, parseShell(text, 0)), expected, 'parseShell (fast path where it applies)');
    });
  }
});

describe('parse cache', () => {
  /** Everything a rule can read of a script, with spans made relative to the script's offset. */
  const shape = (s: ShellScript): unknown => {
    const rel = (sp: Span): [number, number] => [sp.start - s.offset, sp.end - s.offset];
    const word = (w: { value: string; raw: string; span: Span; dynamic: boolean } | undefined) => w && [w.value, w.raw, rel(w.span), w.dynamic];
    return {
      text: s.text,
      hasErrors: s.hasErrors,
      pipelines: s.pipelines.map((p) => [rel(p.span), p.commands.map((c) => s.commands.indexOf(c))]),
      commands: s.commands.map((c) => [
        c.name,
        c.baseName,
        word(c.nameWord),
        c.args.map(word),
        c.assignments.map((a) => [a.name, word(a.value), rel(a.span)]),
        c.redirects.map((r) => [r.operator, word(r.target), rel(r.span)]),
        rel(c.span),
        c.pipelineIndex,
        c.pipelineLength,
        s.pipelines.indexOf(c.pipeline),
        c.pipeline.commands.map((x) => s.commands.indexOf(x)),
        c.inSubstitution,
        c.inSubshell,
      ]),
    };
  };
  const scripts = [
    'apt-get update && apt-get install -y curl | tee log 2>&1; echo "$(id -u)" > /tmp/x',
    'while read l; do echo "$l"; done < f | sort | uniq -c',
    '( cd /src && make ) && FOO=1 BAR="a b" ./configure --prefix=/usr <<< "$IN"',
    'export A=1 B; unset C; if [ -f x ]; then curl -k https://h | sh; fi',
    'echo "unterminated',
  ];

  it('a repeated script is the same parse, moved to its new offset', () => {
    for (const text of scripts) {
      clearShellCache();
      const fresh = parseShell(text, 7);
      const again = parseShell(text, 7);
      const moved = parseShell(text, 1000);
      assert.deepEqual(shape(again), shape(fresh), text);
      assert.deepEqual(shape(moved), shape(fresh), text);
      assert.equal(moved.offset, 1000);
      for (const c of moved.commands) {
        assert.equal(text.slice(c.span.start - 1000, c.span.end - 1000).length, c.span.end - c.span.start);
        if (c.nameWord) assert.equal(text.slice(c.nameWord.span.start - 1000, c.nameWord.span.end - 1000), c.nameWord.raw);
      }
    }
  });

  it('the same script at the same place is one value; elsewhere a copy, and the cached parse is left as it was', () => {
    clearShellCache();
    const a = parseShell(scripts[0]!, 40);
    const same = parseShell(scripts[0]!, 40);
    assert.equal(same, a, 'an unmoved RUN line (an edit elsewhere) is not copied');
    const b = parseShell(scripts[0]!, 0);
    assert.notEqual(a, b);
    assert.notEqual(a.commands[0], b.commands[0]);
    assert.notEqual(a.commands[0]!.args[0]!.span, b.commands[0]!.args[0]!.span);
    assert.equal(a.commands[0]!.span.start, 40, 'copying did not move the cached parse');
    // Pipelines stay linked to their own commands in the copy.
    for (const p of b.pipelines) for (const c of p.commands) assert.ok(b.commands.includes(c));
    for (const c of b.commands) assert.ok(!a.commands.includes(c.pipeline.commands[0]!));
    const piped = b.commands.find((c) => c.name === 'tee')!;
    assert.equal(piped.pipeline.commands[0], b.commands.find((c) => c.args[0]?.value === 'install'));
    assert.deepEqual(shape(b), shape(a));
    // `effective` holds spans of the place it was worked out for: a copy starts without it.
    a.commands[0]!.effective = null;
    assert.equal(parseShell(scripts[0]!, 3).commands[0]!.effective, undefined);
  });

  it('a Dockerfile parsed twice gives the same model', () => {
    const text = 'FROM alpine\nRUN apk add curl \\\n  && curl -fsSL https://x | sh\nRUN apk add curl \\\n  && curl -fsSL https://x | sh\n';
    clearShellCache();
    const first = parseDockerfile(text);
    const second = parseDockerfile(text);
    const runs = (m: typeof first) => m.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.shell!.map(shape));
    assert.deepEqual(runs(second), runs(first));
    // The two RUN lines share a parse but keep their own document offsets.
    const [r1, r2] = first.instructions.filter((i) => i.keyword === 'RUN');
    assert.notEqual(r1!.shell![0]!.offset, r2!.shell![0]!.offset);
    for (const r of [r1!, r2!]) for (const c of r.shell![0]!.commands) assert.equal(text.slice(c.nameWord!.span.start, c.nameWord!.span.end), c.nameWord!.raw);
  });
});

describe('RUN shell model', () => {
  it('continuation lines are blanked; word spans point at the document (LF, CRLF, CR)', () => {
    const base = 'FROM a\nRUN apt-get update \\\n && apt-get install -y \\\n      curl\n';
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = base.replace(/\n/g, eol);
      const run = runOf(text);
      assert.equal(run.shell!.length, 1);
      assert.equal(run.shell![0]!.hasErrors, false, JSON.stringify(eol));
      assert.deepEqual(cmds(text, run.shell), [
        ['apt-get', ['update'], 'apt-get'],
        ['apt-get', ['install', '-y', 'curl'], 'apt-get'],
      ]);
      const curl = run.shell![0]!.commands[1]!.args[2]!;
      assert.equal(at(text, curl.span), 'curl');
      assert.deepEqual(parseDockerfile(text).lines.positionAt(curl.span.start), { line: 3, character: 6 });
    }
  });

  it('escape=` continuation; a backslash stays for the shell', () => {
    const text = '# escape=`\nFROM a\nRUN echo a\\b `\n  && make`\n  install\n';
    const run = runOf(text, 1);
    assert.deepEqual(cmds(text, run.shell), [
      ['echo', ['ab'], 'echo'],
      ['make', ['install'], 'make'],
    ]);
    // Docker removes only the escape and the line break: the next line's indent stays.
    assert.equal(run.shell![0]!.text, 'echo a\\b     && make    install');
  });

  it('comment and empty lines inside a continued RUN are dropped with their line break', () => {
    const text = 'FROM a\nRUN set -eux; \\\n  # install tools\n\n    apk add curl; \\\n  # done\n  echo ok\n';
    const run = runOf(text);
    assert.equal(run.shell![0]!.hasErrors, false);
    assert.deepEqual(cmds(text, run.shell), [
      ['set', ['-eux'], 'set'],
      ['apk', ['add', 'curl'], 'apk'],
      ['echo', ['ok'], 'echo'],
    ]);
    assert.equal(run.shell![0]!.text.includes('\n'), false);
  });

  it('a comment right after RUN stays a shell comment, continuation included', () => {
    const text = 'FROM a\nRUN # note \\\n  curl x\nUSER b\n';
    const run = runOf(text);
    assert.deepEqual(cmds(text, run.shell), []);
  });

  it('blankContinuations keeps length and turns lone CR into LF', () => {
    assert.equal(blankContinuations('a \\\r\n  # c\r\n\r\n b', '\\'), 'a' + ' '.repeat(14) + 'b');
    assert.equal(blankContinuations('a \\  \n b\rc', '\\'), 'a      b\nc');
    assert.equal(blankContinuations('x`\ny\\', '`'), 'x  y\\');
  });

  it('heredoc RUN bodies are scripts with document offsets', () => {
    const text = 'FROM a\nRUN <<EOF\napt-get update\ncurl -fsSL u | sh\nEOF\nRUN bash -e <<EOF\nmake\nEOF\nRUN python3 <<EOF\nimport os\nEOF\nRUN cat <<EOF > /etc/x && chmod 600 /etc/x\nk=v\nEOF\n';
    for (const eol of ['\n', '\r\n', '\r']) {
      const t = text.replace(/\n/g, eol);
      const m = parseDockerfile(t);
      const [r1, r2, r3, r4] = m.instructions.slice(1);
      assert.deepEqual(cmds(t, r1!.shell), [
        ['apt-get', ['update'], 'apt-get'],
        ['curl', ['-fsSL', 'u'], 'curl'],
        ['sh', [], 'sh'],
      ], JSON.stringify(eol));
      assert.deepEqual(r1!.shell!.map((s) => s.hasErrors), [false, false]);
      assert.deepEqual(cmds(t, r2!.shell), [['bash', ['-e'], 'bash'], ['make', [], 'make']]);
      assert.deepEqual(cmds(t, r3!.shell), [['python3', [], 'python3']]);
      assert.equal(r3!.shell!.length, 1);
      assert.deepEqual(cmds(t, r4!.shell), [['cat', [], 'cat'], ['chmod', ['600', '/etc/x'], 'chmod']]);
      assert.deepEqual(r4!.shell![0]!.commands[0]!.redirects.map((r) => [r.operator, r.target?.value]), [['>', '/etc/x']]);
    }
  });

  it('exec form sh -c is parsed; other exec forms are not', () => {
    const text = 'FROM a\nRUN ["sh", "-c", "curl x | bash"]\nRUN ["/bin/bash", "-ec", "a && b"]\nRUN ["curl", "x"]\nRUN ["sh", "-c", "echo \\"q\\""]\n';
    const m = parseDockerfile(text);
    assert.deepEqual(cmds(text, m.instructions[1]!.shell), [['curl', ['x'], 'curl'], ['bash', [], 'bash']]);
    assert.deepEqual(cmds(text, m.instructions[2]!.shell), [['a', [], 'a'], ['b', [], 'b']]);
    assert.deepEqual(m.instructions[3]!.shell, []);
    // Escapes inside the JSON string would shift offsets: not parsed.
    assert.deepEqual(m.instructions[4]!.shell, []);
  });

  it('set -o pipefail && prefix', () => {
    const text = 'FROM a\nRUN set -o pipefail && wget -O - u | tar x\n';
    const run = runOf(text);
    assert.deepEqual(run.shell![0]!.commands.map((c) => [c.name, c.args.map((a) => a.value), c.pipelineIndex, c.pipelineLength]), [
      ['set', ['-o', 'pipefail'], 0, 1],
      ['wget', ['-O', '-', 'u'], 0, 2],
      ['tar', ['x'], 1, 2],
    ]);
  });

  it('incomplete RUN at end of file and unterminated quotes', () => {
    const a = 'FROM a\nRUN apt-get update && apt-get install -y \\';
    const ra = runOf(a);
    assert.deepEqual(cmds(a, ra.shell), [['apt-get', ['update'], 'apt-get'], ['apt-get', ['install', '-y'], 'apt-get']]);
    const b = "FROM a\nRUN echo ok && echo 'oops\n";
    const rb = runOf(b);
    assert.equal(rb.shell![0]!.hasErrors, true);
    assert.equal(rb.shell![0]!.commands[0]!.name, 'echo');
  });

  it('SHELL powershell and Windows base images are not parsed as sh', () => {
    const text = 'FROM a AS lin\nSHELL ["powershell", "-Command"]\nRUN Get-Item x\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\nFROM lin\nRUN ls\nFROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022\nRUN dir\nFROM b\nRUN ls\n';
    const m = parseDockerfile(text);
    const runs = m.instructions.filter((i) => i.keyword === 'RUN');
    assert.deepEqual(runs.map((r) => r.shell!.length), [0, 0, 0, 0, 1]);
  });
});

// Keep the type import used.
export type { SimpleCommand };
