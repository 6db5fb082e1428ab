/**
 * Compares the simple-shell fast path with the tree-sitter walk on one
 * script: everything rules can read of a ShellScript, as one value.
 */
import { parseSimpleShell } from '../../server/engine/parse/simpleShell';
import { parseWithTreeSitter, type ShellScript } from '../../server/engine/parse/shell';

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
