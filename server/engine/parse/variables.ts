/**
 * Variable substitution as Dockerfile (BuildKit) and Compose apply it:
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`,
 * `${VAR+alt}`, `${VAR:?err}`, `${VAR?err}`, and `$$` (Compose escape) when asked.
 */
import { own } from '../util/own';
export interface Substitution {
  value: string;
  /** Some variable had no value and no default. */
  unresolved: boolean;
  /** Names referenced. */
  names: string[];
}

export interface SubstituteOptions {
  /** Compose: `$$` is a literal `$`. */
  dollarEscape?: boolean;
  /** Dockerfile: the escape character that protects `$`. */
  escapeChar?: string;
  /** Keep unresolved references as written (default) or replace them with ''. */
  keepUnresolved?: boolean;
}

const MAX_DEPTH = 8;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/;

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39);
}

export function substituteVariables(
  text: string,
  vars: Readonly<Record<string, string | undefined>>,
  options: SubstituteOptions = {},
  depth = 0,
): Substitution {
  const names: string[] = [];
  let unresolved = false;
  if (text.indexOf('$') < 0) return { value: text, unresolved, names };
  const keep = options.keepUnresolved !== false;
  const esc = options.escapeChar;
  const dollarEscape = options.dollarEscape === true;
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Copy the stretch up to the next `$` (or the escape character before one) in one slice.
    let j = text.indexOf('$', i);
    if (j < 0) j = n;
    let k = esc ? text.indexOf(esc, i) : -1;
    while (k >= 0 && k < j && text[k + 1] !== '$') k = text.indexOf(esc!, k + 1);
    if (k >= 0 && k < j) {
      // `\$` (the Dockerfile escape): a literal `$`.
      out += text.slice(i, k) + '$';
      i = k + 2;
      continue;
    }
    if (j > i) out += text.slice(i, j);
    i = j;
    if (i >= n) break;
    if (dollarEscape && text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = matchBrace(text, i + 1);
      if (close < 0) {
        out += text.slice(i);
        unresolved = true;
        break;
      }
      const inner = text.slice(i + 2, close);
      const m = BRACED.exec(inner);
      if (!m) {
        out += text.slice(i, close + 1);
        i = close + 1;
        continue;
      }
      const name = m[1]!;
      names.push(name);
      const op = m[2];
      const word = m[3] ?? '';
      const v = own(vars, name);
      const set = v !== undefined;
      const nonEmpty = set && v !== '';
      const expandWord = (): string => {
        if (depth >= MAX_DEPTH) return word;
        const s = substituteVariables(word, vars, options, depth + 1);
        names.push(...s.names);
        if (s.unresolved) unresolved = true;
        return s.value;
      };
      if (!op) {
        if (set) out += v;
        else {
          unresolved = true;
          if (keep) out += text.slice(i, close + 1);
        }
      } else if (op === ':-') out += nonEmpty ? v : expandWord();
      else if (op === '-') out += set ? v : expandWord();
      else if (op === ':+') out += nonEmpty ? expandWord() : '';
      else if (op === '+') out += set ? expandWord() : '';
      else {
        // `?` / `:?`: an error when unset; treat as unresolved.
        if ((op === ':?' && nonEmpty) || (op === '?' && set)) out += v;
        else {
          unresolved = true;
          if (keep) out += text.slice(i, close + 1);
        }
      }
      i = close + 1;
      continue;
    }
    // A plain name: up to 256 characters, as before.
    let e = i + 1;
    const limit = Math.min(n, i + 1 + 256);
    if (e < limit && isNameStart(text.charCodeAt(e))) {
      e++;
      while (e < limit && isNameChar(text.charCodeAt(e))) e++;
    }
    if (e === i + 1) {
      out += '$';
      i++;
      continue;
    }
    const name = text.slice(i + 1, e);
    names.push(name);
    const v = own(vars, name);
    if (v !== undefined) out += v;
    else {
      unresolved = true;
      if (keep) out += '$' + name;
    }
    i = e;
  }
  return { value: out, unresolved, names };
}

function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const ch = text[j];
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}
