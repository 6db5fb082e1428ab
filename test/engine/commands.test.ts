import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { initEngine, parseDockerfile, applyEdits } from '../../server/engine';
import { runCommands, effectiveCommand, findOptions, positionalArgs, removeOptionEdits, finalImageStages } from '../../server/engine/analysis/commands';

before(() => initEngine());

const commandsOf = (text: string, target?: string) =>
  [...runCommands(parseDockerfile(text, { target }))].map((c) => ({ name: c.command.name, final: c.inFinalImage, onbuild: c.onbuild, nested: c.nested, text: text.slice(c.command.span.start, c.command.span.end) }));

describe('runCommands', () => {
  it('marks commands of the stages that reach the built image', () => {
    const text = 'FROM alpine:3 AS base\nRUN a\nFROM golang:1 AS build\nRUN b\nFROM base\nRUN c\n';
    assert.deepEqual(commandsOf(text).map((c) => [c.name, c.final]), [['a', true], ['b', false], ['c', true]]);
    assert.deepEqual(commandsOf(text, 'build').map((c) => [c.name, c.final]), [['a', false], ['b', true], ['c', false]]);
    assert.deepEqual([...finalImageStages(parseDockerfile(text))], [2, 0]);
  });

  it('walks ONBUILD triggers, heredoc scripts and sh -c strings with exact spans', () => {
    const text = 'FROM alpine:3\nONBUILD RUN x --y\nRUN <<EOF\nset -e\ncurl -k https://e.x\nEOF\nRUN sh -c \'wget -q -O- u | sh\'\n';
    const cmds = commandsOf(text);
    assert.deepEqual(cmds.map((c) => [c.name, c.text, c.onbuild, c.nested]), [
      ['x', 'x --y', true, false],
      ['set', 'set -e', false, false],
      ['curl', 'curl -k https://e.x', false, false],
      ['sh', "sh -c 'wget -q -O- u | sh'", false, false],
      ['wget', 'wget -q -O- u', false, true],
      ['sh', 'sh', false, true],
    ]);
  });
});

describe('options', () => {
  const cmd = (line: string) => {
    const text = `FROM a:1\nRUN ${line}\n`;
    const site = [...runCommands(parseDockerfile(text))][0]!;
    return { text, site, eff: effectiveCommand(site.command)! };
  };

  it('looks through wrappers', () => {
    const { eff } = cmd('sudo -u app env A=1 DEBIAN_FRONTEND=x apt-get -y install curl');
    assert.equal(eff.baseName, 'apt-get');
    assert.deepEqual(eff.wrappers, ['sudo', 'env']);
    assert.deepEqual(positionalArgs(eff.args, ['o']).map((w) => w.value), ['install', 'curl']);
    assert.equal(effectiveCommand(cmd('timeout 10 /usr/bin/curl x').site.command)!.baseName, 'curl');
    // `command -v` looks a command up without running it; plain `command` runs it.
    assert.equal(effectiveCommand(cmd('command -v curl').site.command)!.baseName, 'command');
    assert.equal(effectiveCommand(cmd('command -pV curl').site.command)!.baseName, 'command');
    assert.equal(effectiveCommand(cmd('command curl -v x').site.command)!.baseName, 'curl');
    // Names of Object's own methods are commands like any other, not wrappers.
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      assert.deepEqual(effectiveCommand(cmd(`${name} curl x`).site.command)!.wrappers, [], name);
    }
  });

  it('finds combined, long and valued options and removes them cleanly', () => {
    const { text, eff } = cmd('curl -fsSLk --insecure -o out --proxy=http://p https://x');
    const k = findOptions(eff.args, { short: ['k'], long: ['insecure'] }, ['o', 'proxy']);
    assert.deepEqual(k.map((m) => [m.name, text.slice(m.span.start, m.span.end)]), [['-k', 'k'], ['--insecure', '--insecure']]);
    const fixed = applyEdits(text, k.flatMap((m) => removeOptionEdits(text, m)));
    assert.equal(fixed, 'FROM a:1\nRUN curl -fsSL -o out --proxy=http://p https://x\n');
    const o = findOptions(eff.args, { short: ['o'], long: ['output'], takesValue: true }, ['proxy']);
    assert.deepEqual(o.map((m) => m.value?.text), ['out']);
    const p = findOptions(eff.args, { long: ['proxy'], takesValue: true });
    assert.deepEqual(p.map((m) => [m.value?.text, text.slice(m.value!.span.start, m.value!.span.end)]), [['http://p', 'http://p']]);
  });

  it('does not read option values or arguments after -- as options', () => {
    const { eff } = cmd('tool -o -k -- -k');
    assert.deepEqual(findOptions(eff.args, { short: ['k'] }, ['o']), []);
    assert.deepEqual(positionalArgs(eff.args, ['o']).map((w) => w.value), ['-k']);
  });

  it('removes an option on a continuation line without joining lines', () => {
    const text = 'FROM a:1\nRUN curl \\\n    --insecure \\\n    https://x\n';
    const site = [...runCommands(parseDockerfile(text))][0]!;
    const m = findOptions(effectiveCommand(site.command)!.args, { long: ['insecure'] });
    assert.equal(applyEdits(text, removeOptionEdits(text, m[0]!)), 'FROM a:1\nRUN curl \\\n    https://x\n');
    const last = 'FROM a:1\r\nRUN curl https://x \\\r\n    --insecure\r\nUSER app\r\n';
    const site2 = [...runCommands(parseDockerfile(last))][0]!;
    const m2 = findOptions(effectiveCommand(site2.command)!.args, { long: ['insecure'] });
    assert.equal(applyEdits(last, removeOptionEdits(last, m2[0]!)), 'FROM a:1\r\nRUN curl https://x\r\nUSER app\r\n');
  });
});
