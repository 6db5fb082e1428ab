import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseCompose } from '../parse/compose';
import { publishesOnNonLoopback, servicePorts, type PortMapping } from './ports';

function ports(text: string, env: Record<string, string> = {}): { text: string; list: PortMapping[] } {
  const model = parseCompose(text, { env });
  return { text, list: servicePorts(model, model.services[0]!)?.ports ?? [] };
}

const at = (text: string, span: { start: number; end: number } | undefined): string | undefined => (span ? text.slice(span.start, span.end) : undefined);

describe('compose/ports', () => {
  it('short syntax forms', () => {
    const { text, list } = ports(
      'services:\n  web:\n    ports:\n      - "8080:80"\n      - 127.0.0.1:8081:81\n      - "[::1]:8082:82"\n      - "8083-8090:83-90"\n      - "84"\n      - 53:53/udp\n      - 85\n      - 22:22\n      - "127.0.0.1::86"\n',
    );
    assert.equal(list.length, 9);
    const [a, b, c, d, e, f, g, h, i] = list;
    assert.deepEqual([a!.allInterfaces, a!.published, a!.target], [true, { start: 8080, end: 8080 }, { start: 80, end: 80 }]);
    assert.equal(at(text, a!.publishedSpan), '8080');
    assert.equal(at(text, a!.targetSpan), '80');
    assert.deepEqual([b!.hostIp, b!.loopback, b!.allInterfaces], ['127.0.0.1', true, false]);
    assert.equal(at(text, b!.hostIpSpan), '127.0.0.1');
    assert.deepEqual([c!.hostIp, c!.loopback], ['::1', true]);
    assert.equal(at(text, c!.hostIpSpan), '[::1]');
    assert.deepEqual(d!.published, { start: 8083, end: 8090 });
    assert.deepEqual(d!.target, { start: 83, end: 90 });
    assert.deepEqual([e!.published, e!.allInterfaces, e!.target?.start], [undefined, true, 84]);
    assert.equal(f!.protocol, 'udp');
    assert.equal(at(text, f!.targetSpan), '53');
    assert.deepEqual([g!.published, g!.target?.start, g!.allInterfaces, g!.aligned], [undefined, 85, true, true]);
    // YAML 1.2 (what the project parses, as Compose v2 does): 22:22 is a string, not the sexagesimal 1342.
    assert.deepEqual([h!.published?.start, h!.target?.start], [22, 22]);
    assert.deepEqual([i!.loopback, i!.published], [true, undefined]);
  });

  it('a YAML 1.1 document reads 22:22 from its source text', () => {
    const { list } = ports('%YAML 1.1\n---\nservices:\n  web:\n    ports:\n      - 22:22\n');
    assert.deepEqual([list[0]!.published?.start, list[0]!.target?.start], [22, 22]);
  });

  it('interpolation', () => {
    const a = ports('services:\n  web:\n    ports:\n      - "${PORT:-5432}:5432"\n      - "${BIND}:80:80"\n');
    assert.equal(a.list[0]!.published?.start, 5432);
    assert.equal(at(a.text, a.list[0]!.publishedSpan), '${PORT:-5432}');
    assert.equal(a.list[1]!.uncertain, true);
    assert.equal(a.list[1]!.allInterfaces, false);
    const b = ports('services:\n  web:\n    ports:\n      - "${SPEC}"\n', { SPEC: '127.0.0.1:80:80' });
    assert.equal(b.list[0]!.loopback, true);
    assert.equal(b.list[0]!.aligned, false);
  });

  it('long syntax', () => {
    const { text, list } = ports(
      'services:\n  web:\n    ports:\n      - target: 80\n        published: "8080"\n        host_ip: 0.0.0.0\n        protocol: TCP\n        mode: host\n      - {target: 6379}\n      - {target: 443, published: 443, host_ip: "::1"}\n',
    );
    assert.deepEqual([list[0]!.allInterfaces, list[0]!.published?.start, list[0]!.protocol, list[0]!.mode], [true, 8080, 'tcp', 'host']);
    assert.equal(at(text, list[0]!.hostIpSpan), '0.0.0.0');
    assert.equal(at(text, list[0]!.publishedSpan), '"8080"');
    assert.deepEqual([list[1]!.allInterfaces, list[1]!.published], [true, undefined]);
    assert.equal(list[2]!.loopback, true);
  });

  it('plain data: publishes on a non-loopback interface', () => {
    assert.equal(publishesOnNonLoopback(['127.0.0.1:80:80', { target: 1, host_ip: '::1' }]), false);
    assert.equal(publishesOnNonLoopback(['80']), true);
    assert.equal(publishesOnNonLoopback([{ target: 80 }]), true);
    assert.equal(publishesOnNonLoopback(undefined), false);
  });
});
