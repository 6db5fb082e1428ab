import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseImageReference, detectFileKind, matchesGlob } from '../../server/engine';
import { substituteVariables } from '../../server/engine/parse/variables';
import { effectiveRegistry, floatingTag } from '../../server/engine/parse/imageRef';

describe('substituteVariables', () => {
  const vars = { A: 'x', EMPTY: '', REG: 'ghcr.io' };
  const sub = (t: string, o = {}) => substituteVariables(t, vars, o);

  it('forms and operators', () => {
    assert.deepEqual(sub('$A-${A}'), { value: 'x-x', unresolved: false, names: ['A', 'A'] });
    assert.deepEqual(sub('${NOPE:-def}'), { value: 'def', unresolved: false, names: ['NOPE'] });
    assert.equal(sub('${EMPTY:-def}').value, 'def');
    assert.equal(sub('${EMPTY-def}').value, '');
    assert.equal(sub('${A:+alt}').value, 'alt');
    assert.equal(sub('${EMPTY:+alt}').value, '');
    assert.equal(sub('${EMPTY+alt}').value, 'alt');
    assert.equal(sub('${NOPE+alt}').value, '');
    assert.deepEqual(sub('${NOPE:?must be set}'), { value: '${NOPE:?must be set}', unresolved: true, names: ['NOPE'] });
    assert.equal(sub('${A:?err}').value, 'x');
    assert.deepEqual(sub('${NOPE:-${A}}'), { value: 'x', unresolved: false, names: ['NOPE', 'A'] });
  });

  it('unresolved references stay as written unless asked', () => {
    assert.deepEqual(sub('$NOPE/${NOPE2}'), { value: '$NOPE/${NOPE2}', unresolved: true, names: ['NOPE', 'NOPE2'] });
    assert.equal(sub('$NOPE/${NOPE2}', { keepUnresolved: false }).value, '/');
  });

  it('$$ escape (Compose) and the Dockerfile escape character', () => {
    assert.equal(sub('$$A $A', { dollarEscape: true }).value, '$A x');
    assert.equal(sub('$$A').value, '$x');
    assert.equal(sub('\\$A $A', { escapeChar: '\\' }).value, '$A x');
  });

  it('odd input is kept', () => {
    assert.deepEqual(sub('${unclosed'), { value: '${unclosed', unresolved: true, names: [] });
    assert.equal(sub('${1bad} $ $- ${}').value, '${1bad} $ $- ${}');
    assert.equal(sub('cost: 5$').value, 'cost: 5$');
  });

  it('self-referencing defaults stop', () => {
    let t = '${X:-';
    for (let i = 0; i < 50; i++) t += '${X:-';
    t += 'end' + '}'.repeat(51);
    const r = substituteVariables(t, {});
    assert.equal(typeof r.value, 'string');
  });
});

describe('parseImageReference', () => {
  const cases: [string, ReturnType<typeof parseImageReference>][] = [
    ['node', { registry: undefined, repository: 'node', tag: undefined, digest: undefined }],
    ['node:20', { registry: undefined, repository: 'node', tag: '20', digest: undefined }],
    ['docker.io/library/node:20', { registry: 'docker.io', repository: 'library/node', tag: '20', digest: undefined }],
    ['localhost:5000/x', { registry: 'localhost:5000', repository: 'x', tag: undefined, digest: undefined }],
    ['localhost:5000/x:1', { registry: 'localhost:5000', repository: 'x', tag: '1', digest: undefined }],
    ['localhost/x', { registry: 'localhost', repository: 'x', tag: undefined, digest: undefined }],
    [
      'ghcr.io/o/r:tag@sha256:' + 'a'.repeat(64),
      { registry: 'ghcr.io', repository: 'o/r', tag: 'tag', digest: 'sha256:' + 'a'.repeat(64) },
    ],
    ['[::1]:5000/x', { registry: '[::1]:5000', repository: 'x', tag: undefined, digest: undefined }],
    ['[::1]:5000/x:2', { registry: '[::1]:5000', repository: 'x', tag: '2', digest: undefined }],
    ['${REG}/app:${TAG}', { registry: undefined, repository: '${REG}/app', tag: '${TAG}', digest: undefined }],
    ['user/repo', { registry: undefined, repository: 'user/repo', tag: undefined, digest: undefined }],
    ['', { registry: undefined, repository: '', tag: undefined, digest: undefined }],
  ];
  for (const [ref, want] of cases) {
    it(JSON.stringify(ref), () => assert.deepEqual(parseImageReference(ref), want));
  }

  it('effective registry and floating tags', () => {
    assert.equal(effectiveRegistry(parseImageReference('node')), 'docker.io');
    assert.equal(effectiveRegistry(parseImageReference('index.docker.io/x')), 'docker.io');
    assert.equal(effectiveRegistry(parseImageReference('quay.io/x')), 'quay.io');
    assert.equal(floatingTag(parseImageReference('node')), 'untagged');
    assert.equal(floatingTag(parseImageReference('node:LATEST')), 'latest');
    assert.equal(floatingTag(parseImageReference('node@sha256:00')), undefined);
    assert.equal(floatingTag(parseImageReference('${REG}/app')), undefined);
    assert.equal(floatingTag(parseImageReference('localhost:5000/x')), 'untagged');
  });
});

describe('detectFileKind', () => {
  const cases: [string, string | undefined][] = [
    ['/p/Dockerfile', 'dockerfile'],
    ['/p/Containerfile', 'dockerfile'],
    ['/p/api.Dockerfile', 'dockerfile'],
    ['/p/Dockerfile.dev', 'dockerfile'],
    ['/p/dockerfile', 'dockerfile'],
    ['/p/Dockerfile.j2', undefined],
    ['/p/Dockerfile.template', undefined],
    ['/p/Dockerfile.yml', undefined],
    ['/p/compose.yaml', 'compose'],
    ['/p/compose.yml', 'compose'],
    ['/p/compose.override.yml', 'compose'],
    ['/p/docker-compose.yml', 'compose'],
    ['/p/docker-compose.prod.yml', 'compose'],
    ['/p/docker-compose.yaml', 'compose'],
    ['/p/foo.yaml', undefined],
    ['/p/compose.json', undefined],
    ['/p/README.md', undefined],
    ['C:\\Users\\me\\proj\\Dockerfile', 'dockerfile'],
    ['C:\\Users\\me\\proj\\docker-compose.prod.yml', 'compose'],
    ['C:\\Users\\me\\Dockerfile.d\\foo.yaml', undefined],
    ['relative/Dockerfile', 'dockerfile'],
  ];
  for (const [p, want] of cases) {
    it(p, () => assert.equal(detectFileKind(p), want));
  }

  it('custom patterns and globs with folders', () => {
    assert.equal(detectFileKind('/p/build/Buildfile', { dockerfile: ['Buildfile'], compose: [] }), 'dockerfile');
    assert.equal(detectFileKind('/p/Dockerfile', { dockerfile: [], compose: [] }), undefined);
    assert.equal(matchesGlob('/repo/docker/x/stack.yml', 'docker/**/*.yml'), true);
    assert.equal(matchesGlob('/repo/other/stack.yml', 'docker/**/*.yml'), false);
    assert.equal(matchesGlob('C:\\repo\\docker\\stack.yml', 'docker/*.yml'), true);
    assert.equal(matchesGlob('/a/compose.yaml', '{compose,docker-compose}.y?ml'), true);
    assert.equal(matchesGlob('/a/x1.yml', 'x[0-9].yml'), true);
    assert.equal(matchesGlob('/a/xa.yml', 'x[!0-9].yml'), true);
  });
});
