import { Parser, Language } from 'web-tree-sitter';
import * as fs from 'node:fs';
(async () => {
  await Parser.init();
  const lang = await Language.load(fs.readFileSync('/work/main/node_modules/tree-sitter-bash/tree-sitter-bash.wasm'));
  const p = new Parser(); p.setLanguage(lang);
  for (const t of process.argv.slice(2)) {
    const tree = p.parse(t)!;
    const show = (n: any, d: number): string => n.namedChildCount === 0 ? `${n.type}` : `(${n.type} ${n.namedChildren.map((c: any) => show(c, d + 1)).join(' ')})`;
    console.log(JSON.stringify(t), '=>', show(tree.rootNode, 0));
  }
})();
