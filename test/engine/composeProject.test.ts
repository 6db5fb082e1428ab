import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint, memoryHost, parseCompose } from '../../server/engine';
import { attachProject, defaultProjectFiles, mergeDefinitions } from '../../server/engine/compose/project';

const project = (files: Record<string, string>, path = '/p/compose.yaml') => {
  const host = memoryHost(files);
  const model = parseCompose(files[path]!, { path });
  attachProject(model, { path, host, parse: (t) => parseCompose(t) });
  return model;
};

describe('Compose project', () => {
  it('finds the default override file next to a base file, and the base next to an override file', () => {
    const host = memoryHost({ '/p/compose.yaml': '', '/p/compose.override.yml': '', '/q/docker-compose.yml': '', '/q/docker-compose.override.yml': '' });
    assert.deepEqual(defaultProjectFiles('/p/compose.yaml', host), ['/p/compose.yaml', '/p/compose.override.yml']);
    assert.deepEqual(defaultProjectFiles('/p/compose.override.yml', host), ['/p/compose.yaml', '/p/compose.override.yml']);
    assert.deepEqual(defaultProjectFiles('/q/docker-compose.override.yml', host), ['/q/docker-compose.yml', '/q/docker-compose.override.yml']);
    assert.deepEqual(defaultProjectFiles('/q/docker-compose.prod.yml', host), ['/q/docker-compose.prod.yml']);
    assert.deepEqual(defaultProjectFiles('/p/compose.yaml', undefined), ['/p/compose.yaml']);
  });

  it('merges the override file onto the base as Compose does', () => {
    const m = project({
      '/p/compose.yaml': 'services:\n  web:\n    image: nginx:1\n    environment: [A=1, B=2]\n    cap_add: [NET_ADMIN]\n    command: [a, b]\n    healthcheck: {test: [CMD, x], interval: 5s}\n',
      '/p/compose.override.yaml': 'services:\n  web:\n    image: nginx:2\n    environment: {B: "3", C: "4"}\n    cap_add: [NET_ADMIN, SYS_TIME]\n    command: [c]\n    healthcheck: {test: [CMD, y]}\n  extra:\n    image: redis:7\n',
    });
    const web = m.services[0]!;
    assert.deepEqual(web.effective(), {
      image: 'nginx:2',
      environment: { A: '1', B: '3', C: '4' },
      cap_add: ['NET_ADMIN', 'SYS_TIME'],
      command: ['c'],
      healthcheck: { test: ['CMD', 'y'], interval: '5s' },
    });
    assert.equal(web.effective('healthcheck', 'interval'), '5s');
    assert.equal(web.get('image')!.value, 'nginx:1', 'get() still reads this file');
    assert.deepEqual(m.project.files, ['/p/compose.yaml', '/p/compose.override.yaml']);
    assert.deepEqual(m.project.serviceNames().sort(), ['extra', 'web']);
  });

  it('resolves extends in the same file and in other files, recursively, without following cycles', () => {
    const m = project({
      '/p/compose.yaml':
        'services:\n  base:\n    image: a:1\n    read_only: true\n    depends_on: [db]\n  web:\n    extends: base\n    user: "1000"\n  remote:\n    extends: {file: lib/common.yaml, service: hardened}\n  loop1:\n    extends: loop2\n  loop2:\n    extends: loop1\n',
      '/p/lib/common.yaml': 'services:\n  hardened:\n    extends: {file: ../more.yaml, service: root}\n    cap_drop: [ALL]\n',
      '/p/more.yaml': 'services:\n  root:\n    security_opt: [no-new-privileges:true]\n',
    });
    const get = (n: string) => m.services.find((s) => s.name === n)!.effective();
    assert.deepEqual(get('web'), { image: 'a:1', read_only: true, user: '1000' }, 'depends_on is not inherited');
    assert.deepEqual(get('remote'), { security_opt: ['no-new-privileges:true'], cap_drop: ['ALL'] });
    assert.ok(get('loop1'));
  });

  it('lists services of include:d files', () => {
    const m = project({
      '/p/compose.yaml': 'include:\n  - db/compose.yaml\n  - path: [cache/a.yaml]\nservices:\n  web:\n    image: x:1\n',
      '/p/db/compose.yaml': 'services:\n  postgres:\n    image: postgres:16\n',
      '/p/cache/a.yaml': 'include: [../db/compose.yaml]\nservices:\n  redis:\n    image: redis:7\n',
    });
    assert.deepEqual(m.project.serviceNames().sort(), ['postgres', 'redis', 'web']);
    assert.deepEqual(m.project.includedFiles(), ['/p/db/compose.yaml', '/p/cache/a.yaml']);
    assert.equal((m.project.definition('postgres') as { image: string }).image, 'postgres:16');
  });

  it('merge rules: KEY=value lists merge as mappings, replaced sequences, null resets', () => {
    assert.deepEqual(mergeDefinitions({ labels: ['a=1'], dns: ['1.1.1.1'], ports: ['80:80'] }, { labels: { b: '2' }, dns: ['8.8.8.8'], ports: ['80:80', '443:443'] }), {
      labels: { a: '1', b: '2' },
      dns: ['8.8.8.8'],
      ports: ['80:80', '443:443'],
    });
  });

  it('the engine reads the project through the host and records it as a dependency', () => {
    const res = lint(
      { path: '/p/compose.yaml', text: 'services:\n  web:\n    image: nginx:1\n' },
      { host: memoryHost({ '/p/compose.override.yaml': 'services:\n  web:\n    cap_drop: [ALL]\n' }) },
    );
    assert.ok(!res.findings.some((f) => f.ruleId === 'BH203'));
    assert.ok(res.dependencies.includes('/p/compose.override.yaml'));
  });
});

describe('composeFiles in the config', () => {
  it('merges the listed files in order, relative to the config file', async () => {
    const { parseConfig, ALL_RULES } = await import('../../server/engine');
    const loaded = parseConfig('composeFiles:\n  - deploy/compose.yaml\n  - deploy/compose.prod.yaml\n', ALL_RULES, '/repo/.bulkhead.yaml');
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.config.composeFiles, ['/repo/deploy/compose.yaml', '/repo/deploy/compose.prod.yaml']);
    const res = lint(
      { path: '/repo/deploy/compose.yaml', text: 'services:\n  web:\n    image: nginx:1\n' },
      { config: loaded.config, host: memoryHost({ '/repo/deploy/compose.prod.yaml': 'services:\n  web:\n    cap_drop: [ALL]\n' }) },
    );
    assert.ok(!res.findings.some((f) => f.ruleId === 'BH203'));
    const bad = parseConfig('composeFiles: deploy/compose.yaml\n', ALL_RULES, '/repo/.bulkhead.yaml');
    assert.match(bad.problems[0]!.message, /must be a list/);
  });
});

describe('profiles', () => {
  it('services without profiles always start; others when one of their profiles is enabled', () => {
    const text = 'services:\n  web:\n    image: a:1\n  debug:\n    image: b:1\n    profiles: [debug]\n  tools:\n    image: c:1\n    profiles: [tools, ci]\n';
    const none = parseCompose(text, { path: '/p/compose.yaml' });
    assert.deepEqual(none.services.map((s) => none.project.isActive(s.name)), [true, false, false]);
    const m = parseCompose(text, { path: '/p/compose.yaml' });
    attachProject(m, { path: '/p/compose.yaml', profiles: ['ci'], parse: () => m });
    assert.deepEqual(m.services.map((s) => m.project.isActive(s.name)), [true, false, true]);
    assert.deepEqual(m.project.activeProfiles, ['ci']);
  });
});
