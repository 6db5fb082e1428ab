import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { initEngine, parseDockerfile, type Instruction } from '../../server/engine';
import { matchesImagePatterns } from '../../server/engine/analysis/dockerfile';
import type { Span } from '../../server/engine';

before(async () => {
  await initEngine();
});

const at = (text: string, s: Span | undefined): string | undefined => (s ? text.slice(s.start, s.end) : undefined);
const variants = (text: string): [string, string][] => [
  ['LF', text],
  ['CRLF', text.replace(/\n/g, '\r\n')],
  ['CR', text.replace(/\n/g, '\r')],
];

describe('parseDockerfile: directives and stages', () => {
  it('reads parser directives and the escape character', () => {
    const text = '# syntax=docker/dockerfile:1.7\n# escape=`\nFROM alpine:3\n';
    const m = parseDockerfile(text);
    assert.deepEqual(m.directives.map((d) => [d.name, d.value, at(text, d.span)]), [
      ['syntax', 'docker/dockerfile:1.7', '# syntax=docker/dockerfile:1.7'],
      ['escape', '`', '# escape=`'],
    ]);
    assert.equal(m.escapeChar, '`');
    assert.equal(parseDockerfile('FROM a\n').escapeChar, '\\');
  });

  it('global ARGs, stage names, --platform and stage inheritance', () => {
    const text = [
      'ARG BASE=node',
      'ARG TAG=18',
      'ARG UNSET',
      'FROM --platform=$BUILDPLATFORM ${BASE}:${TAG} AS Build',
      'RUN make',
      'FROM build as Test',
      'FROM scratch',
      'FROM ${UNSET}',
      '',
    ].join('\n');
    for (const [name, t] of variants(text)) {
      const m = parseDockerfile(t);
      assert.deepEqual(m.globalArgs.map((a) => [a.name, a.value]), [['BASE', 'node'], ['TAG', '18'], ['UNSET', null]], name);
      assert.deepEqual(m.stages.map((s) => [s.index, s.name, at(t, s.nameSpan), s.baseStage, s.platform]), [
        [0, 'build', 'Build', undefined, '$BUILDPLATFORM'],
        [1, 'test', 'Test', 0, undefined],
        [2, undefined, undefined, undefined, undefined],
        [3, undefined, undefined, undefined, undefined],
      ], name);
      const img = m.stages[0]!.image;
      assert.deepEqual(
        [img.raw, img.resolved, at(t, img.span), img.unresolved, img.registry, img.repository, img.tag, img.digest, img.isScratch],
        ['${BASE}:${TAG}', 'node:18', '${BASE}:${TAG}', false, undefined, 'node', '18', undefined, false],
        name,
      );
      assert.equal(m.stages[1]!.image.stageIndex, 0);
      assert.equal(m.stages[2]!.image.isScratch, true);
      assert.deepEqual([m.stages[3]!.image.resolved, m.stages[3]!.image.unresolved], ['${UNSET}', true]);
      assert.deepEqual(m.stages[0]!.instructions.map((i) => i.keyword), ['RUN']);
      assert.deepEqual(m.instructions.map((i) => [i.keyword, i.stageIndex]), [
        ['ARG', -1], ['ARG', -1], ['ARG', -1], ['FROM', 0], ['RUN', 0], ['FROM', 1], ['FROM', 2], ['FROM', 3],
      ]);
      assert.equal(m.targetStage, 3);
    }
  });

  it('build args override ARG defaults; target picks the stage', () => {
    const text = 'ARG TAG=1\nFROM app:${TAG} AS one\nFROM two:2 AS Two\nFROM three:3\n';
    const m = parseDockerfile(text, { buildArgs: { TAG: 'latest' }, target: 'TWO' });
    assert.equal(m.stages[0]!.image.resolved, 'app:latest');
    assert.equal(m.stages[0]!.image.tag, 'latest');
    assert.equal(m.targetStage, 1);
    assert.equal(parseDockerfile(text, { target: 'nope' }).targetStage, 2);
    assert.equal(parseDockerfile('# just a comment\n').targetStage, -1);
  });
});

describe('parseDockerfile: spans', () => {
  it('instruction and keyword spans over continuation lines, in every line ending', () => {
    const text = 'FROM alpine:3\nrun apk add \\\n    curl \\\n    git\nUSER app\n';
    for (const [name, t] of variants(text)) {
      const m = parseDockerfile(t);
      const run = m.instructions[1]!;
      const eol = name === 'LF' ? '\n' : name === 'CRLF' ? '\r\n' : '\r';
      assert.equal(run.keyword, 'RUN');
      assert.equal(run.keywordText, 'run');
      assert.equal(at(t, run.keywordSpan), 'run', name);
      assert.equal(at(t, run.span), `run apk add \\${eol}    curl \\${eol}    git`, name);
      assert.equal(at(t, run.argsSpan), `apk add \\${eol}    curl \\${eol}    git`, name);
      assert.deepEqual(run.args.map((a) => [a.value, at(t, a.span)]), [['apk', 'apk'], ['add', 'add'], ['curl', 'curl'], ['git', 'git']], name);
      assert.equal(at(t, m.instructions[2]!.span), 'USER app', name);
      assert.deepEqual(m.lines.positionAt(m.instructions[2]!.span.start), { line: 4, character: 0 }, name);
    }
  });

  it('continuation with escape=`', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n    C:\\\n';
    const m = parseDockerfile(text);
    const run = m.instructions[1]!;
    assert.equal(at(text, run.span), 'RUN dir `\n    C:\\');
    assert.deepEqual(run.args.map((a) => a.value), ['dir', 'C:\\']);
  });

  it('flags with values', () => {
    const text = 'FROM a\nRUN --mount=type=secret,id=x --network=none cat /run/secrets/x\nCOPY --from=builder --chmod=755 /a /b\n';
    const m = parseDockerfile(text);
    const run = m.instructions[1]!;
    assert.deepEqual(run.flags.map((f) => [f.name, f.value, at(text, f.span), at(text, f.nameSpan), at(text, f.valueSpan)]), [
      ['mount', 'type=secret,id=x', '--mount=type=secret,id=x', 'mount', 'type=secret,id=x'],
      ['network', 'none', '--network=none', 'network', 'none'],
    ]);
    const copy = m.instructions[2]!;
    assert.deepEqual(copy.flags.map((f) => [f.name, f.value]), [['from', 'builder'], ['chmod', '755']]);
    assert.deepEqual(copy.args.map((a) => a.value), ['/a', '/b']);
  });

  it('exec form vs shell form', () => {
    const text = 'FROM a\nCMD ["node", "server.js"]\nENTRYPOINT node x\nRUN ["sh","-c","echo \\"hi\\""]\nUSER x\nCMD [broken\n';
    const m = parseDockerfile(text);
    const [cmd, ep, run, user, broken] = m.instructions.slice(1);
    assert.equal(cmd!.form, 'exec');
    assert.deepEqual(cmd!.execArgs!.map((a) => [a.value, at(text, a.span)]), [['node', '"node"'], ['server.js', '"server.js"']]);
    assert.equal(ep!.form, 'shell');
    assert.equal(run!.form, 'exec');
    assert.deepEqual(run!.execArgs!.map((a) => a.value), ['sh', '-c', 'echo "hi"']);
    assert.equal(user!.form, 'none');
    assert.equal(broken!.form, 'shell');
  });

  it('ENV, ARG and LABEL properties', () => {
    const text = [
      'FROM a',
      'ENV A=1 B="two words" C=\'x y\'',
      'ENV LEGACY value with spaces',
      'ARG NOVAL',
      'ARG WITH=def',
      'LABEL "com.example.name"="x" version=1.0 \\',
      '      other=y',
      '',
    ].join('\n');
    for (const [name, t] of variants(text)) {
      const m = parseDockerfile(t);
      const props = (i: number) => m.instructions[i]!.properties.map((p) => [p.name, p.value, at(t, p.nameSpan), at(t, p.valueSpan), at(t, p.span)]);
      assert.deepEqual(props(1), [
        ['A', '1', 'A', '1', 'A=1'],
        ['B', 'two words', 'B', '"two words"', 'B="two words"'],
        ['C', 'x y', 'C', "'x y'", "C='x y'"],
      ], name);
      assert.deepEqual(props(2), [['LEGACY', 'value with spaces', 'LEGACY', 'value with spaces', 'LEGACY value with spaces']], name);
      assert.deepEqual(props(3), [['NOVAL', null, 'NOVAL', undefined, 'NOVAL']], name);
      assert.deepEqual(props(4), [['WITH', 'def', 'WITH', 'def', 'WITH=def']], name);
      assert.deepEqual(m.instructions[5]!.properties.map((p) => [p.name, p.value, at(t, p.valueSpan)]), [
        ['com.example.name', 'x', '"x"'],
        ['version', '1.0', '1.0'],
        ['other', 'y', 'y'],
      ], name);
    }
  });

  it('ENV in a stage feeds the next stage built FROM it', () => {
    const m = parseDockerfile('FROM a:1 AS base\nENV IMG=b\nARG T=2\nFROM base\nFROM c:${T}\n');
    assert.equal(m.stages[1]!.baseStage, 0);
    // ARGs are not inherited and FROM sees only global ARGs.
    assert.deepEqual([m.stages[2]!.image.resolved, m.stages[2]!.image.unresolved], ['c:${T}', true]);
  });
});

describe('parseDockerfile: heredocs and ONBUILD', () => {
  const heredocs = (text: string, ins: Instruction) => ins.heredocs.map((h) => [h.name, at(text, h.markerSpan), h.body?.text, at(text, h.body?.span)]);

  it('RUN <<EOF, <<-EOF, COPY <<EOF and two heredocs', () => {
    const text = 'FROM a\nRUN <<EOF\necho hi\nEOF\nRUN <<-EOT\n\techo tab\n\tEOT\nCOPY <<EOF /x\nfile body\nEOF\nRUN <<A <<B\na1\nA\nb1\nB\nUSER x\n';
    for (const [name, t] of variants(text)) {
      const m = parseDockerfile(t);
      assert.deepEqual(m.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'RUN', 'COPY', 'RUN', 'USER'], name);
      assert.deepEqual(heredocs(t, m.instructions[1]!), [['EOF', '<<EOF', 'echo hi', 'echo hi']], name);
      assert.deepEqual(heredocs(t, m.instructions[2]!), [['EOT', '<<-EOT', '\techo tab', '\techo tab']], name);
      assert.deepEqual(heredocs(t, m.instructions[3]!), [['EOF', '<<EOF', 'file body', 'file body']], name);
      assert.deepEqual(heredocs(t, m.instructions[4]!), [['A', '<<A', 'a1', 'a1'], ['B', '<<B', 'b1', 'b1']], name);
      const eol = name === 'LF' ? '\n' : name === 'CRLF' ? '\r\n' : '\r';
      assert.equal(at(t, m.instructions[1]!.span), `RUN <<EOF${eol}echo hi${eol}EOF`, name);
    }
  });

  it('an unterminated heredoc runs to the end of the file', () => {
    const text = 'FROM a\nRUN <<EOF\necho one\necho two\n';
    const m = parseDockerfile(text);
    assert.equal(m.instructions.length, 2);
    assert.deepEqual(heredocs(text, m.instructions[1]!), [['EOF', '<<EOF', 'echo one\necho two\n', 'echo one\necho two\n']]);
  });

  it('ONBUILD holds its trigger with spans in the document', () => {
    const text = 'FROM a\nONBUILD RUN --mount=type=cache,target=/c curl x | sh\nONBUILD ENV K=v\n';
    const m = parseDockerfile(text);
    const ob = m.instructions[1]!;
    const trig = ob.trigger!;
    assert.equal(trig.keyword, 'RUN');
    assert.equal(trig.onbuildParent, ob);
    assert.equal(at(text, trig.keywordSpan), 'RUN');
    assert.deepEqual(trig.flags.map((f) => [f.name, at(text, f.span)]), [['mount', '--mount=type=cache,target=/c']]);
    assert.deepEqual(trig.shell![0]!.commands.map((c) => [c.name, at(text, c.nameWord!.span), c.pipelineIndex, c.pipelineLength]), [
      ['curl', 'curl', 0, 2],
      ['sh', 'sh', 1, 2],
    ]);
    assert.deepEqual(m.instructions[2]!.trigger!.properties.map((p) => [p.name, p.value, at(text, p.span)]), [['K', 'v', 'K=v']]);
  });
});

describe('matchesImagePatterns', () => {
  /** The RegExp each pattern used to be compiled to: the reference the hand matcher must agree with. */
  const byRegExp = (name: string, patterns: readonly string[]): boolean => {
    let matched = false;
    for (const raw of patterns) {
      const negate = raw.startsWith('!');
      const p = negate ? raw.slice(1) : raw;
      const rx = new RegExp('^' + p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
      if (rx.test(name)) matched = !negate;
    }
    return matched;
  };

  it('matches `*` globs case-insensitively, the last matching pattern winning', () => {
    assert.equal(matchesImagePatterns('golang:1.22', ['golang*']), true);
    assert.equal(matchesImagePatterns('GoLang:1.22', ['golang:*']), true);
    assert.equal(matchesImagePatterns('golang:1.22-alpine', ['golang:*', '!*alpine']), false);
    assert.equal(matchesImagePatterns('golang:1.22-alpine', ['!*alpine', 'golang:*']), true);
    assert.equal(matchesImagePatterns('gcr.io/distroless/static', ['*/distroless/*']), true);
    assert.equal(matchesImagePatterns('aba', ['a*ba']), true);
    assert.equal(matchesImagePatterns('aba', ['ab*ba']), false, 'the parts may not overlap');
    assert.equal(matchesImagePatterns('abba', ['a*b*a']), true);
    assert.equal(matchesImagePatterns('node', []), false);
    assert.equal(matchesImagePatterns('node', ['*']), true);
    assert.equal(matchesImagePatterns('', ['*']), true);
    assert.equal(matchesImagePatterns('a.b', ['a?b']), false, 'only `*` is special');
  });

  it('agrees with the RegExp it replaces on generated names and patterns', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', '/', ':', '.', '-', '*', '?', '(', '$');
    const text = fc.array(alphabet, { maxLength: 8 }).map((c) => c.join(''));
    const name = text.map((t) => t.replace(/\*/g, ''));
    const pattern = fc.tuple(fc.boolean(), text).map(([neg, t]) => (neg ? '!' : '') + t);
    fc.assert(
      fc.property(name, fc.array(pattern, { maxLength: 4 }), (n, ps) => {
        assert.equal(matchesImagePatterns(n, ps), byRegExp(n, ps), JSON.stringify([n, ps]));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 3000) },
    );
  });
});
