/**
 * Hostile and broken input never throws: huge files, binary data, YAML alias
 * bombs, very deep nesting, and a few hundred pseudo-random mixes of
 * Dockerfile and YAML syntax through `lint()`.
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultConfig, initEngine, lint, parseCompose, parseDockerfile, type FileKind } from '../../server/engine';
import { nestingExceeds, MAX_NESTING } from '../../server/engine/parse/compose';

before(async () => {
  await initEngine();
});

/** mulberry32: a small seeded PRNG, so every run sees the same inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOCKER_PIECES = [
  'FROM ', 'FROM node:20 AS build', 'RUN ', 'RUN <<EOF', '<<-EOF', 'EOF', 'COPY <<EOF /x', 'COPY --from=build ', 'ARG ', 'ENV ', 'LABEL ',
  'ONBUILD ', 'USER ', 'SHELL ["powershell"]', 'CMD ["sh","-c","', 'HEALTHCHECK CMD ', '--mount=type=secret,id=x ', '--platform=$P ',
  '# syntax=docker/dockerfile:1', '# escape=`', '# bulkhead-ignore BH103', '$(curl x)', '`id`', 'bash <(curl x)', '&&', '||', '|', ';',
  '"', "'", '\\', '`', '\\\n', '\n', '\r\n', '\r', ' ', '\t', '${A:-b}', '$A', '=', 'K=V', '[', ']', '{', '}', '(', ')', 'é', '😀', '\u2028',
  'apt-get install -y', 'set -o pipefail', '>', '2>&1', '<', '#', 'EOF\n', 'A=b ', 'x', 'scratch',
];
const YAML_PIECES = [
  'services:', '\n', '  ', '    ', 'web:', 'image: ', 'nginx', '&a ', '*a', '<<: ', '[', ']', '{', '}', ',', '- ', '? ', ': ', '"', "'", '#',
  '${VAR:-d}', '$$', '|', '>-', '---', '...', '!!str ', '%YAML 1.2', '\r\n', '\r', '\t', 'privileged: true', 'cap_add: [ALL]', 'x-base: &b',
  '# bulkhead-ignore BH204', '😀', 'é', '\\', '@', '`', 'null', '~', '1e3', 'yes',
];

function garbage(rand: () => number, pieces: string[]): string {
  const n = 1 + Math.floor(rand() * 60);
  let s = '';
  for (let i = 0; i < n; i++) s += pieces[Math.floor(rand() * pieces.length)]!;
  return s;
}

describe('robustness', () => {
  it('a 10 MB Dockerfile gives a BH900 finding and no exception', () => {
    const text = 'FROM node:20\n' + 'RUN echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'.repeat(200_000);
    assert.ok(text.length > 10_000_000);
    const res = lint({ path: '/w/Dockerfile', text });
    assert.deepEqual(res.failures, []);
    assert.deepEqual(res.findings.map((f) => [f.ruleId, f.span]), [['BH900', { start: 0, end: 0 }]]);
    assert.match(res.findings[0]!.message, /too large/);
  });

  it('binary data (a NUL byte) gives BH900 at the NUL', () => {
    for (const path of ['/w/Dockerfile', '/w/compose.yaml']) {
      const res = lint({ path, text: 'FROM x\n\u0000\u0001\u00ff' });
      assert.deepEqual(res.findings.map((f) => [f.ruleId, f.span]), [['BH900', { start: 7, end: 8 }]]);
      assert.match(res.findings[0]!.message, /binary/);
    }
  });

  it('random garbage never throws, for both kinds', () => {
    const rand = prng(0xb01d);
    let count = 0;
    for (const [kind, pieces] of [['dockerfile', DOCKER_PIECES], ['compose', YAML_PIECES]] as [FileKind, string[]][]) {
      for (let i = 0; i < 300; i++) {
        const text = garbage(rand, pieces);
        const res = lint({ path: kind === 'dockerfile' ? '/w/Dockerfile' : '/w/compose.yaml', text });
        assert.deepEqual(res.failures, [], `failures for ${JSON.stringify(text)}`);
        for (const f of res.findings) {
          assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `span out of range for ${JSON.stringify(text)}`);
        }
        count++;
      }
    }
    assert.equal(count, 600);
  });

  it('random Dockerfiles keep instruction and word spans inside the text', () => {
    const rand = prng(42);
    for (let i = 0; i < 300; i++) {
      const text = garbage(rand, DOCKER_PIECES);
      const m = parseDockerfile(text);
      for (const ins of m.instructions) {
        // A keyword may itself be split by a line continuation.
        const written = text.slice(ins.keywordSpan.start, ins.keywordSpan.end).replace(/[\\`][ \t]*(\r\n|\n|\r)/g, '');
        assert.equal(written.toUpperCase(), ins.keyword, JSON.stringify(text));
        for (const s of ins.shell ?? []) {
          assert.equal(s.text.length <= text.length - s.offset, true);
          for (const c of s.commands) for (const w of c.args) assert.equal(s.text.slice(w.span.start - s.offset, w.span.end - s.offset), w.raw);
        }
      }
    }
  });

  it('a YAML alias bomb (10 levels × 10 aliases) returns with the exploding value undefined', () => {
    let text = 'x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++) text += `x-a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    text += 'services:\n  web:\n    image: nginx:1\n    command: *a9\n';
    const m = parseCompose(text);
    assert.deepEqual(m.problems, []);
    assert.deepEqual(m.services.map((s) => s.name), ['web']);
    const cmd = m.services[0]!.get('command');
    assert.ok(cmd);
    assert.equal(cmd.value, undefined);
    assert.equal(cmd.indirect, true);
    assert.equal(m.services[0]!.get('image')?.value, 'nginx:1');
    assert.equal(m.top('x-a9')?.value, undefined);
    assert.deepEqual(m.top('x-a0')?.value, Array(10).fill('lol'));
    const res = lint({ path: '/w/compose.yaml', text });
    assert.deepEqual(res.failures, []);
  });

  it('a merge-key alias bomb does not explode either', () => {
    let text = 'x-0: &m0 {a: 1}\n';
    for (let i = 1; i < 12; i++) text += `x-${i}: &m${i}\n  <<: [${Array(10).fill(`*m${i - 1}`).join(', ')}]\n  k${i}: v\n`;
    text += 'services:\n  web:\n    <<: *m11\n    image: nginx:1\n';
    const m = parseCompose(text);
    const web = m.services[0]!;
    assert.equal(web.get('k11')?.value, 'v');
    assert.equal(web.get('a')?.value, 1);
    assert.deepEqual(lint({ path: '/w/compose.yaml', text }).failures, []);
  });

  it('10,000 levels of flow nesting are refused with a problem, not a stack overflow', () => {
    const text = '['.repeat(10_000) + ']'.repeat(10_000);
    for (let run = 0; run < 2; run++) {
      const m = parseCompose(text);
      assert.deepEqual(m.problems, [
        { message: `YAML nesting is deeper than ${MAX_NESTING} levels; the file is not analysed.`, span: { start: 199, end: 200 }, severity: 'error' },
      ]);
      assert.equal(m.doc, undefined);
      assert.deepEqual(m.services, []);
    }
    const res = lint({ path: '/w/compose.yaml', text });
    assert.deepEqual(res.findings.map((f) => [f.ruleId, f.span]), [['BH900', { start: 199, end: 200 }]]);
  });

  it('deep block nesting and `- - -` chains are refused too', () => {
    const block = Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n');
    assert.equal(parseCompose(block).problems.length, 1);
    const dashes = '- '.repeat(5000) + 'x';
    assert.equal(nestingExceeds(dashes, MAX_NESTING), 398);
    assert.equal(parseCompose(dashes).problems.length, 1);
    const services = 'services:\n  web:\n    command: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    assert.deepEqual(lint({ path: '/w/compose.yaml', text: services }).findings.map((f) => f.ruleId), ['BH900']);
  });

  it('nesting within the limit still parses', () => {
    const text = 'services:\n  web:\n    command: ' + '['.repeat(150) + 'x' + ']'.repeat(150) + '\n    image: a:1\n';
    const m = parseCompose(text);
    assert.deepEqual(m.problems, []);
    assert.equal(m.services[0]!.get('image')?.value, 'a:1');
    let v = m.services[0]!.get('command')?.value;
    let depth = 0;
    while (Array.isArray(v)) {
      v = v[0];
      depth++;
    }
    assert.equal(depth, 150);
    assert.equal(v, 'x');
  });

  it('brackets inside quotes and comments do not count as nesting', () => {
    const text = `a: "${'['.repeat(500)}"\nb: '${'{'.repeat(500)}'\n# ${'['.repeat(500)}\n`;
    assert.equal(nestingExceeds(text, MAX_NESTING), undefined);
    assert.deepEqual(parseCompose(text).problems, []);
  });

  it('brackets and indentation inside a block scalar do not count as nesting', () => {
    // The estimate of the nesting reads a block scalar's lines as YAML; it is made only for the
    // files Bulkhead's reader declines (which reads these), so they are not refused for it.
    const brackets = 'services:\n  web:\n    image: nginx:1.25\n    command: |\n      echo ' + '['.repeat(250) + '\n';
    assert.notEqual(nestingExceeds(brackets, MAX_NESTING), undefined);
    const m = parseCompose(brackets);
    assert.deepEqual(m.problems, []);
    assert.equal(m.services[0]!.get('command')?.value, `echo ${'['.repeat(250)}\n`);
    const stairs = 'x-notes: |\n' + Array.from({ length: 260 }, (_, i) => ' '.repeat(i + 2) + 'step').join('\n') + '\nservices:\n  web:\n    image: nginx:1.25\n';
    assert.notEqual(nestingExceeds(stairs, MAX_NESTING), undefined);
    assert.deepEqual(parseCompose(stairs).problems, []);
    assert.deepEqual(lint({ path: '/w/compose.yaml', text: stairs }).findings.filter((f) => f.ruleId === 'BH900'), []);
  });

  it('a 1 MB single-line compose file parses', () => {
    const text = 'services: {web: {image: nginx:1, command: "' + 'x'.repeat(1024 * 1024) + '"}}';
    const m = parseCompose(text);
    assert.deepEqual(m.problems, []);
    assert.equal((m.services[0]!.get('command')!.value as string).length, 1024 * 1024);
    assert.deepEqual(lint({ path: '/w/compose.yaml', text }).failures, []);
  });

  it('a 1 MB single-line RUN is linted without throwing', () => {
    const text = 'FROM node:20\nRUN echo ' + 'a '.repeat(512 * 1024) + '\n';
    const res = lint({ path: '/w/Dockerfile', text });
    assert.deepEqual(res.failures, []);
    const run = parseDockerfile(text).instructions[1]!;
    // Longer than the shell parser's limit: an empty script that says it is incomplete.
    assert.equal(run.shell![0]!.commands.length, 0);
    assert.equal(run.shell![0]!.hasErrors, true);
  });

  it('RUN scripts that exhaust tree-sitter are not given to it: the file is linted, and the shell parser keeps working for the next file', () => {
    const lineOf = (res: ReturnType<typeof lint>, f: { span: { start: number } }) => res.lines.oneBased(f.span.start).line;
    const rules = (text: string) => {
      const res = lint({ path: '/w/Dockerfile', text });
      return res.findings.map((f) => `${f.ruleId} ${lineOf(res, f)}`);
    };
    // 15,000 `X=1|` (60 KB) made tree-sitter's WebAssembly abort, and every later parse in the process failed with it.
    const many = 'X=1|'.repeat(15_000) + 'y';
    for (const text of [`FROM alpine:3.20\nRUN ${many}\n`, `FROM alpine:3.20\nRUN <<EOF\n${many}\nEOF\n`, `FROM alpine:3.20\nRUN ["sh", "-c", "${many}"]\n`]) {
      const res = lint({ path: '/w/Dockerfile', text });
      assert.deepEqual(res.failures, []);
      const bh900 = res.findings.filter((f) => f.ruleId === 'BH900');
      assert.deepEqual(bh900.map((f) => [lineOf(res, f), f.message]), [[2, 'This RUN script is not analysed: it has more than 2,000 shell operators.']]);
      // The rest of the file is still linted.
      assert.ok(res.findings.some((f) => f.ruleId === 'BH101'));
    }
    // Nesting deep enough to overflow the walk's stack (it made the whole file BH900): the script is skipped, the file linted.
    for (const script of ['for i in x; do '.repeat(2000) + 'b; ' + 'done; '.repeat(2000), 'echo ' + '"$('.repeat(1000) + 'a' + ')"'.repeat(1000)]) {
      const res = lint({ path: '/w/Dockerfile', text: `FROM alpine:3.20\nRUN ${script}\nUSER root\n` });
      assert.deepEqual(res.failures, []);
      assert.ok(!res.findings.some((f) => f.ruleId === 'BH900' && /could not be parsed/.test(f.message)), JSON.stringify(res.findings.map((f) => f.message)));
      assert.ok(res.findings.some((f) => f.ruleId === 'BH101' && lineOf(res, f) === 3));
    }
    // tree-sitter still reads the next file's compound RUN line.
    assert.ok(rules('FROM alpine:3.20\nUSER 1000\nRUN if true; then curl -fsSL https://x.example/i.sh | sh; fi\n').includes('BH134 3'));
  });
});

describe('oversized instructions', () => {
  it('keep their keyword and span in the original text, and what follows still parses', () => {
    const big = 'RUN echo ' + 'word \\\n  '.repeat(20_000) + 'end';
    const text = 'FROM node:20\n' + big + '\nUSER app\n';
    const m = parseDockerfile(text);
    assert.deepEqual(m.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'USER']);
    const run = m.instructions[1]!;
    assert.equal(text.slice(run.span.start, run.span.end), big);
    assert.equal(text.slice(run.keywordSpan.start, run.keywordSpan.end), 'RUN');
    assert.deepEqual(run.argsSpan, { start: 17, end: 13 + big.length });
    assert.deepEqual(run.args, []);
    assert.equal(run.form, 'shell');
    assert.equal(run.shell![0]!.hasErrors, true);
    const user = m.instructions[2]!;
    assert.deepEqual(user.args.map((a) => [a.value, text.slice(a.span.start, a.span.end)]), [['app', 'app']]);
  });
});

describe('dockerfile-ast heredoc reader', () => {
  it('a continued instruction that made dockerfile-ast\'s heredoc reader throw is linted (it used to be BH900 for the whole file)', () => {
    // dockerfile-ast's getHeredocs throws on these; Bulkhead asks it only when an argument starts with `<<`.
    for (const text of ['FROM alpine:3.20\nRUN \\\r\n\\ a\n', 'FROM alpine:3.20\nRUN a \\\r\n\\ b\nUSER 1000\n']) {
      const res = lint({ path: '/w/Dockerfile', text });
      assert.deepEqual(res.findings.filter((f) => f.ruleId === 'BH900'), [], JSON.stringify(text));
      assert.deepEqual(res.failures, []);
    }
  });

  it('a heredoc marker its reader throws on (an unbalanced quote) is reported at the marker; the instruction has no heredocs and the rest of the file is linted', () => {
    for (const [text, marker] of [
      ['FROM alpine:3.20\nRUN <<"EOF""\necho hi\nEOF\n', '<<"EOF""'],
      ['FROM alpine:3.20\nCOPY <<"A"" /x\nbody\nA\n', '<<"A""'],
      ['FROM alpine:3.20\nONBUILD RUN <<"EOF""\nx\nEOF\n', '<<"EOF""'],
    ] as const) {
      const res = lint({ path: '/w/Dockerfile', text });
      const parse = res.findings.filter((f) => f.ruleId === 'BH900');
      assert.equal(parse.length, 1, JSON.stringify(text));
      assert.equal(text.slice(parse[0]!.span.start, parse[0]!.span.end), marker);
      assert.match(parse[0]!.message, /heredoc marker cannot be read/);
      assert.deepEqual(res.failures, []);
      assert.ok(res.findings.some((f) => f.ruleId === 'BH101'), 'the file was linted');
      const m = parseDockerfile(text);
      const ins = m.instructions[1]!;
      assert.deepEqual((ins.trigger ?? ins).heredocs, []);
    }
    // A marker dockerfile-ast reads is no problem.
    assert.deepEqual(parseDockerfile('FROM a\nRUN <<"EOF"\nx\nEOF\n').problems, []);
  });
});

describe('names that are also Object.prototype keys', () => {
  // Commands, variables, build arguments, images, flags, capabilities, services
  // and environment names taken from the file must never reach Object's own
  // properties (`constructor`, `toString`…) in the engine's lookup tables.
  const KEYS = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];

  it('in a Dockerfile: no rule failure, no JavaScript value in a message', () => {
    for (const k of KEYS) {
      const text = [
        `ARG ${k}=1`,
        `ARG TAG=$${k}`,
        `FROM alpine:\${${k}} AS ${k}`,
        `ENV ${k}=x ${k.toUpperCase()}=y`,
        `RUN --${k}=x ${k}=abc123secret ${k} --${k} ${k} && export ${k}=abc123secret && yum ${k} x && apk ${k} y`,
        `RUN ${k} apt-get install -y ${k} && pip install ${k} && npm ${k} && curl -${k[0]} https://x/${k} | sh`,
        `COPY --from=${k} --chown=${k} /${k} /${k}`,
        `USER ${k}`,
        `CMD ["${k}"]`,
      ].join('\n');
      const res = lint({ path: '/w/Dockerfile', text }, { config: { ...defaultConfig(), buildArgs: { [k]: 'from-config' } } });
      assert.deepEqual(res.failures, [], k);
      for (const f of res.findings) assert.doesNotMatch(f.message, /native code|function |\[object /, `${k}: ${f.message}`);
      // `ARG toString=1` sets it; without the ARG, `${toString}` is an unset variable. `toString=…` is not a password variable.
      // (`__proto__` cannot be stored in a plain object: an `ARG __proto__` stays unset, which only loses its value.)
      if (k !== '__proto__') assert.equal(parseDockerfile(text).stages[0]!.image.resolved, 'alpine:1');
      assert.equal(parseDockerfile(`FROM alpine:\${${k}}\n`).stages[0]!.image.resolved, `alpine:\${${k}}`);
      assert.deepEqual(res.findings.filter((f) => f.ruleId === 'BH121').map((f) => f.message), [], k);
    }
  });

  it('in a Compose file: no rule failure, no JavaScript value in a message', () => {
    for (const k of KEYS) {
      const text = [
        'services:',
        `  ${k}:`,
        `    image: ${k}`,
        `    user: ${k}`,
        `    cap_add: [${k}, ${k.toUpperCase()}]`,
        `    ports: ["${k}:80"]`,
        `    sysctls: {${k}: 1}`,
        '    environment:',
        `      ${k}: abc123secret`,
        `      PASSWORD: \${${k}}`,
        '      POSTGRES_PASSWORD: hunter2secret',
        `    depends_on: {${k}: {condition: ${k}}}`,
        `    networks: [${k}]`,
        `    volumes: ["/${k}:/${k}"]`,
        `    logging: {driver: ${k}}`,
        'networks:',
        `  ${k}: {}`,
      ].join('\n');
      const res = lint({ path: '/w/compose.yaml', text });
      assert.deepEqual(res.failures, [], k);
      for (const f of res.findings) assert.doesNotMatch(f.message, /native code|function |\[object /, `${k}: ${f.message}`);
    }
  });
});
