/**
 * CLI report formats. Positions are 1-based lines and 1-based UTF-16 columns,
 * computed by the engine's LineIndex. Messages arrive from the engine with
 * secrets already masked, and no format prints source lines.
 *
 * Each format hands its text to `write` in pieces, a file's part at a time,
 * as the files come (`ReportStream`), and the pieces joined are the whole
 * report. A report built as one string (11 MB of JSON for the corpus) was
 * copied once more before it was written: V8 flattens a string made of many
 * parts into a new one, two bytes per character as soon as one character is
 * outside Latin-1 (22 MB of new memory).
 */
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_RULES, ruleDocUrl, type FileKind, type Finding, type LineIndex, type Severity } from '../engine';

export interface FileReport {
  path: string;
  /** Relative to the working folder. */
  display: string;
  kind: FileKind;
  /** 1-based lines and columns of the offsets the report prints (a LineIndex, or the positions a lint kept). */
  lines: Pick<LineIndex, 'oneBased'>;
  findings: Finding[];
  /** Safe fixes applied by `--fix`. */
  fixed?: number;
  failOn?: Severity;
}

function positions(r: FileReport, f: Finding): { line: number; column: number; endLine: number; endColumn: number } {
  const s = r.lines.oneBased(f.span.start);
  const e = r.lines.oneBased(f.span.end);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/** The counts a report ends with, kept as its files are written. */
class Tally {
  files = 0;
  withFindings = 0;
  errors = 0;
  warnings = 0;
  info = 0;
  fixable = 0;
  fixed = 0;

  add(r: FileReport): void {
    this.files++;
    if (r.findings.length > 0) this.withFindings++;
    this.fixed += r.fixed ?? 0;
    for (const f of r.findings) {
      if (f.severity === 'error') this.errors++;
      else if (f.severity === 'warning') this.warnings++;
      else this.info++;
      if (f.fixes.some((x) => x.safe)) this.fixable++;
    }
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Where a format writes its report, piece by piece. */
export type Write = (text: string) => void;

/**
 * A report written as its files come, in order (the CLI writes each file's
 * part as soon as it and the files before it are linted, and keeps none of
 * them): `file` for each file, then `end`.
 */
export interface ReportStream {
  file(r: FileReport): void;
  end(): void;
}

export function stylishReport(colour: boolean, write: Write): ReportStream {
  const c = (code: string, s: string): string => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
  const sevText: Record<Severity, string> = { error: c('31', 'error'), warning: c('33', 'warning'), info: c('36', 'info') };
  const s = new Tally();
  return {
    file(r) {
      s.add(r);
      if (r.findings.length === 0) return;
      const out: string[] = [c('4', r.display)];
      const rows = r.findings.map((f) => {
        const p = positions(r, f);
        return { where: `${p.line}:${p.column}`, sev: f.severity, message: f.message, rule: f.ruleId };
      });
      const w0 = Math.max(...rows.map((x) => x.where.length));
      const w2 = Math.max(...rows.map((x) => x.message.length));
      for (const x of rows) {
        out.push(`  ${x.where.padEnd(w0)}  ${sevText[x.sev]}${' '.repeat(7 - x.sev.length)}  ${x.message.padEnd(Math.min(w2, 100))}  ${c('2', x.rule)}`);
      }
      out.push('', '');
      write(out.join('\n'));
    },
    end() {
      const out: string[] = [];
      const total = s.errors + s.warnings + s.info;
      if (s.fixed) out.push(`Fixed ${plural(s.fixed, 'problem')} in place.`);
      if (total === 0) {
        out.push(`No problems found in ${plural(s.files, 'file')}.`);
      } else {
        const line = `${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.info} info) in ${plural(s.withFindings, 'file')}`;
        out.push(c(s.errors ? '31;1' : '33;1', line));
        if (s.fixable) out.push(`${plural(s.fixable, 'problem')} can be fixed safely with --fix.`);
      }
      write(out.join('\n') + '\n');
    },
  };
}

export function formatStylish(reports: FileReport[], colour: boolean, write: Write): void {
  writeAll(stylishReport(colour, write), reports);
}

function writeAll(stream: ReportStream, reports: readonly FileReport[]): void {
  for (const r of reports) stream.file(r);
  stream.end();
}

/** Stands for the list a JSON report writes an item at a time (see `jsonList`). */
const LIST: readonly never[] = Object.freeze([]);
const LIST_MARKER = JSON.stringify('\u0000bulkhead-list\u0000');

/** `JSON.stringify(root, null, 2)` around `LIST`: the text before it, after it, and its indentation. */
function splitAtList(root: object): { head: string; after: string; indent: string } {
  const text = JSON.stringify(root, (_key, value: unknown) => (value === LIST ? JSON.parse(LIST_MARKER) : value), 2);
  const at = text.indexOf(LIST_MARKER);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  let indent = '';
  while (text[lineStart + indent.length] === ' ') indent += ' ';
  return { head: text.slice(0, at), after: `${text.slice(at + LIST_MARKER.length)}\n`, indent };
}

/**
 * Writes `JSON.stringify(root, null, 2) + '\n'` with a list inside `root`
 * (written `LIST` there) an item at a time, as the items come. An item's
 * text is `JSON.stringify(item, null, 2)` with every line break followed by
 * the list's indentation: JSON strings escape their line breaks, so each one
 * is the layout's, and `JSON.stringify` indents by depth alone. What follows
 * the list (a summary) is written at the end, from the root `end` is given;
 * only the list's items may come after it in `root`.
 */
function jsonList(root: object, write: Write): { add(item: unknown): void; end(root: object): void } {
  const { head, indent } = splitAtList(root);
  const inner = `${indent}  `;
  // An item nested in as many arrays as the list is deep is indented as the list's item by
  // JSON.stringify itself: its text is cut out of that, with no copy to indent each line.
  const depth = inner.length / 2;
  const nest = (item: unknown): unknown => {
    let v = item;
    for (let d = 0; d < depth; d++) v = [v];
    return v;
  };
  const probe = JSON.stringify(nest(JSON.parse(LIST_MARKER)), null, 2);
  const at = probe.indexOf(LIST_MARKER);
  const before = at - inner.length;
  const after = probe.length - at - LIST_MARKER.length;
  let count = 0;
  return {
    add(item) {
      if (count === 0) write(`${head}[\n`);
      else write(',\n');
      const text = JSON.stringify(nest(item), null, 2);
      write(text.slice(before, text.length - after));
      count++;
    },
    end(final) {
      const { after } = splitAtList(final);
      write(count === 0 ? `${head}[]${after}` : `\n${indent}]${after}`);
    },
  };
}

export function jsonReport(version: string, write: Write): ReportStream {
  const s = new Tally();
  const root = (): object => ({ version, files: LIST, summary: { files: s.files, errors: s.errors, warnings: s.warnings, info: s.info, fixable: s.fixable, fixed: s.fixed } });
  const list = jsonList(root(), write);
  return {
    file(r) {
      s.add(r);
      list.add({
        path: r.display,
        kind: r.kind,
        fixed: r.fixed ?? 0,
        findings: r.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleName: f.ruleName,
          severity: f.severity,
          message: f.message,
          ...positions(r, f),
          fixes: f.fixes.map((x) => ({ id: x.id, title: x.title, safe: x.safe })),
        })),
      });
    },
    end: () => list.end(root()),
  };
}

export function formatJson(reports: FileReport[], version: string, write: Write): void {
  writeAll(jsonReport(version, write), reports);
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function sarifReport(version: string, cwd: string, write: Write): ReportStream {
  const rules = ALL_RULES.map((r) => ({
    id: r.meta.id,
    name: r.meta.name,
    shortDescription: { text: r.meta.description },
    fullDescription: { text: r.meta.description },
    helpUri: ruleDocUrl(r.meta),
    help: { text: `${r.meta.description} See ${ruleDocUrl(r.meta)}` },
    defaultConfiguration: { level: SARIF_LEVEL[r.meta.defaultSeverity] },
    properties: { tags: ['security', r.meta.category], ...(r.meta.references.length ? { references: r.meta.references.map((x) => x.title) } : {}) },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const uriOf = (p: string): string => {
    const rel = relative(cwd, p);
    return rel.startsWith('..') || isAbsolute(rel) ? pathToFileURL(p).toString() : rel.split(sep).map(encodeURIComponent).join('/');
  };
  const result = (r: FileReport, f: Finding): unknown => {
    const p = positions(r, f);
    const uri = uriOf(r.path);
    const artifactLocation = uri.startsWith('file:') ? { uri } : { uri, uriBaseId: '%SRCROOT%' };
    const safe = f.fixes.filter((x) => x.safe);
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? -1,
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation, region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn } } }],
      ...(safe.length
        ? {
            fixes: safe.map((x) => ({
              description: { text: x.title },
              artifactChanges: [
                {
                  artifactLocation,
                  replacements: x.edits.map((e) => {
                    const s = r.lines.oneBased(e.start);
                    const en = r.lines.oneBased(e.end);
                    return { deletedRegion: { startLine: s.line, startColumn: s.column, endLine: en.line, endColumn: en.column }, insertedContent: { text: e.text } };
                  }),
                },
              ],
            })),
          }
        : {}),
    };
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Bulkhead', version, semanticVersion: version, informationUri: 'https://github.com/bulkhead-dev/bulkhead', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + sep).toString() } },
        columnKind: 'utf16CodeUnits',
        results: LIST,
      },
    ],
  };
  const list = jsonList(sarif, write);
  return {
    file(r) {
      for (const f of r.findings) list.add(result(r, f));
    },
    end: () => list.end(sarif),
  };
}

export function formatSarif(reports: FileReport[], version: string, cwd: string, write: Write): void {
  writeAll(sarifReport(version, cwd, write), reports);
}
