/**
 * Runs every rule over the real-world files in ../shared/corpus and reports,
 * per rule, how many files it fires on and how many findings it makes; with
 * `--rule`, prints a sample of findings with their source line so false
 * positives can be read. `--write` stores the counts in docs/corpus-stats.json,
 * which the rules index shows.
 *
 *   node --import tsx scripts/corpus-stats.ts                 counts for every rule
 *   node --import tsx scripts/corpus-stats.ts --rule BH105 --sample 40 [--seed 3]
 *   node --import tsx scripts/corpus-stats.ts --write
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initEngine, lint, nodeFileHost, LineIndex, ALL_RULES, type FileKind, type Finding } from '../server/engine';

const root = path.resolve(__dirname, '..');
const corpusDir = process.env.BULKHEAD_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
export const statsFile = path.join(root, 'docs', 'corpus-stats.json');

export interface CorpusStats {
  files: { dockerfile: number; compose: number };
  rules: Record<string, { files: number; findings: number }>;
}

function arg(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === name && process.argv[i + 1]) out.push(process.argv[i + 1]!);
  });
  return out;
}

async function main(): Promise<void> {
  const manifest = path.join(corpusDir, 'MANIFEST.tsv');
  if (!fs.existsSync(manifest)) {
    console.error(`no corpus at ${corpusDir}`);
    process.exit(2);
  }
  await initEngine();
  const entries = fs
    .readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((r) => r.split('\t'))
    .map((c) => ({ rel: c[0]!, kind: c[5] as FileKind }));
  const wanted = new Set(arg('--rule').map((r) => r.toUpperCase()));
  const sample = Number(arg('--sample')[0] ?? 25);
  let seed = Number(arg('--seed')[0] ?? 1);
  const host = nodeFileHost();
  const stats: CorpusStats = { files: { dockerfile: 0, compose: 0 }, rules: {} };
  for (const r of ALL_RULES) stats.rules[r.meta.id] = { files: 0, findings: 0 };
  const picked: { rel: string; text: string; f: Finding }[] = [];
  for (const e of entries) {
    const abs = path.join(corpusDir, e.rel);
    const text = fs.readFileSync(abs, 'utf8');
    stats.files[e.kind]++;
    const res = lint({ path: abs, text, kind: e.kind }, { host });
    for (const f of res.failures) console.error(`FAILURE ${e.rel}: ${f.ruleId}: ${f.message}`);
    const seen = new Set<string>();
    for (const f of res.findings) {
      const s = (stats.rules[f.ruleId] ??= { files: 0, findings: 0 });
      s.findings++;
      if (!seen.has(f.ruleId)) s.files++;
      seen.add(f.ruleId);
      if (wanted.has(f.ruleId)) picked.push({ rel: e.rel, text, f });
    }
  }
  if (process.argv.includes('--write')) {
    fs.writeFileSync(statsFile, JSON.stringify(stats, null, 2) + '\n');
    console.log(`wrote ${path.relative(root, statsFile)}`);
  }
  if (wanted.size === 0) {
    console.log(`corpus: ${stats.files.dockerfile} Dockerfiles, ${stats.files.compose} compose files`);
    for (const [id, s] of Object.entries(stats.rules)) console.log(`${id.padEnd(6)} ${String(s.files).padStart(5)} files ${String(s.findings).padStart(6)} findings`);
    return;
  }
  for (const id of wanted) console.log(`${id}: ${stats.rules[id]?.files ?? 0} files, ${stats.rules[id]?.findings ?? 0} findings`);
  // A reproducible shuffle, so that `--seed` shows another sample.
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = picked.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [picked[i], picked[j]] = [picked[j]!, picked[i]!];
  }
  for (const { rel, text, f } of picked.slice(0, sample)) {
    const lines = new LineIndex(text);
    const p = lines.positionAt(f.span.start);
    console.log(`\n${rel}:${p.line + 1}:${p.character + 1} ${f.ruleId} ${f.severity}: ${f.message}`);
    console.log(`  | ${lines.lineText(p.line).slice(0, 200)}`);
  }
}

if (require.main === module) void main();
