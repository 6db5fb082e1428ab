import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { initEngine, parseCompose, parseDockerfile } from '../../server/engine';
import { Derived, DerivedKey } from '../../server/engine/util/derived';
import { packageCommands, keptOsPackages } from '../../server/engine/analysis/packages';
import { dockerfileImageUses } from '../../server/engine/analysis/imageTrust';
import { varsInScope } from '../../server/engine/analysis/dockerfile';
import { serviceVolumes } from '../../server/engine/compose/volumes';
import { detectStyle } from '../../server/engine/yaml/style';

before(async () => {
  await initEngine();
});

describe('work derived from a parsed file is kept on its model', () => {
  it('Derived works a value out once per key, an undefined value included, and keeps keys apart', () => {
    const d = new Derived();
    const a = new DerivedKey<number[]>('a');
    const b = new DerivedKey<number[]>('b');
    const none = new DerivedKey<string | undefined>('none');
    let calls = 0;
    const first = d.get(a, () => (calls++, [1]));
    assert.equal(d.get(a, () => (calls++, [2])), first);
    assert.deepEqual(d.get(b, () => (calls++, [3])), [3]);
    assert.equal(d.get(none, () => (calls++, undefined)), undefined);
    assert.equal(d.get(none, () => (calls++, 'again')), undefined);
    assert.equal(calls, 3);
    // Another bag knows nothing of the first one's values.
    assert.deepEqual(new Derived().get(a, () => [4]), [4]);
  });

  const dockerfile = [
    'ARG BASE=debian:12',
    'FROM ${BASE} AS build',
    'ENV TOOL=1',
    'RUN apt-get update && apt-get install -y gcc curl',
    'FROM build',
    'RUN apk add --no-cache git',
    '',
  ].join('\n');

  it('a Dockerfile model keeps its own analysis: asked again, the same lists; another parse of the same text, lists of its own', () => {
    const one = parseDockerfile(dockerfile);
    const two = parseDockerfile(dockerfile);
    for (const ask of [(m: typeof one) => packageCommands(m), (m: typeof one) => keptOsPackages(m), (m: typeof one) => dockerfileImageUses(m), (m: typeof one) => varsInScope(m, m.stages[1]!)]) {
      const first = ask(one);
      assert.equal(ask(one), first, 'kept on the model');
      const other = ask(two);
      assert.notEqual(other, first, 'another model works it out again');
      assert.deepEqual(other, first);
    }
    assert.deepEqual(
      packageCommands(one).map((p) => p.packages.map((w) => w.name)),
      [[], ['gcc', 'curl'], ['git']],
    );
    assert.equal(varsInScope(one, one.stages[1]!).TOOL, '1');
  });

  it('a Compose model keeps its services\' volumes and its YAML style', () => {
    const text = 'services:\n  web:\n    image: nginx\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n';
    const one = parseCompose(text);
    const two = parseCompose(text);
    const web = (m: typeof one) => m.services.find((s) => s.name === 'web')!;
    const volumes = serviceVolumes(one, web(one));
    assert.ok(volumes);
    assert.equal(serviceVolumes(one, web(one)), volumes);
    assert.notEqual(serviceVolumes(two, web(two)), volumes);
    assert.equal(detectStyle(one), detectStyle(one));
    assert.notEqual(detectStyle(two), detectStyle(one));
    assert.deepEqual(detectStyle(two), detectStyle(one));
    // A source that is not a model keeps nothing, and gets the same style.
    assert.deepEqual(detectStyle({ text: one.text, lines: one.lines, doc: one.doc }), detectStyle(one));
  });
});
