import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { initEngine, applyEdits, suppressionEdit } from '../index';

/** The span of the first occurrence of `needle` in `text`. */
const at = (text: string, needle: string) => {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, needle);
  return { start, end: start + needle.length };
};

describe('suppressionEdit', () => {
  before(() => initEngine());

  it('line scope: inserts above the instruction with its indentation, in the document\'s line ending', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['FROM debian:12', '  USER root', ''].join(eol);
      const edit = suppressionEdit(text, 'dockerfile', at(text, 'root'), 'BH101', 'line');
      assert.equal(applyEdits(text, [edit]), ['FROM debian:12', '  # bulkhead-ignore BH101 -- reason', '  USER root', ''].join(eol));
    }
  });

  it('line scope: a finding on a continuation line goes above the instruction\'s first line', () => {
    const text = 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n';
    const edit = suppressionEdit(text, 'dockerfile', at(text, 'curl'), 'BH101', 'line');
    assert.deepEqual(edit, { start: 15, end: 15, text: '# bulkhead-ignore BH101 -- reason\n' });
  });

  it('line scope: extends an existing comment directly above instead of adding a second one', () => {
    const text = 'FROM debian:12\n# bulkhead-ignore BH102 -- build-time only\nUSER root\n';
    const edit = suppressionEdit(text, 'dockerfile', at(text, 'root'), 'BH101', 'line');
    assert.equal(applyEdits(text, [edit]), 'FROM debian:12\n# bulkhead-ignore BH102,BH101 -- build-time only\nUSER root\n');
    // Already listed: an empty edit.
    const again = applyEdits(text, [edit]);
    const none = suppressionEdit(again, 'dockerfile', at(again, 'root'), 'BH101', 'line');
    assert.equal(none.text, '');
    assert.equal(none.start, none.end);
  });

  it('file scope: after `# syntax` / `# escape` directives in a Dockerfile, keeping CRLF', () => {
    const text = '# syntax=docker/dockerfile:1\r\n# escape=`\r\nFROM debian:12\r\nUSER root\r\n';
    const edit = suppressionEdit(text, 'dockerfile', at(text, 'root'), 'BH101', 'file');
    assert.equal(applyEdits(text, [edit]), '# syntax=docker/dockerfile:1\r\n# escape=`\r\n# bulkhead-ignore-file BH101 -- reason\r\nFROM debian:12\r\nUSER root\r\n');
  });

  it('file scope: extends an existing file comment at that place', () => {
    const text = '# syntax=docker/dockerfile:1\n# bulkhead-ignore-file BH103 -- base image pinned by CI\nFROM debian\n';
    const edit = suppressionEdit(text, 'dockerfile', at(text, 'debian'), 'BH101', 'file');
    assert.equal(applyEdits(text, [edit]), '# syntax=docker/dockerfile:1\n# bulkhead-ignore-file BH103,BH101 -- base image pinned by CI\nFROM debian\n');
  });

  it('YAML: line scope above the key with its indentation, file scope at the top', () => {
    const text = 'services:\r\n  web:\r\n    image: nginx\r\n    privileged: true\r\n';
    const line = suppressionEdit(text, 'compose', at(text, 'privileged'), 'BH201', 'line');
    assert.equal(applyEdits(text, [line]), 'services:\r\n  web:\r\n    image: nginx\r\n    # bulkhead-ignore BH201 -- reason\r\n    privileged: true\r\n');
    const file = suppressionEdit(text, 'compose', at(text, 'privileged'), 'BH201', 'file');
    assert.deepEqual(file, { start: 0, end: 0, text: '# bulkhead-ignore-file BH201 -- reason\r\n' });
  });

  it('a file-scope comment lone on the last line (no trailing newline) is added after a line break', () => {
    const text = '# syntax=docker/dockerfile:1';
    const edit = suppressionEdit(text, 'dockerfile', { start: 0, end: 0 }, 'BH103', 'file');
    assert.equal(applyEdits(text, [edit]), '# syntax=docker/dockerfile:1\n# bulkhead-ignore-file BH103 -- reason\n');
  });
});
