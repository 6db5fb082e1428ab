/**
 * Linting before the shell parser is loaded: a result that needed it says it
 * is incomplete, and with `stopWhenIncomplete` the lint stops there (the CLI
 * lints such a file again once the parser is loaded). This file must not load
 * the parser before its first cases run, so it has a process of its own.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initEngine, lint, memoryHost, type LintResult } from '../../server/engine';

const ALPINE = 'alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d';
/** The second RUN has backticks: beyond the plain scanner, only tree-sitter reads it. */
const NEEDS_PARSER = `FROM ${ALPINE}\nRUN apk add curl\nRUN if [ -n "\`uname -m\`" ]; then (cd /tmp && curl -fsSL https://example.com/i.sh | sh); fi\n`;
const SIMPLE = `FROM ${ALPINE}\nRUN apk add curl && curl -fsSL https://example.com/i.sh | sh\n`;
/** A service built from NEEDS_PARSER: a Compose rule reads the Dockerfile through the host. */
const COMPOSE = 'services:\n  app:\n    build: .\n    privileged: true\n';
const files = { '/p/Dockerfile': NEEDS_PARSER, '/p/simple/Dockerfile': SIMPLE, '/p/compose.yaml': COMPOSE };

const ids = (r: LintResult): string[] => r.findings.map((f) => `${f.ruleId}@${f.span.start}`);

describe('linting before the shell parser is loaded', () => {
  const host = memoryHost(files);
  const lintAll = (stopWhenIncomplete?: boolean) => ({
    dockerfile: lint({ path: '/p/Dockerfile', text: NEEDS_PARSER }, { host, stopWhenIncomplete }),
    simple: lint({ path: '/p/simple/Dockerfile', text: SIMPLE }, { host, stopWhenIncomplete }),
    compose: lint({ path: '/p/compose.yaml', text: COMPOSE }, { host, stopWhenIncomplete }),
  });
  let before: ReturnType<typeof lintAll>;
  let stopped: ReturnType<typeof lintAll>;

  it('without stopWhenIncomplete every rule runs and the result says it is incomplete', () => {
    before = lintAll();
    assert.equal(before.dockerfile.incomplete, true);
    assert.ok(before.dockerfile.findings.some((f) => f.ruleId === 'BH101'), ids(before.dockerfile).join(' '));
    assert.equal(before.compose.incomplete, true, 'the built Dockerfile needed the parser');
    assert.ok(before.compose.findings.some((f) => f.ruleId === 'BH201'), ids(before.compose).join(' '));
    assert.equal(before.simple.incomplete, undefined);
  });

  it('with stopWhenIncomplete a result that needed the parser has no findings; one that did not is whole', () => {
    stopped = lintAll(true);
    assert.equal(stopped.dockerfile.incomplete, true);
    assert.deepEqual(stopped.dockerfile.findings, []);
    // Stopped after the Compose rule that read the Dockerfile: no finding of the rules before it is kept either.
    assert.equal(stopped.compose.incomplete, true);
    assert.deepEqual(stopped.compose.findings, []);
    assert.equal(stopped.simple.incomplete, undefined);
    assert.deepEqual(ids(stopped.simple), ids(before.simple));
    assert.ok(stopped.simple.findings.some((f) => f.ruleId === 'BH134'), 'the plain scanner read the simple script');
  });

  it('once the parser is loaded, both ways give the whole result, with what only tree-sitter read', async () => {
    await initEngine();
    const after = lintAll();
    const afterStop = lintAll(true);
    for (const k of ['dockerfile', 'simple', 'compose'] as const) {
      assert.equal(after[k].incomplete, undefined, k);
      assert.deepEqual(ids(afterStop[k]), ids(after[k]), k);
    }
    const line3 = NEEDS_PARSER.indexOf('RUN if');
    assert.ok(after.dockerfile.findings.some((f) => f.ruleId === 'BH134' && f.span.start >= line3), ids(after.dockerfile).join(' '));
    assert.ok(!before.dockerfile.findings.some((f) => f.ruleId === 'BH134' && f.span.start >= line3), 'the unloaded parser hid the piped download');
  });
});
