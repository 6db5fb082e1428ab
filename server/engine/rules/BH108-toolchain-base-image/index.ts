import { defineRule } from '../rule';
import type { ImageRef, Instruction } from '../../model/dockerfile';
import { matchesImagePatterns, stageChain } from '../../analysis/dockerfile';
import { isDevOrTestImage } from '../../analysis/runtime';
import { isWindowsImage } from '../../analysis/users';

interface Options {
  toolchainImages: string[];
}

/** Full build images: compilers, package managers and headers that a runtime does not need. */
const DEFAULT_TOOLCHAIN_IMAGES = [
  'golang', 'golang:*',
  'rust', 'rust:*',
  'gcc', 'gcc:*',
  'maven', 'maven:*',
  'gradle', 'gradle:*',
  'buildpack-deps', 'buildpack-deps:*',
  'node', 'node:*', '!node:*slim*', '!node:*alpine*',
  'python', 'python:*', '!python:*slim*', '!python:*alpine*',
  'ruby', 'ruby:*', '!ruby:*slim*', '!ruby:*alpine*',
  'openjdk', 'openjdk:*', '!openjdk:*jre*',
  'eclipse-temurin:*jdk*',
  'mcr.microsoft.com/dotnet/sdk', 'mcr.microsoft.com/dotnet/sdk:*',
];

/** Commands that run the toolchain itself, or a shell: an image for building or development, where the toolchain is the point. */
const TOOL_COMMANDS = /^(sh|bash|ash|zsh|go|gcc|cc|make|cargo|rustc|mvn|gradle|node|npm|python|python3|pip|ruby|irb|java|jshell|javac|dotnet)$/;

/** `docker.io/library/golang:1.22` → `golang:1.22`; other registries keep their name. */
function normalizedName(img: ImageRef): string {
  const registry = img.registry && img.registry !== 'docker.io' && img.registry !== 'index.docker.io' ? img.registry + '/' : '';
  const repo = registry ? img.repository : img.repository.replace(/^library\//, '');
  return `${registry}${repo}${img.tag ? ':' + img.tag : ''}`;
}

function commandWords(ins: Instruction | undefined): string[] {
  if (!ins) return [];
  if (ins.form === 'exec') return (ins.execArgs ?? []).map((a) => a.value);
  return ins.args.map((a) => a.value).join(' ').split(/\s+/).filter(Boolean);
}

export const toolchainBaseImage = defineRule<Options>({
  meta: {
    id: 'BH108',
    name: 'toolchain-base-image',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'info',
    category: 'hygiene',
    description: 'A single-stage image is built on a full toolchain image (golang, maven, a JDK, the .NET SDK, full node/python), so compilers ship to production.',
    references: [
      { title: 'Docker docs — Multi-stage builds', url: 'https://docs.docker.com/build/building/multi-stage/' },
      { title: 'CIS Docker Benchmark v1.6.0 4.3 — Ensure that unnecessary packages are not installed in the container' },
      { title: 'Docker docs — Building best practices: Choose the right base image', url: 'https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image' },
    ],
    fixable: 'none',
    messages: {
      toolchain: 'The image is built on `{image}`, a full toolchain image, in a single stage: its compilers and build tools ship to production. Build in a `{image} AS build` stage and copy the result into a minimal runtime image ({runtime}).',
    },
    options: {
      type: 'object',
      properties: {
        toolchainImages: {
          type: 'array',
          items: { type: 'string' },
          default: DEFAULT_TOOLCHAIN_IMAGES,
          description: 'Toolchain base images (`registry/repository:tag` with Docker Hub names short, `*` wildcards, `!` to exclude; the last matching pattern wins).',
        },
      },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report, file }) {
    const final = model.stages[model.targetStage];
    if (!final) return;
    if (isDevOrTestImage(file.path, final)) return;
    const chain = stageChain(model, final);
    // A stage outside the final image's chain is a build stage: this is a multi-stage build already.
    if (model.stages.some((s) => s.index <= final.index && !chain.includes(s))) return;
    const root = chain[chain.length - 1]!;
    const base = root.image;
    if (base.isScratch || base.unresolved || isWindowsImage(base)) return;
    const name = normalizedName(base);
    if (!matchesImagePatterns(name, options.toolchainImages)) return;

    // The command the image runs: a shell or the toolchain itself means a build/dev image; none means the base image's (a shell).
    let entry: Instruction | undefined;
    let cmd: Instruction | undefined;
    for (const s of chain) {
      const own = [...s.instructions].reverse();
      entry ??= own.find((i) => i.keyword === 'ENTRYPOINT');
      cmd ??= own.find((i) => i.keyword === 'CMD');
      if (entry) break;
    }
    // An entrypoint script (`docker-entrypoint.sh`) hands over to CMD: the CMD says what runs.
    const entryWords = commandWords(entry);
    const wrapper = entryWords.length === 1 && /entrypoint/i.test(entryWords[0]!);
    const words = [...(wrapper ? [] : entryWords), ...commandWords(cmd)];
    if (words.length === 0) return;
    const first = words[0]!.slice(words[0]!.lastIndexOf('/') + 1);
    if (words.length === 1 && TOOL_COMMANDS.test(first)) return;

    const span = base.span.end > base.span.start ? base.span : root.from.keywordSpan;
    report({ messageId: 'toolchain', data: { image: base.raw.includes('$') ? name : base.raw, runtime: runtimeHint(name) }, span });
  },
});

function runtimeHint(name: string): string {
  const repo = name.split(':')[0]!;
  if (repo === 'golang' || repo === 'rust' || repo === 'gcc') return '`gcr.io/distroless/static-debian12`, `scratch` or `alpine` for a static binary';
  if (repo === 'maven' || repo === 'gradle' || repo === 'openjdk' || repo === 'eclipse-temurin') return 'a JRE image such as `eclipse-temurin:21-jre`';
  if (repo === 'mcr.microsoft.com/dotnet/sdk') return '`mcr.microsoft.com/dotnet/aspnet` or `mcr.microsoft.com/dotnet/runtime`';
  if (repo === 'node') return 'the `-slim` or `-alpine` variant';
  if (repo === 'python' || repo === 'ruby') return 'the `-slim` variant';
  return 'a slim or distroless runtime image';
}
