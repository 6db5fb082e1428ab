/**
 * The built CLI (dist/cli.js) as a child process on real files: exit codes,
 * the three formats, --fix, config errors, unreadable and broken files, and
 * the bundled examples.
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, workspace as tempWorkspace } from '../support/tmp';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const workspace = (files: Record<string, string>): string => tempWorkspace('cli', files);

/** Why a test that needs a terminal cannot run here (util-linux script(1) gives it one), or false. */
function terminalSkip(): string | false {
  if (process.platform !== 'linux' || !fs.existsSync('/usr/bin/script')) return 'needs util-linux script(1)';
  const probe = spawnSync('/usr/bin/script', ['-qec', 'test -t 1', '/dev/null'], { encoding: 'utf8' });
  return probe.status === 0 ? false : `script(1) cannot open a terminal here: ${probe.stderr.trim() || `exit ${probe.status}`}`;
}

/** A pinned, tagged base image: clean under every image rule. */
const ALPINE = `alpine:3.20@sha256:${'a'.repeat(64)}`;

interface JsonReport {
  version: string;
  files: { path: string; kind: string; fixed: number; findings: { ruleId: string; ruleName: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number; fixes: { id: string; title: string; safe: boolean }[] }[] }[];
  summary: { files: number; errors: number; warnings: number; info: number; fixable: number; fixed: number };
}

describe('bulkhead CLI', { timeout: 120_000 }, () => {
  before(() => assert.ok(fs.existsSync(cli), `${cli} is missing: run \`npm run build\` first`));

  it('exits 0 on clean files, 1 on findings, with a stylish report', () => {
    const dir = workspace({ 'ok/Dockerfile': `FROM ${ALPINE}\nUSER 1000\n`, 'bad/Dockerfile': `FROM ${ALPINE}\nCMD ["sh"]\n` });
    const ok = run(['ok'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, 'No problems found in 1 file.\n');
    const bad = run(['bad'], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^bad\/Dockerfile\n  1:6  warning  The final stage sets no USER/);
    assert.match(bad.stdout, /BH101\n\n1 problem \(0 errors, 1 warning, 0 info\) in 1 file\n$/);
  });

  it('defaults to the current folder, recursing but skipping node_modules and .git', () => {
    const dir = workspace({
      'Dockerfile': 'FROM alpine\nUSER 1\n',
      'svc/api/compose.yaml': 'services:\n  api:\n    image: api:1\n    cap_drop: [ALL]\n',
      'node_modules/pkg/Dockerfile': 'FROM ubuntu\n',
      '.git/Dockerfile': 'FROM ubuntu\n',
      'notes.yaml': 'services: {}\n',
    });
    const r = run(['--format', 'json'], dir);
    const report = JSON.parse(r.stdout) as JsonReport;
    // Found and linted by kind: the Dockerfile's untagged image is reported; node_modules, .git and other YAML are not read.
    assert.deepEqual(report.files.map((f) => [f.path, f.kind]), [
      ['Dockerfile', 'dockerfile'],
      [path.join('svc', 'api', 'compose.yaml'), 'compose'],
    ]);
    assert.ok(report.files[0]!.findings.some((x) => x.ruleId === 'BH103'));
    assert.ok(report.files[1]!.findings.every((x) => x.ruleId !== 'BH203'), 'cap_drop: [ALL] is read');
  });

  it('JSON gives exact 1-based positions, fixes and a summary', () => {
    const dir = workspace({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    cap_add: [SYS_ADMIN]\n    cap_drop: [ALL]\n' });
    const r = run(['--format', 'json', 'compose.yaml'], dir);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.match(report.version, /^\d+\.\d+\.\d+/);
    const f = report.files[0]!.findings.find((x) => x.ruleId === 'BH202')!;
    assert.deepEqual(
      { ...f, message: undefined },
      { ruleId: 'BH202', ruleName: 'dangerous-capability', severity: 'error', message: undefined, line: 4, column: 15, endLine: 4, endColumn: 24, fixes: [{ id: 'remove-capability', title: 'Remove capability SYS_ADMIN', safe: false }] },
    );
    // The summary counts every finding of the file (other rules' hardening findings included) by severity.
    const all = report.files[0]!.findings;
    const count = (sev: string): number => all.filter((x) => x.severity === sev).length;
    assert.deepEqual(report.summary, { files: 1, errors: count('error'), warnings: count('warning'), info: count('info'), fixable: all.filter((x) => x.fixes.some((y) => y.safe)).length, fixed: 0 });
    assert.equal(report.summary.errors, 1, 'SYS_ADMIN is the one error');
  });

  it('SARIF 2.1.0: driver rules with help links, consistent ruleIndex, relative URIs, UTF-16 columns', () => {
    const dir = workspace({ 'app/Dockerfile': 'FROM node\nENV API_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\nUSER node\n' });
    const r = run(['--format', 'sarif', '.'], dir);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'Bulkhead');
    assert.equal(run0.columnKind, 'utf16CodeUnits');
    assert.ok(run0.originalUriBaseIds['%SRCROOT%'].uri.startsWith('file://'));
    for (const rule of run0.tool.driver.rules) {
      assert.match(rule.id, /^BH\d{3}$/);
      assert.match(rule.helpUri, new RegExp(`/docs/rules/${rule.id}-${rule.name}\\.md$`));
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
      assert.ok(rule.shortDescription.text.length > 10);
    }
    const ids = run0.results.map((x: { ruleId: string }) => x.ruleId);
    assert.ok(ids.includes('BH102') && ids.includes('BH103'), ids.join(','));
    // Every result's rule is described once in the driver.
    assert.deepEqual([...new Set(ids)].sort(), run0.tool.driver.rules.map((r: { id: string }) => r.id).filter((id: string) => ids.includes(id)).sort());
    for (const res of run0.results) {
      assert.equal(run0.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      const loc = res.locations[0].physicalLocation;
      assert.deepEqual(loc.artifactLocation, { uri: 'app/Dockerfile', uriBaseId: '%SRCROOT%' });
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    }
    const secret = run0.results.find((x: { ruleId: string }) => x.ruleId === 'BH102');
    assert.equal(secret.level, 'error');
    assert.ok(!r.stdout.includes('0123456789abcdefghij'), 'the SARIF report does not carry the secret');
    // A safe fix travels as an artifact change with an exact deleted region.
    const fixDir = workspace({ 'Dockerfile': `# bulkhead-ignore BH103 -- x\nFROM ${ALPINE}\nUSER 1\n` });
    const unused = JSON.parse(run(['--format', 'sarif'], fixDir).stdout).runs[0].results;
    assert.equal(unused.length, 1);
    assert.equal(unused[0].ruleId, 'BH902');
    assert.deepEqual(unused[0].fixes, [
      {
        description: { text: 'Remove the unused suppression comment' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { startLine: 1, startColumn: 1, endLine: 2, endColumn: 1 }, insertedContent: { text: '' } }],
          },
        ],
      },
    ]);
  });

  it('--fix applies safe fixes only, keeps CRLF and the BOM, and a second run has nothing to fix', () => {
    const text = `\uFEFF# bulkhead-ignore BH103 -- nothing to ignore\r\nFROM ${ALPINE}\r\nCMD ["sh"]\r\n`;
    const dir = workspace({ 'Dockerfile': text });
    const r = run(['--fix', '--format', 'json'], dir);
    assert.equal(r.code, 1, 'BH101 (unsafe fix) remains');
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), `\uFEFFFROM ${ALPINE}\r\nCMD ["sh"]\r\n`);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.summary.fixed, 1);
    assert.deepEqual(report.files[0]!.findings.map((f) => f.ruleId), ['BH101']);
    const again = run(['--fix', '--format', 'json'], dir);
    assert.equal((JSON.parse(again.stdout) as JsonReport).summary.fixed, 0);
  });

  it('a broken compose file and a binary file are reported with path and line, and the run goes on', () => {
    const dir = workspace({ 'a/compose.yaml': 'services:\n  web:\n    image: [unclosed\n', 'b/Dockerfile': 'FROM alpine\u0000\n', 'c/Dockerfile': `FROM ${ALPINE}\nUSER 1\n` });
    fs.mkdirSync(path.join(dir, 'd', 'Dockerfile'), { recursive: true }); // a folder with a Dockerfile's name
    fs.symlinkSync(path.join(dir, 'missing'), path.join(dir, 'e.Dockerfile')); // a dangling link
    const r = run(['--format', 'json', '.'], dir);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as JsonReport;
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, f.findings.map((x) => `${x.ruleId}@${x.line}`)]));
    assert.ok(byPath[path.join('a', 'compose.yaml')]!.some((x) => x.startsWith('BH900@')), JSON.stringify(byPath));
    assert.deepEqual(byPath[path.join('b', 'Dockerfile')], ['BH900@1']);
    assert.deepEqual(byPath[path.join('c', 'Dockerfile')], []);
    assert.deepEqual(byPath['e.Dockerfile'], ['BH900@1']);
  });

  it('a FIFO or device is never opened: named, linked from a folder or found in one, on one thread or several', { skip: process.platform === 'win32' }, () => {
    const files: Record<string, string> = {};
    // Enough files for the worker threads (files found in folders are read without a stat: their listing says what they are).
    for (let i = 0; i < 80; i++) files[`many/d${i}/Dockerfile`] = `FROM ${ALPINE}\nUSER 1\n`;
    const dir = workspace(files);
    const fifo = path.join(dir, 'fifo.Dockerfile');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    fs.mkdirSync(path.join(dir, 'many', 'pipes'));
    fs.symlinkSync(fifo, path.join(dir, 'many', 'pipes', 'linked.Dockerfile'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'many', 'pipes', 'zero.Dockerfile'));
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'many', 'pipes', 'Dockerfile')]).status, 0);
    // Opening a FIFO to read waits for a writer: a run that opened one would hang (the spawn's timeout ends it).
    const named = spawnSync(process.execPath, [cli, '--format', 'json', 'fifo.Dockerfile'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(named.status, 1, named.stderr);
    assert.deepEqual((JSON.parse(named.stdout) as JsonReport).files.map((f) => [f.path, f.findings.map((x) => `${x.ruleId}: ${x.message}`)]), [
      ['fifo.Dockerfile', ['BH900: Cannot read the file: not a regular file.']],
    ]);
    for (const jobs of ['1', '2']) {
      const r = spawnSync(process.execPath, [cli, '--format', 'json', 'many'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, BULKHEAD_JOBS: jobs } });
      assert.equal(r.status, 1, r.stderr);
      const report = JSON.parse(r.stdout) as JsonReport;
      assert.equal(report.files.length, 82, 'the 80 Dockerfiles and the two links; the FIFO itself is not a file the walk takes');
      const flagged = report.files.filter((f) => f.findings.length > 0).map((f) => [f.path, f.findings.map((x) => `${x.ruleId}: ${x.message}`)]);
      assert.deepEqual(flagged, [
        [path.join('many', 'pipes', 'linked.Dockerfile'), ['BH900: Cannot read the file: not a regular file.']],
        [path.join('many', 'pipes', 'zero.Dockerfile'), ['BH900: Cannot read the file: not a regular file.']],
      ]);
    }
  });

  it('a file that cannot be read is reported at the severity its config gives BH900, or not at all when BH900 is off', () => {
    const dir = workspace({ 'warn/.bulkhead.yaml': 'rules:\n  BH900: warning\n', 'off/.bulkhead.yaml': 'rules:\n  BH900: off\n', 'c/Dockerfile': `FROM ${ALPINE}\nUSER 1\n` });
    for (const d of ['warn', 'off', 'c']) fs.symlinkSync(path.join(dir, 'missing'), path.join(dir, d, 'e.Dockerfile'));
    const r = run(['--format', 'json', '.'], dir);
    const report = JSON.parse(r.stdout) as JsonReport;
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, f.findings.map((x) => `${x.ruleId}:${x.severity}@${x.line}`)]));
    assert.deepEqual(byPath[path.join('warn', 'e.Dockerfile')], ['BH900:warning@1']);
    assert.deepEqual(byPath[path.join('off', 'e.Dockerfile')], []);
    assert.deepEqual(byPath[path.join('c', 'e.Dockerfile')], ['BH900:error@1']);
    assert.equal(r.code, 1);
    // --quiet keeps errors only; the warning alone does not fail a run that fails on errors.
    const quiet = JSON.parse(run(['--format', 'json', '--quiet', 'warn'], dir).stdout) as JsonReport;
    assert.deepEqual(quiet.files.map((f) => f.findings.length), [0]);
    assert.equal(run(['--fail-on', 'error', 'warn'], dir).code, 0);
  });

  it('the report reaches a slow pipe whole, a reader that stops early ends the run quietly, and a report that cannot be written is an error', async () => {
    // Enough findings for a report several times a pipe's buffer (64 KB). The CLI writes to stdout's file
    // descriptor itself; once Node has made process.stdout for a pipe, the pipe is non-blocking, so writes
    // can fail with EAGAIN: a preloaded module makes it first here, as anything else in the process might.
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`d${i}/Dockerfile`] = `FROM ubuntu\nRUN curl -k https://example.com/x.sh | sh\nENV PASSWORD=hunter2${i}\n`;
    const dir = workspace(files);
    const expected = path.join(dir, 'expected.txt');
    assert.equal(run(['--output', expected, '.'], dir).code, 1);
    const whole = fs.readFileSync(expected, 'utf8');
    assert.ok(whole.length > 4 * 65536, `only ${whole.length} characters`);

    const touch = path.join(dir, 'make-stdout.js');
    fs.writeFileSync(touch, 'void process.stdout;\n');
    for (const preload of [[], ['--require', touch]]) {
      const slow = spawn(process.execPath, [...preload, cli, '.'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      slow.stdout.pause();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const chunks: Buffer[] = [];
      slow.stdout.on('data', (c: Buffer) => chunks.push(c));
      slow.stdout.resume();
      const slowCode = await new Promise((resolve) => slow.on('close', resolve));
      assert.equal(slowCode, 1, preload.join(' '));
      assert.equal(Buffer.concat(chunks).toString('utf8'), whole, preload.join(' '));
    }

    const early = spawn(process.execPath, [cli, '--format', 'json', '.'], { cwd: dir });
    let stderr = '';
    early.stderr.on('data', (c: Buffer) => (stderr += c));
    early.stdout.once('data', () => early.stdout.destroy());
    const earlyCode = await new Promise((resolve) => early.on('close', resolve));
    assert.equal(earlyCode, 1, stderr);
    assert.equal(stderr, '');

    if (fs.existsSync('/dev/full')) {
      const full = fs.openSync('/dev/full', 'w');
      const r = spawnSync(process.execPath, [cli, '.'], { cwd: dir, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      fs.closeSync(full);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^bulkhead: cannot write the report to stdout: ENOSPC/);
    }
    const missing = run(['--output', path.join(dir, 'no', 'such', 'folder', 'r.txt'), 'd0'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^bulkhead: cannot write the report to .*r\.txt: ENOENT/);
  });

  it('colours the stylish report on a terminal only, and not under NO_COLOR, TERM=dumb or --output', { skip: terminalSkip() }, () => {
    const dir = workspace({ Dockerfile: `FROM ${ALPINE}\nCMD ["sh"]\n` });
    const env = { ...process.env };
    delete env.NO_COLOR;
    // script(1) runs the command on a new terminal and copies what it writes there.
    const onTerminal = (extra: Record<string, string>, args = ''): string =>
      spawnSync('/usr/bin/script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} ${args} Dockerfile`, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...env, TERM: 'xterm', ...extra } }).stdout;
    const ESC = '\u001b[';
    const coloured = onTerminal({});
    assert.match(coloured, /BH101/);
    assert.ok(coloured.includes(ESC), 'colours on a terminal');
    assert.ok(!onTerminal({ NO_COLOR: '1' }).includes(ESC), 'NO_COLOR');
    assert.ok(!onTerminal({ TERM: 'dumb' }).includes(ESC), 'TERM=dumb');
    const out = path.join(dir, 'report.txt');
    onTerminal({}, `--output ${JSON.stringify(out)}`);
    assert.ok(!fs.readFileSync(out, 'utf8').includes(ESC), '--output');
    const piped = spawnSync(process.execPath, [cli, 'Dockerfile'], { cwd: dir, encoding: 'utf8', env });
    assert.match(piped.stdout, /BH101/);
    assert.ok(!piped.stdout.includes(ESC), 'a pipe');
  });

  it('a config with an unknown rule stops the run with exit 2 and path:line:col', () => {
    const dir = workspace({ '.bulkhead.yaml': 'rules:\n  BH13: off\n', 'Dockerfile': 'FROM alpine:3.20\nUSER 1\n' });
    const r = run([], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^\.bulkhead\.yaml:2:3: error: .*BH13.*BH103/m);
    assert.equal(r.stdout, '');
  });

  it('--config overrides discovery, and --fail-on sets the threshold', () => {
    // BH130 (digest pinning) is off in both configs, so that BH103 alone decides.
    const dir = workspace({ 'strict.yaml': 'rules:\n  BH103: error\n  BH130: off\n', '.bulkhead.yaml': 'rules:\n  BH103: off\n  BH130: off\n', 'Dockerfile': 'FROM ubuntu\nUSER 1\n' });
    assert.equal(run([], dir).code, 0);
    const r = run(['--config', 'strict.yaml', '--format', 'json'], dir);
    assert.deepEqual((JSON.parse(r.stdout) as JsonReport).files[0]!.findings.map((f) => [f.ruleId, f.severity]), [['BH103', 'error']]);
    assert.equal(r.code, 1);
    const dir2 = workspace({ 'Dockerfile': 'FROM ubuntu\nUSER 1\n' });
    assert.equal(run(['--fail-on', 'error'], dir2).code, 0);
    assert.equal(run(['--fail-on', 'warning'], dir2).code, 1);
    assert.equal(run(['--quiet'], dir2).code, 0);
    // Only info findings (the image is tagged but not pinned by digest): the default threshold (info) fails, --fail-on warning does not.
    const dir3 = workspace({ 'Dockerfile': 'FROM ubuntu:24.04\nUSER 1\n' });
    assert.equal(run([], dir3).code, 1);
    assert.equal(run(['--fail-on', 'warning'], dir3).code, 0);
  });

  it('--target judges that stage as the image, and --build-arg resolves ARGs (over the config)', () => {
    const dir = workspace({
      '.bulkhead.yaml': 'buildArgs:\n  BASE: debian:12\n',
      'Dockerfile': 'ARG BASE\nFROM $BASE AS dev\nRUN true\nFROM alpine:3.20 AS prod\nUSER 10001\n',
    });
    const ids = (args: string[]) =>
      (JSON.parse(run(['--format', 'json', ...args], dir).stdout) as JsonReport).files[0]!.findings
        .filter((f) => f.ruleId === 'BH101' || f.ruleId === 'BH103')
        .map((f) => `${f.ruleId}:${f.line}`);
    assert.deepEqual(ids([]), []);
    assert.deepEqual(ids(['--target', 'dev']), ['BH101:2']);
    assert.deepEqual(ids(['--build-arg', 'BASE=debian']), ['BH103:2']);
    assert.equal(run(['--build-arg', 'oops'], dir).code, 2);
  });

  it('usage errors exit 2 with a message', () => {
    const dir = workspace({ 'notes.txt': 'FROM ubuntu\nUSER 1\n' });
    const unknown = run(['--frobnicate'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^bulkhead: .*frobnicate/);
    assert.match(unknown.stderr, /Usage: bulkhead/);
    assert.equal(run(['--format', 'xml'], dir).code, 2);
    const missing = run(['nope'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope: no such file or folder/);
    const other = run(['notes.txt'], dir);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /notes\.txt: not a Dockerfile or Compose file name/);
    assert.equal(run(['--kind', 'dockerfile', 'notes.txt'], dir).code, 1, 'with --kind it is linted as a Dockerfile');
    // Every argument is checked before a folder is listed or a config read: the usage error comes alone.
    const tree = workspace({ '.bulkhead.yaml': 'ignore: ["skip/**"]\n', 'skip/Dockerfile': 'FROM a\n', 'sub/Dockerfile': 'FROM b\n' });
    const late = run(['skip/Dockerfile', 'sub', 'nope'], tree);
    assert.equal(late.code, 2);
    assert.match(late.stderr, /^bulkhead: nope: no such file or folder/);
    assert.doesNotMatch(late.stderr, /ignored/);
    assert.match(run(['--dry-run', '.'], tree).stderr, /--dry-run goes with --pin or --refresh-pins/);
  });

  it('--version, --help and --list-rules', () => {
    const v = run(['--version'], root);
    assert.equal(v.stdout.trim(), JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
    assert.match(run(['--help'], root).stdout, /Exit codes: 0/);
    const list = run(['--list-rules'], root).stdout;
    for (const id of ['BH101', 'BH102', 'BH103', 'BH201', 'BH202', 'BH203', 'BH204', 'BH900']) assert.match(list, new RegExp(`^${id} `, 'm'));
  });

  it('the bundled examples show every rule, and RUN analysis works in the bundle', async () => {
    const r = run(['--format', 'json', 'examples'], root);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as JsonReport;
    const ids = new Set(report.files.flatMap((f) => f.findings.map((x) => x.ruleId)));
    // Every rule with a check of its own is shown by the examples (the BH9xx rules are about config and suppressions).
    const { ALL_RULES, SYSTEM_RULES } = await import('../../server/engine');
    const missing = ALL_RULES.map((r) => r.meta.id).filter((id) => !SYSTEM_RULES.has(id) && !ids.has(id));
    assert.deepEqual(missing, [], 'rules the bundled examples do not show');
    // The shell parser (WASM) loads from the bundle: a user created in a RUN is reused by the fix.
    const dir = workspace({ 'Dockerfile': 'FROM debian:12\nRUN useradd --system appuser\nCMD ["x"]\n' });
    const fix = (JSON.parse(run(['--format', 'json'], dir).stdout) as JsonReport).files[0]!.findings[0]!.fixes[0]!;
    assert.equal(fix.title, 'Add a non-root USER (switch to the existing user "appuser")');
  });
});

describe('the shell parser loaded on demand', { timeout: 60_000 }, () => {
  it('a RUN script only tree-sitter reads still gives its findings in a small run', () => {
    // One file (no parser loaded up front): the subshell and the `if` are beyond the simple scanner.
    const dir = workspace({
      Dockerfile: `FROM ${ALPINE}\nRUN apk add curl\nRUN if [ -n "$X" ]; then (cd /tmp && curl -fsSL https://example.com/i.sh | sh); fi\nUSER 1000\n`,
    });
    for (const entry of [cli, path.join(root, 'bin', 'bulkhead.js')]) {
      const r = spawnSync(process.execPath, [entry, '--format', 'json', 'Dockerfile'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(r.status, 1, r.stderr);
      const report = JSON.parse(r.stdout) as JsonReport;
      const lines = report.files[0]!.findings.filter((f) => f.ruleId === 'BH134').map((f) => f.line);
      assert.deepEqual(lines, [3], `${entry}: ${r.stdout}`);
    }
  });
});

describe('bin/bulkhead.js and its code cache', { timeout: 180_000 }, () => {
  /** bin/ and dist/ copied aside, so that each case can break its own cache. */
  function install(): { bin: string; dist: string; tmp: string } {
    const dir = tempDir('bin');
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.copyFileSync(path.join(root, 'bin', 'bulkhead.js'), path.join(dir, 'bin', 'bulkhead.js'));
    fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
    for (const f of fs.readdirSync(path.join(root, 'dist'))) if (/^cli\.js(\.cache)?$|\.wasm$/.test(f)) fs.copyFileSync(path.join(root, 'dist', f), path.join(dir, 'dist', f));
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    return { bin: path.join(dir, 'bin', 'bulkhead.js'), dist: path.join(dir, 'dist'), tmp };
  }
  const examples = path.join(root, 'examples');
  const runBin = (bin: string, tmp: string, args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  let expected: { code: number | null; stdout: string; stderr: string };
  before(() => {
    expected = run(['--format', 'json', examples], root);
    assert.equal(expected.code, 1, expected.stderr);
  });
  /** The same exit code, error output and report (compared whole, reported short). */
  const same = (r: { code: number | null; stdout: string; stderr: string }): void => {
    assert.equal(r.stderr, expected.stderr);
    assert.equal(r.code, expected.code);
    assert.ok(r.stdout === expected.stdout, `the report differs from dist/cli.js's (${r.stdout.length} vs ${expected.stdout.length} characters)`);
  };
  const cacheFiles = (tmp: string): string[] => {
    const d = path.join(tmp, 'bulkhead-code-cache');
    return fs.existsSync(d) ? fs.readdirSync(d) : [];
  };

  it('the build ships a cache for this Node, and the loader reports exactly what the bundle does', () => {
    const { bin, dist, tmp } = install();
    const cache = fs.readFileSync(path.join(dist, 'cli.js.cache'));
    assert.match(cache.subarray(0, 200).toString('latin1'), new RegExp(`^bulkhead [0-9a-f]{32} ${process.version.replace(/\./g, '\\.')} ${process.arch}\n`));
    same(runBin(bin, tmp, ['--format', 'json', examples]));
    // The shipped cache was accepted: nothing was written for this Node.
    assert.deepEqual(cacheFiles(tmp), []);
  });

  it('a cache for another build, a truncated cache or garbage is ignored, and a cache for this Node is written instead', () => {
    const { bin, dist, tmp } = install();
    const shipped = path.join(dist, 'cli.js.cache');
    const good = fs.readFileSync(shipped);
    const header = good.subarray(0, good.indexOf(10) + 1).toString('latin1');
    const broken = [
      Buffer.concat([Buffer.from(header.replace(/ [0-9a-f]{32} /, ` ${'0'.repeat(32)} `)), good.subarray(header.length)]),
      good.subarray(0, header.length + 100),
      Buffer.from('not a cache at all'),
    ];
    for (const data of broken) {
      fs.writeFileSync(shipped, data);
      fs.rmSync(path.join(tmp, 'bulkhead-code-cache'), { recursive: true, force: true });
      same(runBin(bin, tmp, ['--format', 'json', examples]));
      assert.equal(cacheFiles(tmp).length, 1, 'a cache for this Node is written after the run');
      // The next run uses it and reports the same.
      same(runBin(bin, tmp, ['--format', 'json', examples]));
      assert.equal(cacheFiles(tmp).length, 1);
    }
  });

  it('this Node\'s cache is written only after a short run: not after one that lints nothing, nor after a long one', () => {
    const { bin, dist, tmp } = install();
    fs.writeFileSync(path.join(dist, 'cli.js.cache'), 'not a cache at all');
    // Nothing linted: the cache would hold none of the lint's code.
    assert.equal(runBin(bin, tmp, ['--version']).code, 0);
    assert.equal(runBin(bin, tmp, ['--list-rules']).code, 0);
    assert.deepEqual(cacheFiles(tmp), []);
    // More files than a short run lints (one thread, so that every file is linted here).
    const many = workspace(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`s${i}/Dockerfile`, `FROM ubuntu:22.04\nUSER 1000\n`])));
    const long = spawnSync(process.execPath, [bin, '--format', 'json', many], { cwd: root, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp, BULKHEAD_JOBS: '1' } });
    assert.equal(JSON.parse(long.stdout).summary.files, 17, long.stderr);
    assert.deepEqual(cacheFiles(tmp), []);
    // One file: written, and the next run uses it and reports the same.
    const one = path.join(many, 's0', 'Dockerfile');
    const first = runBin(bin, tmp, ['--format', 'json', one]);
    assert.equal(cacheFiles(tmp).length, 1);
    const written = fs.statSync(path.join(tmp, 'bulkhead-code-cache', cacheFiles(tmp)[0]!)).mtimeMs;
    assert.deepEqual(runBin(bin, tmp, ['--format', 'json', one]), first);
    // Accepted, so not written again.
    assert.equal(fs.statSync(path.join(tmp, 'bulkhead-code-cache', cacheFiles(tmp)[0]!)).mtimeMs, written);
  });

  it('a bundle changed after its cache was made is not run with the old code', () => {
    const { bin, dist, tmp } = install();
    const bundle = path.join(dist, 'cli.js');
    const text = fs.readFileSync(bundle, 'utf8');
    // Same length, other content, other build id: what a rebuild without a new cache looks like.
    const changed = text.replace('No problems found in', 'Nothing wrong within').replace(/bulkheadBuildId=([0-9a-f])/, (_, c: string) => `bulkheadBuildId=${c === 'f' ? 'e' : 'f'}`);
    assert.equal(changed.length, text.length);
    fs.writeFileSync(bundle, changed);
    const clean = workspace({ Dockerfile: `FROM ${ALPINE}\nUSER 1000\n` });
    const r = runBin(bin, tmp, [path.join(clean, 'Dockerfile')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Nothing wrong within 1 file.\n');
  });

  it('the build writes the bundle in ASCII (read as Latin-1), and a bundle with other characters is read as UTF-8', () => {
    const { bin, dist, tmp } = install();
    const bundle = path.join(dist, 'cli.js');
    const bytes = fs.readFileSync(bundle);
    assert.ok(bytes.every((b) => b < 0x80), 'dist/cli.js holds a byte outside ASCII');
    // A message with characters outside ASCII, written in UTF-8: one Latin-1 read would garble it.
    const text = bytes.toString('utf8');
    assert.ok(text.includes('No problems found in'));
    fs.writeFileSync(bundle, text.replace('No problems found in', 'Aucun probl\u00e8me \u2192 dans'));
    const clean = workspace({ Dockerfile: `FROM ${ALPINE}\nUSER 1000\n` });
    const r = runBin(bin, tmp, [path.join(clean, 'Dockerfile')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Aucun probl\u00e8me \u2192 dans 1 file.\n');
  });

  it('worker threads load through the loader too, with the same report (each file with its own folder\'s config)', () => {
    const { bin, tmp } = install();
    const corpusLike = workspace({
      ...Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`s${i}/Dockerfile`, `FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl${i % 3 ? ' && curl -k https://x/i.sh | sh' : ''}\n`])),
      '.bulkhead.yaml': 'overrides:\n  - files: ["s1*/**"]\n    rules:\n      BH140: off\n',
      's5/.bulkhead.yaml': 'rules:\n  BH134: off\n',
      // Listed after the workers have started (files are linted as they are found): its config reaches them too.
      'zz/Dockerfile': 'FROM ubuntu:22.04\nRUN curl -k https://x/i.sh | sh\n',
      'zz/.bulkhead.yaml': 'rules:\n  BH140: off\n',
    });
    const single = spawnSync(process.execPath, [bin, '--format', 'json', '.'], { cwd: corpusLike, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp, BULKHEAD_JOBS: '1' } });
    assert.equal(single.status, 1, single.stderr);
    for (const jobs of ['2', '3']) {
      const parallel = spawnSync(process.execPath, [bin, '--format', 'json', '.'], { cwd: corpusLike, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp, BULKHEAD_JOBS: jobs } });
      assert.equal(parallel.stderr, '');
      assert.equal(parallel.stdout, single.stdout, `${jobs} threads`);
    }
    const report = JSON.parse(single.stdout) as JsonReport;
    assert.equal(report.summary.files, 71);
    const rules = (dir: string) => report.files.find((f) => f.path === `${dir}/Dockerfile`)!.findings.map((f) => f.ruleId);
    assert.ok(rules('s4').includes('BH134') && rules('s4').includes('BH140'));
    assert.ok(!rules('s5').includes('BH134') && rules('s5').includes('BH140'));
    assert.ok(!rules('s13').includes('BH140') && rules('s13').includes('BH134'));
    assert.ok(!rules('zz').includes('BH140') && rules('zz').includes('BH134'));
  });

  it('a broken config met late in a large run stops it with exit 2 and no report, though files before it were being linted', () => {
    const { bin, tmp } = install();
    const dir = workspace({
      ...Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`a${String(i).padStart(2, '0')}/Dockerfile`, 'FROM alpine:3.20\nUSER 1000\n'])),
      'zz/.bulkhead.yaml': 'rules:\n  BH13: off\n',
      'zz/Dockerfile': 'FROM alpine:3.20\n',
    });
    for (const jobs of ['1', '2']) {
      const r = spawnSync(process.execPath, [bin, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp, BULKHEAD_JOBS: jobs } });
      assert.equal(r.status, 2, `${jobs} threads: ${r.stderr}`);
      assert.match(r.stderr, /^zz\/\.bulkhead\.yaml:2:3: error: .*BH13/m);
      assert.equal(r.stdout, '');
    }
  });
});
