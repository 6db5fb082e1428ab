/**
 * The CLI's report formats write a report in pieces, a file's part at a time
 * (format.ts). The pieces joined must be exactly the text one
 * `JSON.stringify(report, null, 2)` gives, and the stylish report exactly the
 * lines it always printed.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatJson, formatSarif, formatStylish, type FileReport } from '../../server/cli/format';
import { defaultConfig, initEngine, lint, LineIndex, memoryHost, type FileKind } from '../../server/engine';

const root = path.resolve(__dirname, '..', '..');

/** The report's pieces, and their text joined. */
function collect(format: (write: (s: string) => void) => void): { pieces: string[]; text: string } {
  const pieces: string[] = [];
  format((s) => pieces.push(s));
  return { pieces, text: pieces.join('') };
}

function report(file: string, kind: FileKind, text: string): FileReport {
  const res = lint({ path: file, text, kind }, { config: defaultConfig(), host: memoryHost({}) });
  return { path: file, display: path.relative(root, file), kind, lines: res.lines, findings: res.findings };
}

describe('report formats', () => {
  let reports: FileReport[];
  before(async () => {
    await initEngine();
    const examples = path.join(root, 'examples');
    reports = [
      report(path.join(examples, 'Dockerfile'), 'dockerfile', fs.readFileSync(path.join(examples, 'Dockerfile'), 'utf8')),
      // A file without findings between two with findings, and one whose messages and fix titles hold
      // characters outside Latin-1 (quoted from the file).
      { path: path.join(root, 'clean', 'Dockerfile'), display: 'clean/Dockerfile', kind: 'dockerfile', lines: new LineIndex(''), findings: [] },
      report(path.join(root, 'naïve', 'compose.yaml'), 'compose', 'services:\n  wëb:\n    image: “nginx”\n    privileged: true\n    environment:\n      API_TOKEN: "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"\n'),
      report(path.join(examples, 'compose.yaml'), 'compose', fs.readFileSync(path.join(examples, 'compose.yaml'), 'utf8')),
    ];
    assert.ok(reports[0]!.findings.length > 0 && reports[2]!.findings.length > 0 && reports[3]!.findings.length > 0);
  });

  it('writes JSON in pieces whose text is JSON.stringify with two spaces', () => {
    const { pieces, text } = collect((w) => formatJson(reports, '1.2.3', w));
    assert.ok(pieces.length > reports.length, `${pieces.length} pieces`);
    const parsed = JSON.parse(text) as { version: string; files: { path: string; findings: unknown[] }[]; summary: { files: number } };
    assert.equal(text, `${JSON.stringify(parsed, null, 2)}\n`);
    assert.deepEqual(
      parsed.files.map((f) => [f.path, f.findings.length]),
      reports.map((r) => [r.display, r.findings.length]),
    );
    assert.equal(parsed.summary.files, 4);
  });

  it('writes SARIF in pieces whose text is JSON.stringify with two spaces', () => {
    const { pieces, text } = collect((w) => formatSarif(reports, '1.2.3', root, w));
    const parsed = JSON.parse(text) as { runs: { results: { ruleId: string; locations: unknown[] }[] }[] };
    assert.equal(text, `${JSON.stringify(parsed, null, 2)}\n`);
    const findings = reports.flatMap((r) => r.findings);
    // The list's head, each result (after the comma and line break before it, a piece of their own), and the end.
    assert.equal(pieces.length, 2 * findings.length + 1);
    assert.equal(pieces.filter((p) => p === ',\n').length, findings.length - 1);
    assert.deepEqual(
      parsed.runs[0]!.results.map((r) => r.ruleId),
      findings.map((f) => f.ruleId),
    );
  });

  it('writes an empty list as [] in both JSON formats', () => {
    for (const empty of [[], [reports[1]!]]) {
      const json = collect((w) => formatJson(empty, '1.2.3', w)).text;
      assert.equal(json, `${JSON.stringify(JSON.parse(json), null, 2)}\n`);
      const sarif = collect((w) => formatSarif(empty, '1.2.3', root, w)).text;
      assert.equal(sarif, `${JSON.stringify(JSON.parse(sarif), null, 2)}\n`);
      assert.match(sarif, /"results": \[\]\n {4}\}\n {2}\]\n\}\n$/);
    }
    assert.match(collect((w) => formatJson([], '1.2.3', w)).text, /"files": \[\],\n/);
  });

  it('writes the stylish report a file at a time, with a blank line after each file and the summary last', () => {
    const { pieces, text } = collect((w) => formatStylish(reports, false, w));
    assert.equal(pieces.length, 4);
    const lines = text.split('\n');
    assert.equal(lines[0], 'examples/Dockerfile');
    assert.equal(text.endsWith('\n'), true);
    const total = reports.reduce((n, r) => n + r.findings.length, 0);
    assert.ok(
      lines.some((l) => new RegExp(`^${total} problems \\(.*\\) in 3 files$`).test(l)),
      lines.slice(-4).join('\n'),
    );
    // Each file's part: its name, one row per finding, then an empty line.
    let at = 0;
    for (const r of reports.filter((x) => x.findings.length)) {
      assert.equal(lines[at], r.display);
      assert.equal(lines[at + r.findings.length + 1], '');
      at += r.findings.length + 2;
    }
    assert.equal(collect((w) => formatStylish([reports[1]!], false, w)).text, 'No problems found in 1 file.\n');
  });
});
