/**
 * Default package lists for BH112 and BH191 (names as apt, apk, yum/dnf and
 * zypper spell them; `*`, `?`, `[…]` globs; `apk:` limits a name to one manager).
 */

export const REMOTE_ACCESS_PACKAGES = [
  'openssh-server',
  'openssh-server-pam',
  'apk:openssh',
  'dropbear',
  'dropbear-bin',
  'dropbear-run',
  'telnetd',
  'telnetd-ssl',
  'inetutils-telnetd',
  'telnet-server',
  'krb5-telnet',
  'rsh-server',
  'rsh-redone-server',
];

export const PRIVILEGE_PACKAGES = ['sudo', 'sudo-ldap', 'doas', 'opendoas'];

export const NETWORK_TOOL_PACKAGES = ['netcat', 'netcat-openbsd', 'netcat-traditional', 'netcat-bsd', 'nc', 'ncat', 'nmap-ncat', 'telnet', 'inetutils-telnet', 'socat'];

export const BUILD_TOOL_PACKAGES = [
  'gcc',
  'gcc-[0-9]',
  'gcc-[0-9][0-9]',
  'g++',
  'g++-[0-9]',
  'g++-[0-9][0-9]',
  'gcc-c++',
  'clang',
  'clang-[0-9]',
  'clang-[0-9][0-9]',
  'build-essential',
  'build-base',
  'alpine-sdk',
  'Development Tools',
  '@development-tools',
  '@development',
  'make',
  'gdb',
  'strace',
  'ltrace',
];
