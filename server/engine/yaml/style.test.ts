import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseCompose } from '../index';
import { detectStyle, type YamlStyle } from './style';
import { renderBlockPair, renderFlow, scalarText } from './render';

function style(text: string): YamlStyle {
  return detectStyle(parseCompose(text));
}

describe('yaml/style detectStyle', () => {
  it('2-space maps, indented sequences', () => {
    assert.deepEqual(style('services:\n  web:\n    image: x\n    ports:\n      - 80\n'), { indent: 2, seqIndent: 2, flowSeqs: false, eol: '\n' });
  });
  it('4-space maps, indented sequences', () => {
    assert.deepEqual(style('services:\n    web:\n        ports:\n            - 80\n'), { indent: 4, seqIndent: 4, flowSeqs: false, eol: '\n' });
  });
  it('sequences flush with their key', () => {
    assert.deepEqual(style('services:\n  web:\n    ports:\n    - 80\n    volumes:\n    - a:/a\n'), { indent: 2, seqIndent: 0, flowSeqs: false, eol: '\n' });
  });
  it('4-space maps with 2-space sequences', () => {
    assert.deepEqual(style('services:\n    web:\n        ports:\n          - 80\n'), { indent: 4, seqIndent: 2, flowSeqs: false, eol: '\n' });
  });
  it('the most common indentation wins', () => {
    const s = style('a:\n  b:\n    c: 1\n  d:\n    e: 1\nf:\n    g: 1\n');
    assert.equal(s.indent, 2);
  });
  it('flow lists outnumber block lists', () => {
    assert.deepEqual(style('services:\n  web:\n    ports: ["80:80"]\n    cap_add: [NET_ADMIN]\n    volumes:\n      - a:/a\n'), { indent: 2, seqIndent: 2, flowSeqs: true, eol: '\n' });
  });
  it('exec-form command lists do not count as the flow habit', () => {
    const s = style('services:\n  web:\n    command: ["a", "b"]\n    entrypoint: [x]\n    healthcheck:\n      test: [CMD, true]\n');
    assert.equal(s.flowSeqs, false);
  });
  it('defaults for a file without nesting', () => {
    assert.deepEqual(style('version: "3"\n'), { indent: 2, seqIndent: 2, flowSeqs: false, eol: '\n' });
  });
  it('defaults for an empty file', () => {
    assert.deepEqual(style(''), { indent: 2, seqIndent: 2, flowSeqs: false, eol: '\n' });
  });
  it('CRLF line breaks', () => {
    assert.deepEqual(style('services:\r\n   web:\r\n      image: x\r\n'), { indent: 3, seqIndent: 3, flowSeqs: false, eol: '\r\n' });
  });
});

describe('yaml/render', () => {
  it('plain scalars stay plain', () => {
    assert.equal(scalarText('ALL'), 'ALL');
    assert.equal(scalarText('NET_ADMIN'), 'NET_ADMIN');
    assert.equal(scalarText('nginx/1.2-x'), 'nginx/1.2-x');
  });
  it('scalars YAML would read differently are quoted', () => {
    assert.equal(scalarText('true'), '"true"');
    assert.equal(scalarText('No'), '"No"');
    assert.equal(scalarText('1000'), '"1000"');
    assert.equal(scalarText('a: b'), '"a: b"');
    assert.equal(scalarText('#x'), '"#x"');
    assert.equal(scalarText(''), '""');
    assert.equal(scalarText('say "hi"'), '"say \\"hi\\""');
  });
  it('flow values', () => {
    assert.equal(renderFlow({ seq: ['ALL'] }), '[ALL]');
    assert.equal(renderFlow({ seq: [] }), '[]');
    assert.equal(renderFlow({ map: [['a', { raw: 'true' }], ['b c', { seq: ['x', 'y'] }]] }), '{a: true, "b c": [x, "y"]}');
  });
  it('block pairs follow the style', () => {
    const block: YamlStyle = { indent: 4, seqIndent: 0, flowSeqs: false, eol: '\n' };
    assert.deepEqual(renderBlockPair('cap_drop', { seq: ['ALL'] }, 4, block), ['    cap_drop:', '    - ALL']);
    assert.deepEqual(renderBlockPair('cap_drop', { seq: ['ALL'] }, 4, { ...block, flowSeqs: true }), ['    cap_drop: [ALL]']);
    assert.deepEqual(renderBlockPair('web', { map: [['cap_drop', { seq: ['ALL'] }]] }, 2, { ...block, seqIndent: 2 }), ['  web:', '      cap_drop:', '        - ALL']);
    assert.deepEqual(renderBlockPair('web', { map: [] }, 0, block), ['web: {}']);
  });
});
