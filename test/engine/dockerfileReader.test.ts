/**
 * Bulkhead's Dockerfile reader (parse/dockerfileReader.ts) must build exactly
 * the model that reading the whole file through dockerfile-ast builds: the same
 * directives, comments, instructions, arguments, flags, properties, exec-form
 * strings, stages and shell scripts, with the same spans. Checked on hand-picked
 * shapes (each of dockerfile-ast's quirks the reader follows or declines), on
 * every corpus Dockerfile and on generated files; and the reader must read
 * most of the corpus itself, not hand it all back.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { initEngine, lint, parseDockerfile } from '../../server/engine';
import { plainArgumentsExtent, readDockerfileLayout, readInstruction } from '../../server/engine/parse/dockerfileReader';
import { scanArguments, type RawArgument } from '../../server/engine/parse/astMemo';
import { normaliseLoneCR } from '../../server/engine/text/lineIndex';

const corpusDir = process.env.BULKHEAD_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

/** The model as JSON: references back up the tree (a stage's FROM, a trigger's parent, a command's pipeline) are written as marks. */
function serialised(text: string, reader: boolean): string {
  const model = parseDockerfile(text, { reader, buildArgs: { B: 'x' } });
  return JSON.stringify(model, function (key, value: unknown) {
    if (key === 'lines') return undefined;
    if (key === 'text' && (this as { kind?: string }).kind === 'dockerfile') return undefined;
    if (key === 'onbuildParent' || key === 'pipeline') return value ? '(ref)' : value;
    if (key === 'from' && value && typeof value === 'object' && 'keyword' in value) return `(instruction at ${(value as unknown as { span: { start: number } }).span.start})`;
    return value;
  });
}

/** Where the two models of `text` differ, or undefined. */
function mismatch(text: string): string | undefined {
  const ours = serialised(text, true);
  const theirs = serialised(text, false);
  if (ours === theirs) return undefined;
  let i = 0;
  while (i < ours.length && ours[i] === theirs[i]) i++;
  return `${JSON.stringify(text.slice(0, 300))}\n  reader:       …${ours.slice(Math.max(0, i - 120), i + 200)}\n  dockerfile-ast: …${theirs.slice(Math.max(0, i - 120), i + 200)}`;
}

/** How many of the text's instructions the reader reads itself (undefined: it does not lay the file out). */
function readCount(text: string): { laidOut: number; read: number } | undefined {
  const norm = normaliseLoneCR(text);
  const layout = readDockerfileLayout(norm);
  if (!layout) return undefined;
  return { laidOut: layout.instructions.length, read: layout.instructions.filter((li) => readInstruction(norm, li, layout.escapeChar) !== undefined).length };
}

before(async () => {
  await initEngine();
});

describe('Dockerfile reader', () => {
  it('builds the model dockerfile-ast builds, reading the common shapes itself', () => {
    // [text, instructions the reader reads itself (the rest go to dockerfile-ast one by one)]
    const cases: [string, number][] = [
      ['FROM node:20 AS build\nRUN npm ci\nCOPY --from=build /a /b\nUSER node\n', 4],
      ['FROM --platform=$BUILDPLATFORM a as B\nFROM b\n', 2],
      ['FROM a AS\nFROM\nFROM --platform a\nFROM --platform=x --y a\n', 4],
      ['ARG A\nARG B=1\nARG C D\nARG =x\nARG E=\n', 5],
      ['ENV A=1 B=2\nENV C 3 4  5\nENV D 6\nENV\nLABEL x=y z\n', 5],
      ['ENV A=1 \\\n    B=2 \\\n\tC=${A}:${B}\n', 1],
      ['ENV A=1\\\n  B=2\n', 1],
      ['ENV A 1 \\\n  2\n', 1],
      ['ENV A=1 \\\nB=2\n', 1],
      ['ENV A=1 \\\n  # c\n  B=2\n', 1],
      ['ENV A=1 \\\n\n  B=2\n', 1],
      ['ENV A="1 2" B=\'3\'\nLABEL a=b\\ c\n', 2],
      ['ENV A="x #y" \\\n  B=\'$C\'\tC=""\nARG D="1"\nLABEL e="f"\n', 3],
      ['ENV A="x"y\nENV A=x"y"\nLABEL "a"=b\nENV A "x y"\nENV A="x\\"y"\nENV A="it\'s"\nENV A="x\n', 7],
      ['ENV A="x\ty" B=\'\'\nENV C="1"\\\n  D=2\n', 2],
      ['ENV A=${B C=d\nENV E=${F:-x}y\n', 2],
      ['CMD ["a", "b"]\nENTRYPOINT []\nSHELL [ "sh", "-c" ]\nCMD [ ]\nVOLUME ["/v"]\n', 5],
      ['CMD ]["a"]\nCMD ] ["a"]\nCMD ["a"] x\nCMD ["a",]\nCMD ["a" "b"]\nCMD ["a\tb"]\nCMD [\'a\']\nCMD [\n', 8],
      ['CMD ["a\\"b"]\nRUN ["sh", "-c", "echo \\\\"]\nCMD ["a", \\\n "b"]\n', 0],
      ['RUN --mount=type=cache,target=/x --network=none apt-get update\nRUN --x\nRUN --=y z\nRUN -- a\n', 3],
      ['RUN a--b --x c\nCOPY --chown=a:b --chmod=644 a b\nADD --checksum=sha256:x http://e/f /g\n', 2],
      ['RUN ["sh", "-c", "echo hi"]\nRUN --network=host ["a"]\n', 2],
      ['RUN a \\\n  b \\\n  # comment\n\n  c\nRUN d\n', 2],
      ['RUN a \\ \n  b\nRUN c \\  x\nRUN e \\', 3],
      ['RUN <<EOF\necho hi\nEOF\nRUN y\n', 2],
      ['COPY <<A <<B /dst\na\nA\nb\nB\nRUN <<-EOF\n\techo\n\tEOF\nRUN <<EOF\nunterminated', 3],
      ['RUN <<EOF cat\nx\nEOF\n', 1],
      // Heredocs read by the reader as dockerfile-ast reads them: quoted and dashed markers, several per line, an escaped
      // line break and a comment among the marker's arguments, a delimiter indented with tabs, bodies left open.
      ['RUN <<\'A\' <<-"B" cat - /dev/fd/3\na\nA\n\tb\n\tB\nCOPY --chmod=644 <<C \\\n  # c\n  /x\nc\nC\nRUN <<-D\n\tD x\n\tD\nRUN <<E\nE \nE\n', 4],
      // With CRLF line ends: dockerfile-ast reads each delimiter line without its `\r` (through positions).
      ['RUN <<A <<B\r\na1\r\nA\r\nb1\r\nB\r\nCOPY <<-C /x\r\n\tc\r\n\tC\r\nRUN <<D\r\nopen\r\n', 3],
      // A marker dockerfile-ast's heredoc reading throws on (it reports the marker): left to it.
      ['RUN <<"EOF""\nx\nEOF""\nEOF\n', 0],
      ['ONBUILD RUN a\nONBUILD COPY --from=x a b\nHEALTHCHECK --interval=1s CMD ["x"]\nHEALTHCHECK NONE\n', 2],
      // HEALTHCHECK: flags up to `CMD` or `NONE` (any case), wherever they stand, and as many arguments shifted off the front.
      ['HEALTHCHECK --interval=5s --timeout=3s \\\n  CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK x --a=1 CMD y --b\nHEALTHCHECK cmd --c\nHEALTHCHECK --d NONE --e\nHEALTHCHECK a--b --c= Cmd d\nHEALTHCHECK --\n', 5],
      ['# syntax=docker/dockerfile:1\n# check=skip=all\n\n# comment\nFROM a\n', 1],
      ['#syntax = x  \n# other=1\nFROM a\n', 1],
      ['# syntax=x\n#\n# = y\nFROM a # not a comment\n   # indented\nRUN a # b\n', 2],
      ['FROM a\r\nRUN b \\\r\n  c\r\nENV A=1 \\\r\n  B=2\r\nCMD ["x"]\r\n', 4],
      ['FROM a\rRUN b \\\r  c\rENV A=1\r', 3],
      ['maintainer x\nEXPOSE 80 443/tcp\nWORKDIR /a b\nSTOPSIGNAL SIGTERM\nUNKNOWN a b\nFROM\n', 6],
      ['FROM a\nRUN', 2],
      ['FROM a\n\\\nRUN b\n#!x\n  \t\n', 3],
      ['RUN a\n  RUN b\n\t\tFROM c\n', 3],
      // A heredoc marker written `<\<`: its value starts with `<<`, so the body is part of the instruction.
      ['RUN <\\<F\nx\nF\nRUN y\n', 2],
      ['COPY <\\<EOF /x\nhello\nEOF\nRUN <\\\n<F\nx\nF\n', 2],
      // ENV, LABEL and ARG with escapes, quotes, escaped blanks and comment lines, read as dockerfile-ast reads them
      // (an escape character before anything but a blank first finds no property; a range that ends before it starts).
      ['ENV GOPATH C:\\\\go\nENV A=a\\ b\\\\c "d"\n', 2],
      ['ENV \\\r\n"\t"# c\n\nRUN ', 2],
      ['LABEL maintainer "Jessie Frazelle <jess@linux.com>"\nLABEL a="x \\"y\\" z" \\\n  # c\n  b=\'q\'\n', 2],
      ['ENV A=1 \\  B=2\nARG X="a\\\nb"\nARG Y=\'c\\\r\n  d\'\n', 3],
      ['ENV A=1 \\ \n  B=2 \\\t\n\t# c \\\n  C="3 \\\n  4"\n', 1],
      ['ENV \\x=1\nLABEL "a b"=c \'d\'=e "f"g=h\n', 2],
      // On a continuation line, a blank after a closing quote does not end the argument where it stands.
      ['ENV \\\n  "x"\tB=1\nLABEL \\\n  \'y\'\tD=2\n', 2],
      // dockerfile-ast's property scan steps from `${` to the next `}`, quotes included.
      ['ENV ${A="}" B=1\nLABEL ${a=\'}\' b=c\nARG ${A="}" B=1\nENV ${="}" x=\nenv ${="} "', 5],
      ['ENV A=${B:-x}y G="${H}"\nENV C=${D:=e}="f"\n', 2],
      // A backtick escape (Windows images): backslashes are plain characters, a backtick continues the line.
      ['# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a `\n  b\nENV P=C:\\x Q=1\nWORKDIR C:\\app\nCOPY a.ps1 C:\\a\\\n', 5],
      ['# escape=`\r\nFROM a\r\nSHELL ["powershell", "-Command"]\r\nRUN Get-Item `\r\n    C:\\x ; `\r\n    # c\r\n    echo\r\nENV A="x y" `\r\n    B=C:\\z\r\n', 4],
      // A backslash inside the JSON form is JSON's; a backtick in it is left to dockerfile-ast, as at a keyword (ENV reads either).
      ['# escape=`\nCMD ["C:\\\\a.exe"]\nCMD ["a`b"]\nENV A="x`"y"\nENV B=`\n  C=1\n', 2],
      // ...and so is a first argument `\`: dockerfile-ast's JSON reader takes `\` and a line break as a continuation, whatever the escape character.
      ['# escape=`\nRUN ` \n` \\\r\n[]\nRUN \\\n  []\n', 1],
      // Only `\` and a backtick are escape characters; another value, or a second directive, leaves the first valid one.
      ['# escape=x\nRUN a \\\n  b\n', 1],
      ['# ESCAPE = `\n# escape=\\\nRUN a `\n  b \\\n', 1],
      ['# escape=\\\nRUN a \\\n  b `\n', 1],
      ['# escape=`\n# escape=\\\nRUN <<EOF\nx `\nEOF\nRUN a\n', 2],
    ];
    for (const [text, read] of cases) {
      assert.equal(mismatch(text), undefined);
      assert.equal(readCount(text)?.read, read, `instructions the reader reads itself in ${JSON.stringify(text)}`);
    }
    // Escaped heredoc markers (found by a review's fuzzers): the same model, however they are read.
    for (const text of ['RUN a\\ <<F\n', 'RUN \\<<F\nx\nF\n', 'RUN <<\\F\nx\nF\n', 'RUN --mount=a <\\<F\nx\nF\n', 'COPY <\\<-E /d\n\tb\n\tE\n']) {
      assert.equal(mismatch(text), undefined);
    }
  });

  it('leaves to dockerfile-ast a file it cannot lay out the same way, with the same model', () => {
    const cases = [
      '\uFEFFFROM a\nRUN b\n',
      '\uFEFF# escape=`\nFROM a\nRUN b `\n  c\n',
      '# escape=`\nFROM a\nR`\nUN a\n',
      '\uFEFF# syntax=x\nFROM a\n',
      'R\\\nUN a\n',
      'RU\\N a\n',
      'ONBUILD RUN <<EOF\nx\nEOF\n',
      // An argument with `--` inside: dockerfile-ast's flags would shift off another argument, maybe a heredoc's.
      'RUN a <<--X\nX\n',
      'ONBUILD RUN <\\<F\nx\nF\n',
    ];
    for (const text of cases) {
      assert.equal(readCount(text), undefined, JSON.stringify(text));
      assert.equal(mismatch(text), undefined);
    }
  });

  it('names only escape and syntax as directives (dockerfile-ast finds `constructor` and `__proto__` in a plain object)', () => {
    for (const text of ['# constructor=x\nFROM a\n', '\uFEFF# constructor=x\nFROM a\n', '# __proto__=1\n# toString=2\n# Syntax=s\nFROM a\n', '# escape=`\n# constructor=x\nRUN a `\n  b\n']) {
      assert.equal(mismatch(text), undefined);
      const names = parseDockerfile(text).directives.map((d) => d.name);
      assert.deepEqual(names.filter((n) => n !== ''), names.filter((n) => n === 'escape' || n === 'syntax'), JSON.stringify(text));
      assert.equal(names.length, (text.match(/^\uFEFF?# \w+=/gm) ?? []).length, JSON.stringify(text));
      // It used to make the model builder throw: BH900 for the whole file.
      assert.deepEqual(lint({ path: 'Dockerfile', text }).findings.filter((f) => f.ruleId === 'BH900'), [], JSON.stringify(text));
    }
  });

  it('reads many `${` in a property in linear time (hostile ENV lines)', { timeout: 60_000 }, () => {
    // Forty 60 KB ENV lines of `${`: scanning on from every `${` took about 2 s per line.
    const line = 'ENV A=' + '${'.repeat(30_000) + 'x}';
    const text = Array.from({ length: 40 }, () => line).join('\n');
    assert.equal(parseDockerfile(text).instructions.length, 40);
    const nested = 'ENV A=' + '${B:-'.repeat(10_000) + 'x' + '}'.repeat(10_000) + ' C=' + '${D}'.repeat(10_000);
    assert.equal(mismatch(Array.from({ length: 20 }, () => nested).join('\n')), undefined);
  });

  it('builds the model dockerfile-ast builds for every corpus Dockerfile, and reads most of it itself', (t) => {
    const manifest = path.join(corpusDir, 'MANIFEST.tsv');
    if (!fs.existsSync(manifest)) {
      t.diagnostic(`no corpus at ${corpusDir}`);
      return;
    }
    let files = 0;
    let laidOut = 0;
    let instructions = 0;
    let read = 0;
    for (const row of fs.readFileSync(manifest, 'utf8').split('\n').slice(1).filter(Boolean)) {
      const cols = row.split('\t');
      if (cols[5] !== 'dockerfile') continue;
      const text = fs.readFileSync(path.join(corpusDir, cols[0]!), 'utf8');
      assert.equal(mismatch(text), undefined, cols[0]);
      files++;
      const count = readCount(text);
      if (count) {
        laidOut++;
        instructions += count.laidOut;
        read += count.read;
      }
    }
    t.diagnostic(`${files} files, ${laidOut} laid out by the reader; ${read} of their ${instructions} instructions read by it`);
    assert.ok(files > 1000, `only ${files} corpus Dockerfiles`);
    assert.ok(laidOut > files * 0.9, `the reader laid out only ${laidOut} of ${files} files`);
    assert.ok(read > instructions * 0.8, `the reader read only ${read} of ${instructions} instructions`);
  });

  it('builds the model dockerfile-ast builds for generated files', () => {
    const piece = fc.constantFrom(
      ' ', '  ', '\t', '\n', '\r\n', '\r', '\\', '\\\n', '\\\r\n', '\\ \n', '\\  x', '  \\\n  ', '\\\n  # c\n', '\\\n\n', '#', '# c\n',
      '"', "'", '"a b"', '="x y"', "='z'", '=""', 'a', 'bc', 'x=y', 'X=', '=', '${A}', '${A:-b c}', '${', '}', '$B', '--f=1', '--g', '--', 'a--b', '-',
      '[', ']', ',', '"s"', '"s",', '"q"\t', '\\\t', '["a", "b"]', '[]', '"\t"', '<<EOF', '<<-EOF', '<<"EOF"', "<<'F'", '<<"F', '<<-\'E\'', '<\\<F', 'F', 'EOF', '\nEOF\n', '\n\tEOF\n', '\nF', '\r\nEOF\r\n', '\r\nF', 'AS', 'as b', '${"}', 'ü',
      // Under `# escape=``: continuations, escaped blanks and characters, Windows paths.
      '`', '`\n', '`\r\n', '` \n', '`  x', '`\n  # c\n', '`"', 'C:\\x', '"C:\\y z"', '<`<F',
    );
    const body = fc.array(piece, { maxLength: 24 }).map((p) => p.join(''));
    const keyword = fc.constantFrom('RUN', 'COPY', 'ADD', 'ENV', 'LABEL', 'ARG', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'FROM', 'USER', 'EXPOSE', 'ONBUILD RUN', 'HEALTHCHECK CMD', 'run', 'Env');
    const instruction = fc.tuple(keyword, body).map(([k, b]) => `${k} ${b}`);
    const head = fc.constantFrom(
      '', '# syntax=x\n', '# syntax=x  \n# check=y\n', '#x=1\n\n', '# c\n', '\uFEFF', '  ',
      '# escape=`\n', '# escape=`\n', '# syntax=x\n# escape=`\n', '#ESCAPE = ` \n', '# escape=\\\n', '# escape=x\n', '# escape=`\n# escape=\\\n', '# escape=\n# escape=`\n',
    );
    const file = fc.tuple(head, fc.array(instruction, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n', '\r'), fc.constantFrom('', '\n', '\\')).map(
      ([h, list, eol, tail]) => `${h}${list.join(eol)}${tail}`,
    );
    const runs = Number(process.env.READER_RUNS ?? 3000);
    fc.assert(
      fc.property(file, (text) => {
        const m = mismatch(text);
        if (m) throw new Error(m);
      }),
      { numRuns: runs },
    );
  });

  it('leaves a plain RUN\'s arguments unread only where their scan would find no flag, no heredoc and no JSON, starting and ending where the extent says', (t) => {
    let runs = 0;
    let plain = 0;
    /** Checks every RUN of `text`; throws where the extent and the scan disagree. */
    const check = (text: string): void => {
      const layout = readDockerfileLayout(text);
      if (!layout) return;
      for (const li of layout.instructions) {
        if (li.keywordText.toUpperCase() !== 'RUN') continue;
        runs++;
        const extent = plainArgumentsExtent(text, li.keywordEnd, li.end, layout.escapeChar);
        if (!extent) continue;
        plain++;
        const args: RawArgument[] = [];
        scanArguments(text.slice(li.keywordEnd, li.end), li.keywordEnd, layout.escapeChar, args);
        const line = JSON.stringify(text.slice(li.start, li.end));
        assert.ok(args.length > 0, line);
        assert.equal(args[0]!.value.indexOf('--'), -1, `a flag: ${line}`);
        assert.ok(!args.some((a) => a.value.startsWith('<<')), `a heredoc: ${line}`);
        assert.ok(!'[]'.includes(text[args[0]!.span.start]!), `JSON: ${line}`);
        assert.deepEqual(extent, { start: args[0]!.span.start, end: args[args.length - 1]!.span.end }, line);
        // The model reads them when asked: what the reader would have read.
        const ins = parseDockerfile(text).instructions.find((i) => i.span.start === li.start)!;
        assert.deepEqual(ins.argsSpan, extent, line);
        assert.deepEqual(ins.args, args, line);
      }
    };
    const manifest = path.join(corpusDir, 'MANIFEST.tsv');
    if (fs.existsSync(manifest)) {
      for (const row of fs.readFileSync(manifest, 'utf8').split('\n').slice(1).filter(Boolean)) {
        const cols = row.split('\t');
        if (cols[5] === 'dockerfile') check(normaliseLoneCR(fs.readFileSync(path.join(corpusDir, cols[0]!), 'utf8')));
      }
      t.diagnostic(`corpus: ${plain} of ${runs} RUN instructions plain`);
      assert.ok(plain > runs * 0.8, `only ${plain} of ${runs} corpus RUN instructions plain`);
    }
    // Comments inside the continuation lines, as dockerfile-ast reads them: one on a line of its own ends
    // there; one after an escaped character never does; escaped characters inside one make arguments.
    const before0 = plain;
    for (const text of ['FROM x\nRUN a \\\n# c\n  b', 'FROM x\nRUN a \\\n  # c\n  b \\\n  # d\n', 'FROM x\nRUN  b c\\\n\\x #', 'FROM x\nRUN  b c\\\r\n\\\\\n  # c\n$A', 'FROM x\nRUN a \\\n# c \\x\n b']) check(text);
    assert.equal(plain - before0, 2, 'the two comments on lines of their own are plain');
    const piece = fc.constantFrom(
      ' ', '\t', 'a', 'bc', '-x', '--', 'a--b', '-', '\\\n', '\\\r\n', '\\ \n', '\\x', '\\\\', '\\', '\n', '\r\n', '\n  # c\n', '#', '<', '<<EOF', '[', ']', '"a b"', '$A', '`', '`\n', '` x',
    );
    const first = fc.constantFrom(' a', '  b c', '\tx', ' x--', ' -', ' [', ' \\\n a', ' #', ' ', '');
    const head = fc.constantFrom('', '# escape=`\n');
    const file = fc.tuple(head, first, fc.array(piece, { maxLength: 12 }), fc.constantFrom('', '\n', ' \n', '\\\n')).map(([h, f, p, tail]) => `${h}FROM x\nRUN${f}${p.join('')}${tail}`);
    const before = plain;
    fc.assert(
      fc.property(file, (text) => {
        check(normaliseLoneCR(text));
      }),
      { numRuns: Number(process.env.READER_RUNS ?? 3000) },
    );
    assert.ok(plain - before > 100, `only ${plain - before} generated RUN instructions plain`);
  });
});
