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
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (options.escapeChar && c === options.escapeChar && text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (options.dollarEscape && text[i + 1] === '$') {
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
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/.exec(inner);
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
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1, i + 1 + 256));
    if (!m) {
      out += c;
      i++;
      continue;
    }
    const name = m[0];
    names.push(name);
    const v = own(vars, name);
    if (v !== undefined) out += v;
    else {
      unresolved = true;
      if (keep) out += '$' + name;
    }
    i += 1 + name.length;
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
