import { defineRule } from '../rule';
import { keptOsPackages, matchesManagerPattern } from '../../analysis/packages';
import { PRIVILEGE_PACKAGES, REMOTE_ACCESS_PACKAGES } from './riskyPackages';

interface Options {
  remoteAccessPackages: string[];
  privilegePackages: string[];
}

export const riskyPackageInImage = defineRule<Options>({
  meta: {
    id: 'BH112',
    name: 'risky-package-in-image',
    appliesTo: ['dockerfile'],
    defaultSeverity: 'warning',
    category: 'privilege',
    description: 'The built image installs a remote-login server (openssh-server, dropbear, telnetd) or a privilege-escalation tool (sudo, doas).',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 4.3 — Ensure that unnecessary packages are not installed in the container' },
      { title: 'CIS Docker Benchmark v1.6.0 5.7 — Ensure sshd is not run within containers' },
      { title: 'OWASP Docker Security Cheat Sheet — Rule #2: Set a user', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
    ],
    fixable: 'none',
    messages: {
      remoteAccess:
        '`{package}` puts a remote-login server in the image: it is one more network service to secure and a way in that bypasses the container runtime. Use `docker exec` for access, or run the server in its own dedicated image.',
      privilege:
        '`{package}` in the image lets a process that runs as a non-root user become root again, undoing USER. Do the root work in RUN at build time, or use `gosu`/`su-exec` in an entrypoint that drops privileges.',
    },
    options: {
      type: 'object',
      properties: {
        remoteAccessPackages: {
          type: 'array',
          items: { type: 'string' },
          default: REMOTE_ACCESS_PACKAGES,
          description: 'Package names (globs `*`, `?`, `[…]`; a prefix such as `apk:` limits a name to one manager: `apt`, `apk`, `rpm`, `zypper`) that install a remote-login server.',
        },
        privilegePackages: {
          type: 'array',
          items: { type: 'string' },
          default: PRIVILEGE_PACKAGES,
          description: 'Package names (globs) that let a user become root.',
        },
      },
      additionalProperties: false,
    },
  },
  checkDockerfile({ model, options, report }) {
    for (const { pkg, command } of keptOsPackages(model)) {
      const messageId = options.remoteAccessPackages.some((p) => matchesManagerPattern(command.manager, pkg.name, p))
        ? 'remoteAccess'
        : options.privilegePackages.some((p) => matchesManagerPattern(command.manager, pkg.name, p))
          ? 'privilege'
          : undefined;
      if (messageId) report({ messageId, data: { package: pkg.name }, span: pkg.word.span });
    }
  },
});
