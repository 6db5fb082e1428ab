/**
 * Finding messages are rule templates with `{key}`s filled from the report's
 * data (rules/rule.ts `formatMessage`, which keeps each template split).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatMessage } from '../../server/engine/rules/rule';

/** The plain reading: every `{word}` replaced by its value, left as written when the data has none. */
function reference(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}

describe('formatMessage', () => {
  it('fills keys, repeats them, and leaves unknown ones, braces and replacement patterns as written', () => {
    assert.equal(formatMessage('Service {services} keeps {what}.', { services: '`web`', what: 'CHOWN' }), 'Service `web` keeps CHOWN.');
    assert.equal(formatMessage('{x}{x} {y}', { x: 1 }), '11 {y}');
    assert.equal(formatMessage('no keys'), 'no keys');
    assert.equal(formatMessage('{} { a } {a-b} x{y', { a: 1, y: 2 }), '{} { a } {a-b} x{y');
    assert.equal(formatMessage('{a}', { a: '$& {b} $1' }), '$& {b} $1');
    assert.equal(formatMessage('', {}), '');
  });

  it('gives what a plain replace gives, on generated templates and data (asked twice: the second time from its split)', () => {
    const piece = fc.constantFrom('{a}', '{b}', '{toString}', '{', '}', '{}', 'text ', '$&', '{a', 'a}', '{ a }', '{_1}');
    const template = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
    const data = fc.dictionary(fc.constantFrom('a', 'b', '_1', 'c'), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()));
    fc.assert(
      fc.property(template, data, (t, d) => {
        assert.equal(formatMessage(t, d), reference(t, d));
        assert.equal(formatMessage(t, d), reference(t, d));
      }),
      { numRuns: 2000 },
    );
  });
});
