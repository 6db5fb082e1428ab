/**
 * Every rule in the registry has a folder with its module and docs page, the
 * page has the fixed headings, and docs/rules/ is up to date. A rule folder
 * that is not in the registry fails too.
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES, SYSTEM_RULES, defaultConfig, initEngine, lint, memoryHost, type AnyRule, type BulkheadConfig } from '../../server/engine';
import { generate, docsDir, root, ruleSourcePage } from '../../scripts/docs';

const HEADINGS = ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Fix safety', '## Options', '## References'];

/** The first fenced code block under a heading of a docs page. */
function blockUnder(text: string, heading: string): string | undefined {
  const at = text.indexOf(`\n${heading}\n`);
  if (at < 0) return undefined;
  const next = text.indexOf('\n## ', at + heading.length + 2);
  const section = text.slice(at, next < 0 ? undefined : next);
  return /```(?:dockerfile|docker|yaml|yml)\n([\s\S]*?)```/.exec(section)?.[1];
}

/**
 * Config for a page's examples, for rules that only work when configured:
 * `<!-- example-config: {"trustedRegistries": ["registry.example.com"]} -->`
 * anywhere on the page.
 */
function exampleConfig(text: string): Partial<BulkheadConfig> {
  const m = /<!--\s*example-config:\s*(\{[\s\S]*?\})\s*-->/.exec(text);
  return m ? (JSON.parse(m[1]!) as Partial<BulkheadConfig>) : {};
}

/** Lints a docs example as the rule's kind of file, with the rule on at its default severity. */
function findingsOf(rule: AnyRule, code: string, extra: Partial<BulkheadConfig>): string[] {
  const kind = rule.meta.appliesTo[0]!;
  const config = { ...defaultConfig(), ...extra };
  config.rules = { ...config.rules, [rule.meta.id]: { severity: rule.meta.defaultSeverity } };
  const res = lint({ path: kind === 'dockerfile' ? '/docs/example/Dockerfile' : '/docs/example/compose.yaml', text: code, kind }, { config, host: memoryHost({}) });
  assert.deepEqual(res.failures, [], 'the rule fails on its own example');
  return res.findings.filter((f) => f.ruleId === rule.meta.id).map((f) => f.message);
}

describe('rule docs', () => {
  before(async () => {
    await initEngine();
  });
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
      assert.ok(!/\{\w+\}/.test(rule.meta.description), 'the description is a sentence, not a message template');
    });
  }

  for (const rule of ALL_RULES.filter((r) => !SYSTEM_RULES.has(r.meta.id))) {
    it(`${rule.meta.id}: the docs' Example produces the finding and Use instead does not`, () => {
      const text = fs.readFileSync(ruleSourcePage(rule), 'utf8');
      const example = blockUnder(text, '## Example');
      const fixed = blockUnder(text, '## Use instead');
      assert.ok(example !== undefined, 'no ```dockerfile / ```yaml block under ## Example');
      assert.ok(fixed !== undefined, 'no ```dockerfile / ```yaml block under ## Use instead');
      assert.ok(findingsOf(rule, example, exampleConfig(text)).length > 0, `the Example does not produce ${rule.meta.id}:\n${example}`);
      assert.deepEqual(findingsOf(rule, fixed, exampleConfig(text)), [], `the Use instead block still produces ${rule.meta.id}`);
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
