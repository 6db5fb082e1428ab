/**
 * `bulkhead --pin`: pins every image reference of the named files to the
 * digest its tag points at now (`--refresh-pins` updates existing pins),
 * writing the files or, with `--dry-run`, printing a unified diff. Lookups go
 * through the engine's registry client with the digest cache shared with the
 * language server. A file whose lookups fail is left as it was for those
 * references, and the failure is reported as `path:line:col`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  applyEdits,
  defaultCacheFile,
  dockerConfigCredentials,
  fileCacheStore,
  imageSites,
  LineIndex,
  nodeHttpTransport,
  parseDotEnv,
  PersistentDigestCache,
  pinSites,
  RegistryClient,
  type BulkheadConfig,
  type FileKind,
} from '../engine';

export interface PinTarget {
  path: string;
  kind: FileKind;
}

export interface PinOptions {
  mode: 'pin' | 'refresh';
  dryRun: boolean;
  insecureRegistries: string[];
  allowCredentialHelpers: boolean;
  cwd: string;
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Returns the exit code: 0 all looked up, 2 some lookups failed (the rest is written). */
export async function runPin(targets: readonly PinTarget[], configs: Map<string, BulkheadConfig>, o: PinOptions): Promise<number> {
  const client = new RegistryClient({
    transport: nodeHttpTransport(),
    credentials: dockerConfigCredentials({ allowHelpers: o.allowCredentialHelpers }),
    cache: new PersistentDigestCache(fileCacheStore(defaultCacheFile())),
    insecureRegistries: o.insecureRegistries,
  });
  let failed = 0;
  let changedFiles = 0;
  let changedRefs = 0;
  for (const t of targets) {
    const display = relative(o.cwd, t.path) || t.path;
    let raw: string;
    try {
      raw = readFileSync(t.path, 'utf8');
    } catch (e) {
      o.err(`${display}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`);
      failed++;
      continue;
    }
    const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
    const text = bom ? raw.slice(1) : raw;
    let env: Record<string, string> = {};
    if (t.kind === 'compose') {
      try {
        env = parseDotEnv(readFileSync(join(dirname(t.path), '.env'), 'utf8'));
      } catch {
        /* no .env */
      }
    }
    const sites = imageSites({ text, kind: t.kind, buildArgs: configs.get(t.path)?.buildArgs, env });
    const outcome = await pinSites(sites, client, { mode: o.mode });
    const lines = new LineIndex(text);
    for (const f of outcome.failed) {
      const { line, column } = lines.oneBased(f.site.span.start);
      o.err(`${display}:${line}:${column}: error: ${f.message}\n`);
      failed++;
    }
    if (outcome.edits.length === 0) continue;
    const next = applyEdits(text, outcome.edits);
    changedFiles++;
    changedRefs += outcome.changed.length;
    if (o.dryRun) o.out(unifiedDiff(display, text, next));
    else writeFileSync(t.path, bom + next);
  }
  const verb = o.mode === 'pin' ? 'pinned' : 'refreshed';
  o.err(`${o.dryRun ? 'would have ' : ''}${verb} ${changedRefs} image reference${changedRefs === 1 ? '' : 's'} in ${changedFiles} file${changedFiles === 1 ? '' : 's'}` + (failed ? `; ${failed} lookup${failed === 1 ? '' : 's'} failed` : '') + '\n');
  return failed ? 2 : 0;
}

/** A unified diff of two texts whose lines were edited in place (pinning never adds or removes lines). */
export function unifiedDiff(name: string, a: string, b: string): string {
  const al = a.split(/(?<=\n)/);
  const bl = b.split(/(?<=\n)/);
  const out = [`--- a/${name}\n`, `+++ b/${name}\n`];
  const n = Math.max(al.length, bl.length);
  for (let i = 0; i < n; i++) {
    if (al[i] === bl[i]) continue;
    let j = i;
    while (j < n && al[j] !== bl[j]) j++;
    const ctxStart = Math.max(0, i - 1);
    const ctxEnd = Math.min(n, j + 1);
    const oldLines = al.slice(ctxStart, Math.min(ctxEnd, al.length));
    const newLines = bl.slice(ctxStart, Math.min(ctxEnd, bl.length));
    out.push(`@@ -${ctxStart + 1},${oldLines.length} +${ctxStart + 1},${newLines.length} @@\n`);
    for (let k = ctxStart; k < ctxEnd; k++) {
      if (k >= i && k < j) {
        if (al[k] !== undefined) out.push('-' + withEol(al[k]!));
      } else if (al[k] !== undefined) out.push(' ' + withEol(al[k]!));
    }
    for (let k = i; k < j; k++) if (bl[k] !== undefined) out.push('+' + withEol(bl[k]!));
    i = j;
  }
  return out.join('');
}

function withEol(line: string): string {
  return line.endsWith('\n') ? line : line + '\n\\ No newline at end of file\n';
}
