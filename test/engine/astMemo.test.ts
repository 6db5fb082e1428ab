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
import { rawArgumentsByDockerfileAst, scanRawArguments } from '../../server/engine/parse/astMemo';

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
    const file = path.join(corpusDir, 'MANIFEST.tsv');
    if (!fs.existsSync(file)) {
      t.diagnostic(`no corpus at ${corpusDir}`);
      return;
    }
    let n = 0;
    for (const row of fs.readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean)) {
      const cols = row.split('\t');
      if (cols[5] !== 'dockerfile') continue;
      const text = fs.readFileSync(path.join(corpusDir, cols[0]!), 'utf8');
      const m = mismatch(text);
      assert.equal(m, undefined, `${cols[0]}: ${m}`);
      n++;
    }
    assert.ok(n > 1000, `only ${n} corpus Dockerfiles`);
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
