import { defineRule } from '../rule';
import { finalImageStages } from '../../analysis/commands';
import { keptOsPackages, matchesManagerPattern } from '../../analysis/packages';
import { BUILD_TOOL_PACKAGES, NETWORK_TOOL_PACKAGES } from '../BH112-risky-package-in-image/riskyPackages';

interface Options {
  buildToolPackages: string[];
  networkToolPackages: string[];
  buildToolsInSingleStage: boolean;
}

export const buildToolInImage = defineRule<Options>({
  meta: {
    id: 'BH191',
    name: 'build-tool-in-image',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'info',
    category: 'hygiene',
    description: 'The built image keeps compilers or debuggers although a build stage exists to hold them, or keeps network tools such as netcat.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.3 — Ensure that unnecessary packages are not installed in the container' },
      { title: 'Docker documentation — Multi-stage builds', url: 'https://docs.docker.com/build/building/multi-stage/' },
    ],
    fixable: 'none',
    messages: {
      buildTool:
        '`{package}` is installed in the final stage although this Dockerfile has a build stage: compilers and debuggers in the runtime image help an attacker build and inspect tools. Install it in the build stage and COPY --from only the results.',
      networkTool: '`{package}` stays in the image: netcat-style tools make reverse shells and data exfiltration easy for an attacker. Remove it once it is no longer needed, or check ports from the orchestrator instead.',
    },
    options: {
      type: 'object',
      properties: {
        buildToolPackages: {
          type: 'array',
          items: { type: 'string' },
          default: BUILD_TOOL_PACKAGES,
          description: 'Package names (globs `*`, `?`, `[…]`; a prefix such as `apk:` limits a name to one manager: `apt`, `apk`, `rpm`, `zypper`) of compilers, build tools and debuggers.',
        },
        networkToolPackages: {
          type: 'array',
          items: { type: 'string' },
          default: NETWORK_TOOL_PACKAGES,
          description: 'Package names (globs) of raw network tools (netcat, telnet, socat).',
        },
        buildToolsInSingleStage: {
          type: 'boolean',
          default: false,
          description: 'Also report build tools in a Dockerfile without a separate build stage, or whose final stage has no CMD/ENTRYPOINT (a base or SDK image).',
        },
      },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report }) {
    const final = finalImageStages(model);
    const hasBuildStage = model.stages.some((s) => !final.has(s.index));
    // An image with no CMD or ENTRYPOINT of its own is a base or SDK image (the official golang image keeps gcc for cgo on purpose).
    const runsSomething = [...final].some((i) => model.stages[i]!.instructions.some((ins) => ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT'));
    const judgeBuildTools = options.buildToolsInSingleStage || (hasBuildStage && runsSomething);
    for (const { pkg, command } of keptOsPackages(model)) {
      if (judgeBuildTools && options.buildToolPackages.some((p) => matchesManagerPattern(command.manager, pkg.name, p))) {
        report({ messageId: 'buildTool', data: { package: pkg.name }, span: pkg.word.span });
      } else if (options.networkToolPackages.some((p) => matchesManagerPattern(command.manager, pkg.name, p))) {
        report({ messageId: 'networkTool', data: { package: pkg.name }, span: pkg.word.span });
      }
    }
  },
});
