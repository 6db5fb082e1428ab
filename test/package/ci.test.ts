/**
 * CI integration as users adopt it: the SARIF output validates against the
 * SARIF 2.1.0 schema; the GitHub Actions example runs the command it shows
 * and uploads the file it writes; the pre-commit hook matches the right file
 * names and blocks on findings; and the npm tarball holds a CLI that runs on
 * its own (`npx bulkhead`), with nothing but its bundled files.
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { execSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import { parse as parseYaml } from 'yaml';
import { tempDir } from '../support/tmp';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const sarifSchema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;

function copyExamples(): string {
  const dir = tempDir('ci');
  for (const f of ['Dockerfile', 'compose.yaml']) fs.copyFileSync(path.join(root, 'examples', f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'crlf.Dockerfile'), 'FROM debian:12\r\nRUN echo "ünïcode ✓"\r\n');
  return dir;
}

describe('CI integration', { timeout: 300_000 }, () => {
  const ajv = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  const validateSarif = ajv.compile(sarifSchema);
  before(() => assert.ok(fs.existsSync(cli), `${cli} is missing: run \`npm run build\` first`));

  it('SARIF output validates against the SARIF 2.1.0 schema', () => {
    const dir = copyExamples();
    const r = spawnSync(process.execPath, [cli, '--format', 'sarif', dir], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout) as { runs: { results: unknown[] }[] };
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 5), null, 1));
    assert.ok(log.runs[0]!.results.length > 5);
  });

  it('the GitHub Actions example lints with the command it shows and uploads the SARIF file it writes', () => {
    const workflow = parseYaml(fs.readFileSync(path.join(root, 'examples', 'ci', 'github-actions.yml'), 'utf8')) as {
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, string> }[] }>;
    };
    assert.equal(workflow.permissions['security-events'], 'write');
    const steps = Object.values(workflow.jobs)[0]!.steps;
    const lint = steps.find((s) => s.run?.includes('bulkhead'))!;
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    assert.ok(lint && upload, 'a lint step and an upload step');
    assert.equal(upload.if, 'always()', 'findings are uploaded even when the lint step fails');
    const out = /--output (\S+)/.exec(lint.run!)![1]!;
    assert.equal(upload.with!.sarif_file, out);
    // Run the step's command as written, with the local CLI standing in for the published package.
    const dir = copyExamples();
    const command = lint.run!.replace(/^npx --yes bulkhead/, `"${process.execPath}" "${path.join(root, 'bin', 'bulkhead.js')}"`);
    const r = spawnSync(command, { cwd: dir, shell: true, encoding: 'utf8' });
    assert.equal(r.status, 1, 'the examples have errors, so the step fails (--fail-on error)');
    assert.ok(validateSarif(JSON.parse(fs.readFileSync(path.join(dir, out), 'utf8'))));
  });

  it('the pre-commit hook matches Dockerfile and Compose file names, and blocks a commit with findings', () => {
    const [hook] = parseYaml(fs.readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string }[];
    assert.equal(hook!.id, 'bulkhead');
    assert.equal(hook!.language, 'node');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.ok(hook!.entry in pkg.bin, 'the entry is the package\'s command');
    const rx = new RegExp(hook!.files);
    for (const yes of ['Dockerfile', 'svc/Dockerfile', 'Dockerfile.prod', 'web.Dockerfile', 'Containerfile', 'compose.yaml', 'deploy/docker-compose.override.yml', 'compose.prod.yaml']) assert.ok(rx.test(yes), yes);
    for (const no of ['Dockerfile/readme.md', 'notes.txt', 'composer.json', 'k8s/deployment.yaml', 'mydocker-compose.txt']) assert.ok(!rx.test(no), no);
    // pre-commit runs `entry <staged files…>`.
    const dir = copyExamples();
    fs.writeFileSync(path.join(dir, 'ok.Dockerfile'), 'FROM gcr.io/distroless/static:nonroot@sha256:' + '0'.repeat(64) + '\nUSER 65532\n');
    const bin = path.join(root, 'bin', 'bulkhead.js');
    const clean = spawnSync(process.execPath, [bin, '--fail-on', 'warning', 'ok.Dockerfile'], { cwd: dir, encoding: 'utf8' });
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.equal(spawnSync(process.execPath, [bin, 'Dockerfile', 'compose.yaml'], { cwd: dir }).status, 1);
  });

  it('the npm tarball holds a self-contained CLI: no dependencies, only run-time files, and it runs', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; version: string };
    assert.deepEqual(pkg.dependencies ?? {}, {}, 'everything is bundled: `npx bulkhead` installs nothing else');
    const dest = tempDir('pack');
    // --ignore-scripts: dist/ is built already (`npm test` builds first), and rebuilding it here could race other suites reading it.
    const out = execSync(`npm pack --json --ignore-scripts --pack-destination "${dest}"`, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const [info] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path).sort();
    for (const f of files) assert.ok(/^(bin\/|dist\/cli\.js$|dist\/cli\.js\.cache$|dist\/[\w.-]+\.wasm$|docs\/rules\/|schemas\/|examples\/|README\.md$|CHANGELOG\.md$|LICENSE$|package\.json$)/.test(f), `unexpected file in the tarball: ${f}`);
    assert.ok(files.includes('dist/cli.js') && files.includes('dist/cli.js.cache') && files.includes('bin/bulkhead.js'));
    execSync(`tar -xzf "${path.join(dest, info!.filename)}"`, { cwd: dest });
    const packaged = path.join(dest, 'package', 'bin', 'bulkhead.js');
    const version = spawnSync(process.execPath, [packaged, '--version'], { encoding: 'utf8' });
    assert.equal(version.stdout.trim(), pkg.version);
    const r = spawnSync(process.execPath, [packaged, '--format', 'json', path.join(dest, 'package', 'examples')], { encoding: 'utf8', cwd: dest });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { findings: { ruleId: string }[] }[] };
    assert.ok(report.files.flatMap((f) => f.findings).some((f) => f.ruleId === 'BH101'), 'RUN analysis and rules work from the tarball alone');
  });
});
