/**
 * Secrets found by the linter never leave it in clear text: every message,
 * log line, JSON or SARIF record carries the masked form.
 */
export function maskSecret(value: string): string {
  if (value.length === 0) return '';
  // Keep a short, non-secret prefix that names the kind of token (`ghp_`, `AKIA`) when present.
  const m = /^(ghp_|gho_|ghs_|ghu_|ghr_|github_pat_|glpat-|xox[abpr]-|xapp-|sk_live_|rk_live_|npm_|pypi-|AKIA|ASIA|AIza)/.exec(value);
  return (m ? m[1] : '') + '********';
}

/** Replaces every occurrence of each secret in `text` with its masked form. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4) out = out.split(s).join(maskSecret(s));
  }
  return out;
}
