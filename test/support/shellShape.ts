/**
 * Compares the simple-shell fast path with the tree-sitter walk on one
 * script: everything rules can read of a ShellScript, as one value.
 */
import { parseSimpleShell } from '../../server/engine/parse/simpleShell';
import { clearShellCache, parseShell, parseWithTreeSitter, type ShellScript } from '../../server/engine/parse/shell';

/** Everything rules read of a script, as one comparable value. */
export function scriptShape(s: ShellScript): unknown {
  return {
    hasErrors: s.hasErrors,
    pipelines: s.pipelines.map((p) => [p.span, p.commands.map((c) => s.commands.indexOf(c))]),
    commands: s.commands.map((c) => ({
      name: c.name,
      baseName: c.baseName,
      nameWord: c.nameWord,
      args: c.args,
      assignments: c.assignments,
      redirects: c.redirects,
      span: c.span,
      pipelineIndex: c.pipelineIndex,
      pipelineLength: c.pipelineLength,
      pipeline: [s.pipelines.indexOf(c.pipeline), c.pipeline.span, c.pipeline.commands.map((x) => s.commands.indexOf(x))],
      inSubstitution: c.inSubstitution,
      inSubshell: c.inSubshell,
    })),
  };
}

/** Undefined when the fast path declines `text` or builds what tree-sitter gives; else both shapes. */
export function fastPathMismatch(text: string): string | undefined {
  const fast = parseSimpleShell(text);
  if (!fast) return undefined;
  const a = JSON.stringify(scriptShape(fast));
  const b = JSON.stringify(scriptShape(parseWithTreeSitter(text)));
  return a === b ? undefined : `${JSON.stringify(text)}\n  fast: ${a}\n  tree: ${b}`;
}

/** `shape` with every span (an object with `start` and `end`) moved by `delta`. */
function moved(shape: unknown, delta: number): unknown {
  if (Array.isArray(shape)) return shape.map((x) => moved(x, delta));
  if (shape && typeof shape === 'object') {
    const o = shape as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2) return { start: o.start + delta, end: o.end + delta };
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, moved(v, delta)]));
  }
  return shape;
}

/**
 * Undefined when `parseShell` places `text` right: parsed at one offset (moved
 * there in place) and then asked for at another (a copy moved from the first),
 * each equals the parse from 0 with every span moved by its offset.
 */
export function placementMismatch(text: string): string | undefined {
  const reference = parseSimpleShell(text) ?? parseWithTreeSitter(text);
  const want = (offset: number) => JSON.stringify(moved(scriptShape(reference), offset));
  clearShellCache();
  for (const offset of [13, 13, 5, 0]) {
    const got = parseShell(text, offset);
    if (got.hasErrors !== reference.hasErrors || got.commands.length !== reference.commands.length) return `${JSON.stringify(text)} at ${offset}: a different parse`;
    const a = JSON.stringify(scriptShape(got));
    if (a !== want(offset)) return `${JSON.stringify(text)} at ${offset}\n  got:  ${a}\n  want: ${want(offset)}`;
  }
  return undefined;
}
