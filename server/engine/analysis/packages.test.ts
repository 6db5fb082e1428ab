import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { initEngine } from '../engine';
import { parseDockerfile } from '../parse/dockerfile';
import { runCommands } from './commands';
import { cacheMountCovers, isDryRun, isInstall, keptOsPackages, removedPaths, removesFolder, matchesManagerPattern, matchesPackagePattern, packageCommands, packageCommandsByRun, type PackageCommand } from './packages';

before(() => initEngine());

function read(line: string): { text: string; pcs: PackageCommand[] } {
  const text = `FROM debian:12\nRUN ${line}\n`;
  return { text, pcs: [...packageCommands(parseDockerfile(text))] };
}

function one(line: string): PackageCommand {
  const { pcs } = read(line);
  assert.equal(pcs.length, 1, `one package command in ${line}`);
  return pcs[0]!;
}

const pkgs = (pc: PackageCommand) => pc.packages.map((p) => [p.name, p.version ?? null]);

describe('readPackageCommand: apt', () => {
  it('reads the subcommand, options and packages', () => {
    const pc = one('apt-get -qq -o Dpkg::Options::=--force-confold install -y --no-install-recommends curl=7.88.1-10 ca-certificates');
    assert.equal(pc.manager, 'apt');
    assert.equal(pc.action, 'install');
    assert.equal(pc.subcommandWord?.value, 'install');
    assert.deepEqual(pkgs(pc), [['curl', '7.88.1-10'], ['ca-certificates', null]]);
    assert.deepEqual(pc.options.map((o) => [o.name, o.value ?? null, o.afterSubcommand]), [
      ['-q', null, false],
      ['-q', null, false],
      ['-o', 'Dpkg::Options::=--force-confold', false],
      ['-y', null, true],
      ['--no-install-recommends', null, true],
    ]);
    assert.ok(isInstall(pc));
  });

  it('gives exact spans of package words', () => {
    const { text, pcs } = read('apt-get install -y  jq');
    const p = pcs[0]!.packages[0]!;
    assert.equal(text.slice(p.word.span.start, p.word.span.end), 'jq');
  });

  it('normalises upgrades and reads apt as well as apt-get', () => {
    assert.equal(one('apt-get -y dist-upgrade').action, 'dist-upgrade');
    assert.equal(one('apt full-upgrade -y').action, 'dist-upgrade');
    assert.equal(one('apt update').action, 'update');
    assert.equal(one('apt-get upgrade -y').action, 'upgrade');
  });

  it('looks through wrappers', () => {
    const pc = one('sudo -u root env DEBIAN_FRONTEND=noninteractive apt-get install -y git');
    assert.equal(pc.action, 'install');
    assert.deepEqual(pkgs(pc), [['git', null]]);
  });

  it('marks expansions as dynamic and strips architecture and release', () => {
    const pc = one('apt-get install -y $PKGS libc6:amd64=2.36 git/bookworm-backports');
    assert.deepEqual(pc.packages.map((p) => [p.name, p.version ?? null, p.dynamic]), [
      ['$PKGS', null, true],
      ['libc6', '2.36', false],
      ['git', null, false],
    ]);
  });

  it('reads local files as paths', () => {
    assert.deepEqual(one('apt-get install -y ./pkg.deb /tmp/x.deb').packages.map((p) => p.kind), ['path', 'path']);
  });
});

describe('readPackageCommand: apk, rpm, zypper', () => {
  it('apk add: --virtual value is not a package', () => {
    const pc = one('apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.4-r2 curl~8 py3-pip@edge');
    assert.equal(pc.manager, 'apk');
    assert.equal(pc.action, 'install');
    assert.deepEqual(pkgs(pc), [['gcc', null], ['musl-dev', '1.2.4-r2'], ['curl', '~8'], ['py3-pip', null]]);
    assert.equal(one('apk -t .deps add x').packages[0]!.name, 'x');
  });

  it('yum/dnf: versions after a dash, update without packages is an upgrade', () => {
    assert.deepEqual(pkgs(one('yum install -y nginx-1.20.1 python3-devel httpd-2.4.6-97.el7')), [['nginx', '1.20.1'], ['python3-devel', null], ['httpd', '2.4.6-97.el7']]);
    assert.deepEqual(pkgs(one('dnf install -y java-11-openjdk openssl-1:3.0.7-24.el9 python3.11-oracledb')), [['java-11-openjdk', null], ['openssl', '1:3.0.7-24.el9'], ['python3.11-oracledb', null]]);
    assert.equal(one('yum -y update').action, 'upgrade');
    assert.equal(one('dnf update -y openssl').action, 'install');
    assert.equal(one('microdnf --setopt=install_weak_deps=0 install -y shadow-utils').manager, 'dnf');
    assert.equal(one('dnf --enablerepo crb install -y gcc').packages[0]!.name, 'gcc');
    assert.equal(one('dnf -y group install "Development Tools"').action, 'install');
    assert.equal(one('yum makecache').action, 'makecache');
  });

  it('zypper: aliases and operators', () => {
    const pc = one('zypper -n in -y curl=8.0 git');
    assert.equal(pc.action, 'install');
    assert.deepEqual(pkgs(pc), [['curl', '8.0'], ['git', null]]);
    assert.equal(one('zypper --non-interactive dup').action, 'dist-upgrade');
    assert.equal(one('zypper ref').action, 'refresh');
  });
});

describe('readPackageCommand: language managers', () => {
  it('pip and python -m pip', () => {
    const pc = one('python3 -m pip install --no-cache-dir -r requirements.txt "flask>=2" requests==2.31.0 .');
    assert.equal(pc.manager, 'pip');
    assert.equal(pc.action, 'install');
    assert.deepEqual(pc.packages.map((p) => [p.name, p.version ?? null, p.kind]), [
      ['flask', '>=2', 'name'],
      ['requests', '==2.31.0', 'name'],
      ['.', null, 'path'],
    ]);
    assert.equal(pc.options.find((o) => o.name === '-r')?.value, 'requirements.txt');
    assert.equal(one('pip3.11 install -e .').packages.length, 0);
    assert.equal(read('python3 script.py').pcs.length, 0);
  });

  it('npm, yarn, pnpm', () => {
    const g = one('npm i -g @angular/cli@17.0.0 typescript');
    assert.equal(g.action, 'install');
    assert.equal(g.global, true);
    assert.deepEqual(pkgs(g), [['@angular/cli', '17.0.0'], ['typescript', null]]);
    assert.equal(one('npm ci --omit=dev').action, 'ci');
    const y = one('yarn global add serve@14');
    assert.equal(y.global, true);
    assert.deepEqual(pkgs(y), [['serve', '14']]);
    assert.equal(one('yarn').action, 'install');
    assert.equal(one('pnpm add -g pnpm@8').global, true);
  });

  it('gem and go', () => {
    assert.deepEqual(pkgs(one('gem install bundler -v 2.4.22')), [['bundler', '2.4.22']]);
    assert.deepEqual(pkgs(one('gem install rake:13.0.6 rails')), [['rake', '13.0.6'], ['rails', null]]);
    assert.deepEqual(pkgs(one('go install -ldflags "-s -w" github.com/x/y@v1.2.3 github.com/a/b@latest')), [['github.com/x/y', 'v1.2.3'], ['github.com/a/b', 'latest']]);
  });

  it('ignores other commands', () => {
    assert.equal(read('echo apt-get install x && $PM install y').pcs.length, 0);
  });
});

describe('grouping and cache mounts', () => {
  it('groups commands per RUN, sh -c strings included', () => {
    const m = parseDockerfile("FROM a:1\nRUN apt-get update\nRUN sh -c 'apt-get update && apt-get install -y x'\n");
    assert.deepEqual(packageCommandsByRun(m).map((g) => g.commands.map((c) => c.action)), [['update'], ['update', 'install']]);
  });

  it('reads cache mounts', () => {
    const m = parseDockerfile('FROM a:1\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,dst=/root/.cache apt-get update\n');
    const ins = m.stages[0]!.instructions[0]!;
    assert.ok(cacheMountCovers(ins, '/var/cache/apt'));
    assert.ok(cacheMountCovers(ins, '/root/.cache/pip'));
    assert.ok(!cacheMountCovers(ins, '/var/lib/apt/lists'));
  });

  it('matches package patterns', () => {
    assert.ok(matchesPackagePattern('gcc-12', 'gcc-[0-9][0-9]'));
    assert.ok(!matchesPackagePattern('gcc-12-base', 'gcc'));
    assert.ok(matchesPackagePattern('g++', 'g++'));
    assert.ok(matchesPackagePattern('netcat-openbsd', 'netcat*'));
    assert.ok(matchesManagerPattern('apk', 'openssh', 'apk:openssh'));
    assert.ok(!matchesManagerPattern('dnf', 'openssh', 'apk:openssh'));
    assert.ok(matchesManagerPattern('yum', 'x', 'rpm:x'));
    assert.ok(matchesManagerPattern('apt', 'x', 'x'));
  });
});

describe('dry runs, removals and kept packages', () => {
  it('dry runs are not installs', () => {
    assert.ok(isDryRun(one('apt-get install -s curl')));
    assert.ok(!isInstall(one('apt-get install --download-only curl')));
    assert.ok(isInstall(one('apt-get install -y curl')));
  });

  it('reads removed paths, also from unparsed bash -c strings', () => {
    const paths = (line: string) => [...runCommands(parseDockerfile(`FROM a:1\nRUN ${line}\n`))].flatMap(removedPaths);
    assert.deepEqual(paths('rm -rf /var/lib/apt/lists/* /tmp/x'), ['/var/lib/apt/lists/*', '/tmp/x']);
    assert.deepEqual(paths('bash -c "echo \\"x\\" && rm -rf /var/lib/apt/lists/*"'), ['/var/lib/apt/lists/*']);
    assert.ok(removesFolder(['/var/lib/apt/lists/*'], '/var/lib/apt/lists'));
    assert.ok(removesFolder(['/var/lib/apt'], '/var/lib/apt/lists'));
    assert.ok(!removesFolder(['/var/lib/apt/lists/partial'], '/var/lib/apt/lists'));
  });

  it('keeps what is installed in the image and not removed', () => {
    const kept = (text: string) => keptOsPackages(parseDockerfile(text)).map((k) => k.pkg.name);
    assert.deepEqual(kept('FROM alpine:3\nRUN apk add --virtual .b gcc && apk add curl && apk del .b\n'), ['curl']);
    assert.deepEqual(kept('FROM debian:12\nRUN apt-get install -y gcc sudo\nRUN apt-get purge -y gcc\n'), ['sudo']);
    assert.deepEqual(kept("FROM debian:12\nRUN apt-get install -y gcc; apt-mark auto '.*'; apt-get purge -y --auto-remove; apt-get install -y git\n"), ['git']);
    assert.deepEqual(kept('FROM debian:12 AS b\nRUN apt-get install -y gcc\nFROM debian:12\nRUN apt-get install -y $X curl\n'), ['curl']);
    assert.deepEqual(kept('FROM rockylinux:9\nRUN dnf install -y gcc && yum remove -y gcc\n'), []);
  });
});
