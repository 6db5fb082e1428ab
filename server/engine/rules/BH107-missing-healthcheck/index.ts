import { posix } from 'node:path';
import { defineRule } from '../rule';
import type { Instruction, Stage } from '../../model/dockerfile';
import { imageName, matchesImagePatterns, stageChain } from '../../analysis/dockerfile';
import { isWindowsImage } from '../../analysis/users';
import { isDevOrTestImage } from '../../analysis/runtime';
import type { Span } from '../../types';

interface Options {
  imagesWithHealthcheck: string[];
}

/** Arguments that make a command print something and exit. */
const ONE_SHOT_ARGS = /^(-h|--help|-help|help|-v|-V|--version|-version|version)$/;

function lastOf(stage: Stage, keyword: string): Instruction | undefined {
  for (let i = stage.instructions.length - 1; i >= 0; i--) if (stage.instructions[i]!.keyword === keyword) return stage.instructions[i];
  return undefined;
}

/** The words of a CMD/ENTRYPOINT (exec form strings, or the shell form split on blanks). */
function words(ins: Instruction | undefined): string[] {
  if (!ins) return [];
  if (ins.form === 'exec') return (ins.execArgs ?? []).map((a) => a.value);
  return ins.args.map((a) => a.value).join(' ').split(/\s+/).filter(Boolean);
}

/** Programs that are servers (long-running, listening) whatever their arguments. */
const SERVERS = new Set([
  'nginx', 'httpd', 'apache2', 'apache2-foreground', 'apache2ctl', 'caddy', 'traefik', 'haproxy', 'envoy', 'lighttpd',
  'php-fpm', 'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'uwsgi', 'waitress-serve', 'puma', 'unicorn', 'passenger', 'rackup',
  'postgres', 'mysqld', 'mariadbd', 'mongod', 'redis-server', 'memcached', 'rabbitmq-server', 'elasticsearch', 'catalina.sh', 'jetty.sh',
  'supervisord', 'nats-server', 'etcd', 'consul', 'vault', 'minio', 'grafana-server', 'prometheus', 'influxd',
]);

/** The command line (ENTRYPOINT then CMD words) starts a known server, looking past wrappers and entrypoint scripts. */
function runsServer(all: string[]): boolean {
  for (const w of all) {
    const base = posix.basename(w);
    if (SERVERS.has(base) || /^php-fpm\d/.test(base)) return true;
  }
  // `flask run`, `rails server`, `manage.py runserver`, `npm start`… are servers too.
  const line = all.join(' ');
  return /\b(flask run|rails (s|server)|manage\.py runserver|runserver|http\.server|npm (run )?start|yarn start|serve\b)/.test(line);
}

export const missingHealthcheck = defineRule<Options>({
  meta: {
    id: 'BH107',
    name: 'missing-healthcheck',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'info',
    category: 'hygiene',
    description: 'The image runs a long-running process but neither its final stage nor a stage it is built from defines a HEALTHCHECK.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.6 — Ensure that HEALTHCHECK instructions have been added to container images' },
      { title: 'Dockerfile reference — HEALTHCHECK', url: 'https://docs.docker.com/reference/dockerfile/#healthcheck' },
      { title: 'hadolint DL3057 — HEALTHCHECK instruction missing' },
    ],
    hadolint: ['DL3057'],
    fixable: 'none',
    messages: {
      missing: 'The image defines no HEALTHCHECK: Docker cannot tell a hung service from a healthy one. Add `HEALTHCHECK CMD <probe>` (or `HEALTHCHECK NONE` to opt out explicitly).',
    },
    options: {
      type: 'object',
      properties: {
        imagesWithHealthcheck: {
          type: 'array',
          items: { type: 'string' },
          default: [],
          description: 'Base images (`registry/repository:tag`, `*` wildcards, `!` to exclude) that define a HEALTHCHECK of their own, which the image inherits.',
        },
      },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report, file }) {
    const final = model.stages[model.targetStage];
    if (!final) return;
    // Dev containers and test/CI images run no service.
    if (isDevOrTestImage(file.path, final)) return;
    const chain = stageChain(model, final);
    const base = chain[chain.length - 1]!.image;
    if (base.unresolved || isWindowsImage(base)) return;
    if (!base.isScratch && matchesImagePatterns(imageName(base), options.imagesWithHealthcheck)) return;

    let entry: Instruction | undefined;
    let cmd: Instruction | undefined;
    let exposed = false;
    for (const s of chain) {
      // HEALTHCHECK (or HEALTHCHECK NONE, an explicit opt-out) anywhere in the chain is inherited unless a later one replaces it.
      if (lastOf(s, 'HEALTHCHECK')) return;
      if (lastOf(s, 'EXPOSE')) exposed = true;
      const e = lastOf(s, 'ENTRYPOINT');
      const c = lastOf(s, 'CMD');
      if (!entry && !cmd && c) cmd = c;
      if (!entry && e) {
        entry = e;
        if (!cmd && c) cmd = c;
      }
    }
    // Without a port, only a command known to start a server says the image runs a service:
    // tools, REPLs (`CMD ["python3"]`), shells, desktop apps and workers look alike otherwise.
    if (!exposed && !runsServer([...words(entry), ...words(cmd)])) return;
    // `CMD ["--help"]`, `ENTRYPOINT ["tool", "--version"]`: prints and exits.
    const cmdWords = words(cmd);
    if (cmdWords.length > 0 && cmdWords.every((w) => ONE_SHOT_ARGS.test(w))) return;
    const entryWords = words(entry);
    if (entryWords.length > 1 && ONE_SHOT_ARGS.test(entryWords[entryWords.length - 1]!)) return;

    const span: Span = final.image.span.end > final.image.span.start ? final.image.span : final.from.keywordSpan;
    report({ messageId: 'missing', span });
  },
});
