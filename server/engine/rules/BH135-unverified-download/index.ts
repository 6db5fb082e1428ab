import { defineRule } from '../rule';
import type { Instruction } from '../../model/dockerfile';
import type { ShellScript, SimpleCommand } from '../../parse/shell';
import { runCommands } from '../../analysis/commands';
import { downloadOf, fileWordForms, isVerification, normalizePath, pathBaseName, pipedExtract, remoteScriptRuns, urlLabel, useOf, type UseKind } from '../../analysis/downloads';

const ACTION: Record<UseKind, string> = {
  extracts: 'unpacks it',
  installs: 'installs it',
  runs: 'runs it',
  'makes executable': 'makes it executable',
};

/** Download/command pairs compared per RUN at most. */
const MAX_COMPARISONS = 20000;

export const unverifiedDownload = defineRule({
  meta: {
    id: 'BH135',
    name: 'unverified-download',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'supply-chain',
    description: 'A RUN downloads a file and unpacks, installs or runs it without checking a checksum or signature in the same RUN.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.11 — Ensure only verified packages are installed' },
      { title: 'CIS Docker Benchmark v1.6.0 4.12 — Ensure all signed artifacts are validated' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #13: Enhance supply chain security', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      { title: 'CWE-494 — Download of Code Without Integrity Check', url: 'https://cwe.mitre.org/data/definitions/494.html' },
    ],
    fixable: 'none',
    messages: {
      unverified: '`{downloader}` downloads {url} and this RUN {action} without checking a checksum or signature. Verify it first (`echo "<sha256>  <file>" | sha256sum -c -`, or `gpg --verify`).',
    },
  },
  checkDockerfile({ model, report }) {
    const byInstruction = new Map<Instruction, { command: SimpleCommand; script: ShellScript }[]>();
    for (const site of runCommands(model)) {
      let list = byInstruction.get(site.instruction);
      if (!list) byInstruction.set(site.instruction, (list = []));
      list.push({ command: site.command, script: site.script });
    }
    for (const list of byInstruction.values()) {
      if (list.some((x) => isVerification(x.command))) continue;
      // Downloads that BH134 reports (piped into a shell) are not reported twice (most instructions have none: no set).
      let piped: Set<SimpleCommand> | undefined;
      for (const x of list) for (const r of remoteScriptRuns(x.command, x.script)) for (const c of r.downloads) (piped ??= new Set()).add(c);
      let index: Map<string, number[]> | undefined;
      let comparisons = 0;
      for (let at = 0; at < list.length; at++) {
        const { command } = list[at]!;
        if (piped?.has(command)) continue;
        const d = downloadOf(command);
        if (!d) continue;
        let use: UseKind | undefined;
        if (d.toStdout) {
          if (pipedExtract(command)) use = 'extracts';
        } else {
          index ??= wordIndex(list.map((x) => x.command));
          outer: for (const file of d.files) {
            const key = normalizePath(file);
            const base = pathBaseName(key);
            for (const arr of base === key ? [index.get(key)] : [index.get(key), index.get(base)]) {
              if (!arr) continue;
              for (let j = firstAfter(arr, at); j < arr.length; j++) {
                const later = list[arr[j]!]!;
                if (later.command.span.start < command.span.end) continue;
                // A guard against pathological RUNs (thousands of downloads naming one file).
                if (++comparisons > MAX_COMPARISONS) break outer;
                use = useOf(later.command, file);
                if (use) break outer;
              }
            }
          }
        }
        if (!use) continue;
        report({ messageId: 'unverified', data: { downloader: d.eff.baseName, url: urlLabel(d).replace('a remote script', 'a file'), action: ACTION[use] }, span: command.span });
      }
    }
  },
});

/**
 * For each word form (normalised path and its last segment), the commands
 * that mention it, so that each download is compared with the few commands
 * that can name its file rather than with every command of the RUN.
 */
function wordIndex(commands: SimpleCommand[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i]!;
    if (c.nameWord) indexWord(index, c.nameWord.value, i);
    for (const w of c.args) indexWord(index, w.value, i);
  }
  return index;
}

/** Files `value` can name (its normalised forms and their last segments), under command `i`. */
function indexWord(index: Map<string, number[]>, value: string, i: number): void {
  for (const form of fileWordForms(value)) {
    const key = normalizePath(form);
    indexKey(index, key, i);
    const base = pathBaseName(key);
    if (base !== key) indexKey(index, base, i);
  }
}

function indexKey(index: Map<string, number[]>, key: string, i: number): void {
  if (key === '') return;
  const list = index.get(key);
  if (!list) index.set(key, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

/** The first position in the ascending `arr` whose value is greater than `at`. */
function firstAfter(arr: readonly number[], at: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
