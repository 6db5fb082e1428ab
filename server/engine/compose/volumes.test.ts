import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseCompose } from '../parse/compose';
import { normaliseHostPath, serviceVolumes, type VolumeMount } from './volumes';

function mounts(text: string, env: Record<string, string> = {}, service = 'web'): { text: string; list: VolumeMount[] } {
  const model = parseCompose(text, { env });
  const s = model.services.find((x) => x.name === service)!;
  return { text, list: serviceVolumes(model, s)?.mounts ?? [] };
}

const at = (text: string, span: { start: number; end: number }): string => text.slice(span.start, span.end);

describe('compose/volumes', () => {
  it('short syntax: bind, mode, spans', () => {
    const { text, list } = mounts('services:\n  web:\n    volumes:\n      - ./src:/app:ro\n      - "/var/run/docker.sock:/var/run/docker.sock"\n');
    assert.equal(list.length, 2);
    const [a, b] = list;
    assert.equal(a!.type, 'bind');
    assert.equal(a!.source, './src');
    assert.equal(a!.target, '/app');
    assert.equal(a!.readOnly, true);
    assert.equal(at(text, a!.sourceSpan), './src');
    assert.equal(at(text, a!.targetSpan), '/app');
    assert.equal(at(text, a!.modeSpan!), 'ro');
    assert.equal(a!.aligned, true);
    assert.equal(b!.hostPath, '/var/run/docker.sock');
    assert.equal(b!.readOnly, false);
    assert.equal(at(text, b!.sourceSpan), '/var/run/docker.sock');
    assert.equal(at(text, b!.span), '"/var/run/docker.sock:/var/run/docker.sock"');
  });

  it('short syntax: home, options, named and anonymous volumes, Windows drive', () => {
    const { text, list } = mounts('services:\n  web:\n    volumes: ["~/.ssh:/root/.ssh:ro,z", "data:/var/lib/x", /data, "C:\\\\x:/y", \'D:/w:/z:rw\']\n');
    assert.equal(list.length, 5);
    assert.equal(list[0]!.hostPath, '~/.ssh');
    assert.deepEqual(list[0]!.options, ['ro', 'z']);
    assert.deepEqual(list[0]!.optionSpans.map((o) => at(text, o.span)), ['ro', 'z']);
    assert.equal(list[1]!.type, 'volume');
    assert.equal(list[1]!.source, 'data');
    assert.equal(list[1]!.hostPath, undefined);
    assert.equal(list[2]!.type, 'volume');
    assert.equal(list[2]!.source, undefined);
    assert.equal(list[2]!.target, '/data');
    assert.equal(list[3]!.type, 'bind');
    assert.equal(list[3]!.source, 'C:\\x');
    assert.equal(list[3]!.target, '/y');
    assert.equal(at(text, list[3]!.sourceSpan), 'C:\\\\x');
    assert.equal(list[4]!.source, 'D:/w');
    assert.equal(list[4]!.readOnly, false);
    assert.equal(at(text, list[4]!.targetSpan), '/z');
  });

  it('interpolation: spans stay on the written ${…}; a variable holding a colon is not aligned', () => {
    const a = mounts('services:\n  web:\n    volumes:\n      - ${SOCK:-/var/run/docker.sock}:/var/run/docker.sock\n');
    assert.equal(a.list[0]!.hostPath, '/var/run/docker.sock');
    assert.equal(at(a.text, a.list[0]!.sourceSpan), '${SOCK:-/var/run/docker.sock}');
    const b = mounts('services:\n  web:\n    volumes:\n      - ${MOUNT}:ro\n', { MOUNT: '/etc:/host/etc' });
    assert.equal(b.list[0]!.source, '/etc');
    assert.equal(b.list[0]!.readOnly, true);
    assert.equal(b.list[0]!.aligned, false);
    assert.equal(at(b.text, b.list[0]!.sourceSpan), '${MOUNT}:ro');
    const c = mounts('services:\n  web:\n    volumes:\n      - $HOME/.aws:/root/.aws\n      - ${HOME}/.kube:/k\n      - ${DATA}:/d\n');
    assert.equal(c.list[0]!.hostPath, '~/.aws');
    assert.equal(c.list[1]!.hostPath, '~/.kube');
    assert.equal(c.list[2]!.uncertain, true);
    assert.equal(c.list[0]!.uncertain, false);
  });

  it('long syntax: type, read_only, propagation, spans', () => {
    const { text, list } = mounts(
      'services:\n  web:\n    volumes:\n      - type: bind\n        source: /var/lib/docker\n        target: /d\n        read_only: "yes"\n        bind:\n          propagation: rshared\n      - {type: tmpfs, target: /tmp}\n',
    );
    assert.equal(list[0]!.syntax, 'long');
    assert.equal(list[0]!.type, 'bind');
    assert.equal(list[0]!.hostPath, '/var/lib/docker');
    assert.equal(list[0]!.readOnly, true);
    assert.equal(list[0]!.propagation, 'rshared');
    assert.equal(at(text, list[0]!.sourceSpan), '/var/lib/docker');
    assert.ok(list[0]!.propagationPair);
    assert.equal(list[1]!.type, 'tmpfs');
    assert.equal(list[1]!.hostPath, undefined);
  });

  it('named volume with driver_opts binding a host path', () => {
    const { text, list } = mounts(
      'services:\n  web:\n    volumes:\n      - sock:/var/run/docker.sock\n      - other:/o\n      - nfs:/n\nvolumes:\n  sock:\n    driver: local\n    driver_opts:\n      type: none\n      o: bind\n      device: /var/run/docker.sock\n  other: {}\n  nfs:\n    driver_opts: {type: nfs, o: "addr=10.0.0.1,rw", device: ":/export"}\n',
    );
    assert.equal(list[0]!.type, 'bind');
    assert.equal(list[0]!.hostPath, '/var/run/docker.sock');
    assert.equal(list[0]!.namedVolume?.name, 'sock');
    assert.equal(at(text, list[0]!.namedVolume!.deviceSpan!), '/var/run/docker.sock');
    assert.equal(list[1]!.type, 'volume');
    assert.equal(list[2]!.type, 'volume');
  });

  it('through a merge key and an alias: the node is the anchor', () => {
    const model = parseCompose('x-v: &v /etc:/etc\nx-b: &b\n  volumes: [*v]\nservices:\n  a:\n    <<: *b\n  b:\n    volumes:\n      - *v\n');
    const a = serviceVolumes(model, model.services[0]!)!.mounts[0]!;
    const b = serviceVolumes(model, model.services[1]!)!.mounts[0]!;
    assert.equal(a.node, b.node);
    assert.equal(model.text.slice(a.span.start, a.span.end), '/etc:/etc');
  });

  it('normalises host paths', () => {
    assert.equal(normaliseHostPath('/var/run/'), '/var/run');
    assert.equal(normaliseHostPath('//var//run/../run/docker.sock'), '/var/run/docker.sock');
    assert.equal(normaliseHostPath('~'), '~');
    assert.equal(normaliseHostPath('${HOME}'), '~');
    assert.equal(normaliseHostPath('$XDG_RUNTIME_DIR/podman/podman.sock'), '/run/user/<uid>/podman/podman.sock');
    assert.equal(normaliseHostPath('./data'), './data');
    assert.equal(normaliseHostPath('${PWD}/data'), './data');
    assert.equal(normaliseHostPath('/'), '/');
  });
});
