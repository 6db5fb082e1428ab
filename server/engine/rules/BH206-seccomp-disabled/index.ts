import { defineRule } from '../rule';
import type { Host } from '../../host';
import type { RelatedLocation } from '../../types';
import { dirname, resolvePath } from '../../util/paths';
import { serviceList } from '../BH202-dangerous-capability/capabilities';
import { flaggedEntries, removeFlagged, type SecurityOptEntry } from '../../analysis/composeIsolation';

/** Actions that let a system call through (`SCMP_ACT_LOG` only logs it). */
const ALLOWING = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG']);

interface Disabled {
  kind: 'unconfined' | 'allowAll';
  profile?: string;
  related?: RelatedLocation[];
}

/**
 * Whether a seccomp profile (Docker's JSON format) lets every system call
 * through: an allowing default action and no rule with another action.
 * Undefined when the text is not such a profile.
 */
export function profileAllowsAll(text: string): boolean | undefined {
  let profile: unknown;
  try {
    profile = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!profile || typeof profile !== 'object' || Array.isArray(profile)) return undefined;
  const p = profile as { defaultAction?: unknown; syscalls?: unknown };
  if (typeof p.defaultAction !== 'string') return undefined;
  if (!ALLOWING.has(p.defaultAction)) return false;
  if (p.syscalls === undefined || p.syscalls === null) return true;
  if (!Array.isArray(p.syscalls)) return undefined;
  return p.syscalls.every((s) => s && typeof s === 'object' && typeof (s as { action?: unknown }).action === 'string' && ALLOWING.has((s as { action: string }).action));
}

function judge(entry: SecurityOptEntry, folder: string, host: Host | undefined): Disabled | undefined {
  const opt = entry.opt;
  if (opt?.key !== 'seccomp' || opt.value === undefined) return undefined;
  if (opt.value === 'unconfined') return { kind: 'unconfined' };
  if (opt.value === 'builtin' || opt.value === '' || !host) return undefined;
  // Compose reads the profile file itself, relative to the project folder, and sends its contents.
  const path = resolvePath(folder, opt.value);
  const text = host.readFile(path);
  if (text === undefined || profileAllowsAll(text) !== true) return undefined;
  const at = text.indexOf('"defaultAction"');
  const span = at >= 0 ? { start: at, end: at + '"defaultAction"'.length } : { start: 0, end: 0 };
  return { kind: 'allowAll', profile: opt.value, related: [{ path, span, text, message: 'The profile allows every system call.' }] };
}

export const seccompDisabled = defineRule({
  meta: {
    id: 'BH206',
    name: 'seccomp-disabled',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'isolation',
    description: "A service turns off Docker's default seccomp filter (`seccomp:unconfined`) or replaces it with a profile that allows every system call.",
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 5.22 — Ensure the default seccomp profile is not Disabled' },
      { title: 'Docker docs — Seccomp security profiles for Docker', url: 'https://docs.docker.com/engine/security/seccomp/' },
      { title: 'seccomp(2)', url: 'https://man7.org/linux/man-pages/man2/seccomp.2.html' },
    ],
    fixable: 'unsafe',
    messages: {
      unconfined:
        "Service {services} runs without a seccomp filter (`{entry}`): every system call reaches the host kernel, including those Docker blocks by default (`keyctl`, `bpf`, `userfaultfd`, `unshare`…), which makes kernel exploits and escapes easier. Remove it, or use a profile that allows only what is needed.",
      unconfinedShared:
        'Services {services} run without a seccomp filter through this shared entry: every system call reaches the host kernel, including those Docker blocks by default, which makes kernel exploits and escapes easier. Remove it, or use a profile that allows only what is needed.',
      allowAll:
        'Service {services} uses the seccomp profile `{profile}`, which allows every system call: it is the same as no filter at all. Remove it to get Docker\'s default profile, or make the profile deny by default.',
      allowAllShared:
        'Services {services} use the seccomp profile `{profile}` through this shared entry; it allows every system call, which is the same as no filter at all. Remove it to get Docker\'s default profile, or make the profile deny by default.',
    },
  },
  checkCompose({ model, report, file, host }) {
    const folder = dirname(file.path);
    const cache = new Map<SecurityOptEntry['text'], Disabled | undefined>();
    const judged = (e: SecurityOptEntry): Disabled | undefined => {
      if (!cache.has(e.text)) cache.set(e.text, judge(e, folder, host));
      return cache.get(e.text);
    };
    for (const f of flaggedEntries(model, 'security_opt', judged)) {
      const shared = f.services.length > 1;
      const edits = removeFlagged(model, f, (e) => judged(e) !== undefined);
      const fixes = edits ? [{ id: 'remove-seccomp-option', title: "Remove the seccomp option (Docker's default filter applies again)", safe: false, edits }] : [];
      if (f.detail.kind === 'unconfined') {
        report({ messageId: shared ? 'unconfinedShared' : 'unconfined', data: { services: serviceList(f.services), entry: f.entry.text }, span: f.entry.span, fixes });
      } else {
        report({
          messageId: shared ? 'allowAllShared' : 'allowAll',
          data: { services: serviceList(f.services), profile: f.detail.profile! },
          span: f.entry.span,
          fixes,
          related: f.detail.related,
        });
      }
    }
  },
});
