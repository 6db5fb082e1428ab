/**
 * Every rule in the registry has a folder with its module and docs page, the
 * page has the fixed headings, and docs/rules/ is up to date. A rule folder
 * that is not in the registry fails too.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES, SYSTEM_RULES } from '../../server/engine';
import { generate, docsDir, root, ruleSourcePage } from '../../scripts/docs';

const HEADINGS = ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Fix safety', '## Options', '## References'];

describe('rule docs', () => {
  for (const rule of ALL_RULES) {
    it(`${rule.meta.id} ${rule.meta.name} has a complete docs page`, () => {
      const page = ruleSourcePage(rule);
      assert.ok(fs.existsSync(page), `missing ${path.relative(root, page)}`);
      const text = fs.readFileSync(page, 'utf8');
      assert.ok(text.startsWith(`# ${rule.meta.id} \`${rule.meta.name}\``), `${path.relative(root, page)} must start with "# ${rule.meta.id} \`${rule.meta.name}\`"`);
      let last = -1;
      for (const h of HEADINGS) {
        const at = text.indexOf(`\n${h}\n`);
        assert.ok(at > last, `${path.relative(root, page)}: heading "${h}" missing or out of order`);
        last = at;
      }
      assert.ok(!/\bTODO\b/.test(text), 'docs page has a TODO');
      assert.ok(rule.meta.description.length > 20 && !/TODO/.test(rule.meta.description), 'rule has a real description');
    });
  }

  it('every rule folder is registered', () => {
    const rulesDir = path.join(root, 'server', 'engine', 'rules');
    const registered = new Set(ALL_RULES.filter((r) => !SYSTEM_RULES.has(r.meta.id)).map((r) => `${r.meta.id}-${r.meta.name}`));
    const folders = fs.readdirSync(rulesDir).filter((n) => /^BH\d{3}-/.test(n));
    assert.deepEqual(folders.filter((f) => !registered.has(f)), [], 'rule folders missing from the registry (or named differently from id-name)');
    assert.deepEqual([...registered].filter((r) => !folders.includes(r)), [], 'registered rules without a folder');
  });

  it('docs/rules is generated from the rule pages (run `npm run docs`)', () => {
    for (const [name, content] of generate()) {
      const p = path.join(docsDir, name);
      assert.ok(fs.existsSync(p), `docs/rules/${name} missing`);
      assert.equal(fs.readFileSync(p, 'utf8'), content, `docs/rules/${name} is stale`);
    }
  });
});
