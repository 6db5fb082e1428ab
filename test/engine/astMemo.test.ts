/**
 * The argument scan Bulkhead gives dockerfile-ast (parse/astMemo.ts) must
 * return exactly what dockerfile-ast's own `getRawArguments` returns: the
 * same values with the same ranges, for every instruction (and ONBUILD
 * trigger) of every corpus Dockerfile, and for generated instructions made of
 * the characters the scan treats specially.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { DockerfileParser, Onbuild, type Instruction } from 'dockerfile-ast';
import { JSONInstruction, ModifiableInstruction, PropertyInstruction, From, type Dockerfile } from 'dockerfile-ast';
import { bomTests, instructionReuseInstalled, parseWithoutInstructionReuse, rawArgumentsByDockerfileAst, scanRawArguments } from '../../server/engine/parse/astMemo';

const corpusDir = process.env.BULKHEAD_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

function plain(args: { getValue(): string; getRange(): unknown }[]): unknown[] {
  return args.map((a) => ({ value: a.getValue(), range: a.getRange() }));
}

/** Every instruction of the text and every ONBUILD trigger. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    out.push(ins);
    const trigger = ins instanceof Onbuild ? ins.getTriggerInstruction() : null;
    if (trigger) out.push(trigger);
  }
  return out;
}

/** Asserts that `mismatch` finds nothing in any corpus Dockerfile (skipped, with a note, when there is no corpus). */
function eachCorpusDockerfile(t: { diagnostic(message: string): void }, mismatch: (text: string) => string | undefined): void {
  const file = path.join(corpusDir, 'MANIFEST.tsv');
  if (!fs.existsSync(file)) {
    t.diagnostic(`no corpus at ${corpusDir}`);
    return;
  }
  let n = 0;
  for (const row of fs.readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean)) {
    const cols = row.split('\t');
    if (cols[5] !== 'dockerfile') continue;
    const m = mismatch(fs.readFileSync(path.join(corpusDir, cols[0]!), 'utf8'));
    assert.equal(m, undefined, `${cols[0]}: ${m}`);
    n++;
  }
  assert.ok(n > 1000, `only ${n} corpus Dockerfiles`);
}

/** The first instruction where the scan and dockerfile-ast differ, or undefined. */
function mismatch(text: string): string | undefined {
  for (const ins of instructions(text)) {
    const ours = plain(scanRawArguments(ins as never));
    const theirs = plain(rawArgumentsByDockerfileAst(ins));
    try {
      assert.deepStrictEqual(ours, theirs);
    } catch {
      return `${JSON.stringify(ins.getTextContent())}:\n  ours   ${JSON.stringify(ours)}\n  theirs ${JSON.stringify(theirs)}`;
    }
  }
  return undefined;
}

describe('argument scan', () => {
  it('agrees with dockerfile-ast on hand-picked instructions', () => {
    const cases = [
      'RUN a b  c',
      'RUN a \\\n  b \\\n\tc',
      'RUN a\\\n# comment \\\n  b',
      'RUN a \\  \n b',
      'RUN a\\ b c',
      'RUN a \\ b',
      'RUN \\$HOME "x y" \\"q\\"',
      'RUN a\\\r\nb\r\n',
      'RUN a \\\r\n  # c\r\n  b',
      'RUN a\\',
      'RUN a \\\n\n\n  b',
      'ENV A=1 \\\n    B="two words" \\\n    C=3',
      'LABEL a="b \\\n c"',
      'RUN\ta\tb',
      'RUN',
      'RUN   ',
      'COPY --from=build --chown=1:1 /a /b',
      'ONBUILD RUN a \\\n b',
      '# escape=`\nRUN a `\n b `$x c`d',
      '# escape=`\nRUN a ` \n b',
      'RUN a \\ \t\\\n b',
      'RUN ["a", "b c"]',
      'RUN a#b # c',
      'HEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1',
      'RUN a \\\n#x\n#y\n b',
      'RUN a\\\n  \\\n  b',
    ];
    for (const c of cases) assert.equal(mismatch(c), undefined);
  });

  it('agrees with dockerfile-ast on every corpus instruction', (t) => {
    eachCorpusDockerfile(t, mismatch);
  });

  it('agrees with dockerfile-ast on generated instructions', () => {
    const piece = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\r', '\\', '`', '\\\n', '\\\r\n', '\\ \n', '\\\t\n', '\\ ', '#', '# c\n', '$', '\\$', '"', "'", 'a', 'bc', 'x=y', '--f=1', '[', ']', ',', 'ü', '\ud83d\ude00');
    const body = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));
    const keyword = fc.constantFrom('RUN', 'ENV', 'COPY', 'LABEL', 'CMD', 'ONBUILD RUN', 'ARG', 'HEALTHCHECK CMD', 'FROM');
    const directive = fc.constantFrom('', '# escape=`\n', '# escape=\\\n');
    const runs = Number(process.env.AST_SCAN_RUNS ?? 3000);
    fc.assert(
      fc.property(directive, keyword, body, fc.constantFrom('', '\n', '\nRUN x'), (d, k, b, tail) => {
        const text = `${d}${k} ${b}${tail}`;
        const m = mismatch(text);
        if (m) throw new Error(m);
      }),
      { numRuns: runs },
    );
  });
});

/** What dockerfile-ast's result says about the text, through its public getters. */
function described(d: Dockerfile): unknown {
  // dockerfile-ast throws from some getters on some inputs (getHeredocs on `RUN <<"EOF""`): the same throw must happen.
  const attempt = (f: () => unknown): unknown => {
    try {
      return f();
    } catch (e) {
      return { threw: String(e) };
    }
  };
  const range = (x: { getRange(): unknown } | null | undefined): unknown => x?.getRange() ?? null;
  const ins = (i: Instruction): unknown => ({
    class: i.constructor.name,
    keyword: i.getKeyword(),
    range: i.getRange(),
    instructionRange: i.getInstructionRange(),
    args: attempt(() => plain(i.getArguments())),
    argsRange: attempt(() => i.getArgumentsRange()),
    heredocs: attempt(() => 'getHeredocs' in i ? (i as unknown as { getHeredocs(): { getName(): string; getStartRange(): unknown; getContentRange(): unknown; getDelimiterRange(): unknown; getNameRange(): unknown }[] }).getHeredocs().map((h) => [h.getName(), h.getStartRange(), h.getNameRange(), h.getContentRange(), h.getDelimiterRange()]) : null),
    flags: attempt(() => i instanceof ModifiableInstruction ? i.getFlags().map((f) => [f.getName(), f.getValue(), f.getRange(), f.getNameRange(), f.getValueRange()]) : null),
    json: attempt(() => i instanceof JSONInstruction ? [range(i.getOpeningBracket()), range(i.getClosingBracket()), i.getJSONStrings().map((x) => [x.getValue(), x.getJSONValue(), x.getRange()])] : null),
    properties: attempt(() => i instanceof PropertyInstruction ? i.getProperties().map((p) => [p.getName(), p.getValue(), p.getRange(), p.getNameRange(), p.getValueRange()]) : null),
    from: attempt(() => i instanceof From ? [i.getImage(), i.getImageRange(), i.getBuildStage(), i.getBuildStageRange()] : null),
    trigger: attempt(() => i instanceof Onbuild ? (i.getTriggerInstruction() ? ins(i.getTriggerInstruction()!) : null) : undefined),
  });
  return {
    escape: d.getEscapeCharacter(),
    directives: d.getDirectives().map((x) => [x.getDirective(), x.getValue(), x.getRange()]),
    comments: d.getComments().map((c) => [c.getContent(), c.getRange()]),
    instructions: d.getInstructions().map(ins),
  };
}

/** Where the parse that reuses instances differs from dockerfile-ast's own, or undefined. */
function reuseMismatch(text: string): string | undefined {
  const ours = described(DockerfileParser.parse(text));
  const theirs = described(parseWithoutInstructionReuse(text));
  try {
    assert.deepStrictEqual(ours, theirs);
  } catch (e) {
    return `${JSON.stringify(text.slice(0, 200))}: ${(e as Error).message.slice(0, 2000)}`;
  }
  return undefined;
}

describe('instruction reuse in the parser', () => {
  it('is installed (dockerfile-ast still builds each instruction through Parser.createInstruction)', () => {
    assert.equal(instructionReuseInstalled(), true);
  });

  it('gives the same parse as dockerfile-ast on hand-picked files', () => {
    const cases = [
      'FROM a AS b\nRUN x\nCOPY --from=b /a /b\n',
      'RUN <<EOF\necho hi\nEOF\nRUN y',
      'RUN <<EOF cat\nx\nEOF\n',
      'COPY <<A <<B /dst\na\nA\nb\nB\n',
      'RUN <<-EOF\n\techo\n\tEOF\n',
      'RUN <<EOF\nunterminated',
      'ONBUILD RUN <<EOF\nx\nEOF\n',
      'ENV A=1 B="2 3"\nLABEL x=y\nARG Z',
      'CMD ["a", "b"]\nENTRYPOINT []\nSHELL [ "sh", "-c" ]',
      'RUN a \\\n  b\nRUN c',
      'FROM a\nRUN',
      '# escape=`\nRUN a `\n b\n',
      'HEALTHCHECK --interval=1s CMD ["x"]',
      'RUN a\r\nRUN b\r\n',
    ];
    for (const c of cases) assert.equal(reuseMismatch(c), undefined);
  });

  it('gives the same parse as dockerfile-ast on every corpus Dockerfile', (t) => {
    eachCorpusDockerfile(t, reuseMismatch);
  });

  it('gives the same parse as dockerfile-ast on generated files', () => {
    const piece = fc.constantFrom(' ', '\t', '\n', '\r\n', '\\', '\\\n', '#', '# c\n', '"', 'a', 'x=y', '--f=1', '[', ']', '"s",', '<<EOF', '<<-EOF', '<<"EOF"', 'EOF', '\nEOF\n', 'AS b', 'FROM a\n', 'RUN ', 'COPY ', 'ONBUILD ', 'ENV ');
    const body = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
    const keyword = fc.constantFrom('RUN', 'COPY', 'ADD', 'ENV', 'LABEL', 'CMD', 'ONBUILD RUN', 'ONBUILD COPY', 'ARG', 'FROM', 'HEALTHCHECK CMD');
    const runs = Number(process.env.AST_SCAN_RUNS ?? 3000);
    fc.assert(
      fc.property(fc.constantFrom('', '# escape=`\n'), keyword, body, fc.constantFrom('', '\n', '\nRUN x'), (d, k, b, tail) => {
        const m = reuseMismatch(`${d}${k} ${b}${tail}`);
        if (m) throw new Error(m);
      }),
      { numRuns: runs },
    );
  });
});

describe('byte order mark test', () => {
  it('answers as dockerfile-ast for every UTF-16 unit, the empty string and a whole BOM file', () => {
    const { original, installed } = bomTests();
    assert.ok(original, 'dockerfile-ast no longer has Util.isUTF8BOM(char)');
    assert.notEqual(installed, original);
    const differ: number[] = [];
    for (let u = 0; u < 0x10000; u++) {
      const c = String.fromCharCode(u);
      if (installed(c) !== original(c)) differ.push(u);
    }
    assert.deepEqual(differ, []);
    assert.equal(installed(''), original(''));
    // A BOM at the start is still skipped: the instruction starts after it.
    const parsed = DockerfileParser.parse('\uFEFFFROM alpine\nUSER 1\n');
    assert.deepEqual(parsed.getInstructions().map((i) => [i.getKeyword(), i.getRange().start.character]), [['FROM', 1], ['USER', 0]]);
  });
});
