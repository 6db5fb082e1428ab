import { initEngine } from '../server/engine';
import { parseWithTreeSitter } from '../server/engine/parse/shell';
import { parseSimpleShell } from '../server/engine/parse/simpleShell';
(async () => {
  await initEngine();
  const brief = (s: any) => JSON.stringify({ cmds: s.commands.map((c: any) => `${c.name}@${c.span.start}-${c.span.end} ${c.pipelineIndex}/${c.pipelineLength} P${s.pipelines.indexOf(c.pipeline)}`), pipes: s.pipelines.map((p: any) => `[${p.commands.map((c: any) => c.name).join('|')}]@${p.span.start}-${p.span.end}`) });
  for (const t of process.argv.slice(2)) { console.log(JSON.stringify(t)); console.log('  ts:', brief(parseWithTreeSitter(t))); const s = parseSimpleShell(t); console.log('  ss:', s ? brief(s) : 'declined'); }
})();
