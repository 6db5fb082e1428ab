import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH141', {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'a local repository built in the same step (docker-library postgres, nginx)', code: 'FROM debian:12\nRUN echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list && apt-get -o Acquire::GzipIndexes=false update\n' },
    { name: 'locally built apk packages; apk index', code: 'FROM alpine:3.20\nRUN apk add --no-cache --allow-untrusted /tmp/packages/nginx-module-njs-1.27.0*.apk\nRUN apk index --allow-untrusted -o /tmp/APKINDEX.tar.gz /tmp/packages/*.apk\n' },
    { name: 'purge does not fetch packages', code: 'FROM debian:12\nRUN apt-get purge -y -f --force-yes build-essential\n' },
    { name: 'checks turned on', code: 'FROM fedora:40\nRUN dnf install -y --setopt=gpgcheck=1 tree\nCOPY <<EOF /etc/yum.repos.d/x.repo\n[x]\nbaseurl=https://r.example/x\ngpgcheck=1\nEOF\n' },
    { name: 'local debs', code: 'FROM debian:12\nRUN apt-get install -y --allow-unauthenticated ./dist/app_1.0_amd64.deb /tmp/lib.deb\n' },
    { name: 'a local rpm', code: 'FROM fedora:40\nRUN rpm -ivh --nosignature /tmp/build/app.rpm && dnf install -y --nogpgcheck ./dist/app.rpm\n' },
    { name: 'not a sources file', code: 'FROM debian:12\nRUN echo "deb [trusted=yes] http://r.example/ ./" > /tmp/notes.txt\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --allow-unauthenticated curl\n',
      errors: [{ messageId: 'flag', message: '`apt-get --allow-unauthenticated` installs packages without checking their signatures: a mirror or anyone on the network path can substitute packages. Remove it, and import the repository\'s signing key instead.', line: 2, column: 42, endColumn: 65, severity: 'warning' }],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
      fixTitles: ['Remove --allow-unauthenticated (turns signature checks back on)'],
    },
    {
      name: '--force-yes, -o APT::Get::AllowUnauthenticated=true, --allow-insecure-repositories',
      code: 'FROM debian:12\nRUN apt-get --allow-insecure-repositories update \\\n && apt-get -o APT::Get::AllowUnauthenticated=true install -y --force-yes curl\n',
      errors: [{ line: 2, column: 13 }, { message: /`apt-get -o APT::Get::AllowUnauthenticated=true`/, line: 3, column: 13 }, { message: /`apt-get --force-yes`/, line: 3, column: 63 }],
      output: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl\n',
    },
    {
      name: 'apk --allow-untrusted from a remote repository',
      code: 'FROM alpine:3.20\nRUN apk add gnu-libiconv --repository http://dl-cdn.alpinelinux.org/alpine/edge/testing/ --allow-untrusted\n',
      errors: [{ line: 2, column: 90 }],
      output: 'FROM alpine:3.20\nRUN apk add gnu-libiconv --repository http://dl-cdn.alpinelinux.org/alpine/edge/testing/\n',
    },
    {
      name: 'dnf --nogpgcheck, --setopt=gpgcheck=0, microdnf, rpm --nosignature, zypper',
      code: 'FROM fedora:40\nRUN dnf install -y --nogpgcheck tree\nRUN microdnf --setopt=gpgcheck=0 install jq\nRUN rpm -Uvh --nosignature https://r.example/x.rpm\nRUN zypper --no-gpg-checks install -y vim\n',
      errors: [{ line: 2, column: 20 }, { message: /`microdnf --setopt=gpgcheck=0`/, line: 3, column: 14 }, { line: 4, column: 14 }, { line: 5, column: 12 }],
      output: 'FROM fedora:40\nRUN dnf install -y tree\nRUN microdnf install jq\nRUN rpm -Uvh https://r.example/x.rpm\nRUN zypper install -y vim\n',
    },
    {
      name: 'sources and repo files: echo, tee, COPY heredoc, RUN cat heredoc',
      code: 'FROM debian:12\nRUN echo "deb [arch=amd64 trusted=yes] https://r.example/apt stable main" > /etc/apt/sources.list.d/r.list\nRUN echo "deb [trusted=yes] http://r.example/ ./" | tee -a /etc/apt/sources.list\nCOPY <<EOF /etc/yum.repos.d/x.repo\n[x]\nbaseurl=https://r.example/x\ngpgcheck=0\nEOF\nRUN cat > /etc/apt/sources.list.d/y.sources <<EOF\nTypes: deb\nURIs: https://r.example/y\nTrusted: yes\nEOF\n',
      errors: [
        { messageId: 'file', message: 'This writes `deb [arch=amd64 trusted=yes] https://r.example/apt` to `/etc/apt/sources.list.d/r.list`: apt then installs packages from it without checking signatures. Remove it, and import the repository\'s signing key instead.', line: 2, column: 5 },
        { messageId: 'file', line: 3, column: 5 },
        { messageId: 'file', message: /`gpgcheck=0` to `\/etc\/yum\.repos\.d\/x\.repo`: yum\/dnf/, line: 7, column: 1, endColumn: 11 },
        { messageId: 'file', message: /`Trusted: yes`/, line: 12, column: 1 },
      ],
    },
    {
      name: 'credentials in a sources line are not shown',
      code: 'FROM debian:12\nRUN echo "deb [trusted=yes] https://bob:s3cret@r.example/apt stable main" >> /etc/apt/sources.list\n',
      errors: [{ message: 'This writes `deb [trusted=yes] https://r.example/apt` to `/etc/apt/sources.list`: apt then installs packages from it without checking signatures. Remove it, and import the repository\'s signing key instead.', line: 2, column: 5 }],
    },
    {
      name: 'ONBUILD, sh -c, heredoc script, a build stage',
      code: 'FROM debian:12 AS build\nONBUILD RUN apt-get install -y --allow-unauthenticated x\nRUN sh -c "apk add --allow-untrusted foo"\nRUN <<EOF\ndnf install -y --nogpgcheck tree\nEOF\nFROM scratch\nCOPY --from=build /x /x\n',
      errors: [{ line: 2, column: 32 }, { line: 3, column: 20 }, { line: 5, column: 16 }],
      output: 'FROM debian:12 AS build\nONBUILD RUN apt-get install -y x\nRUN sh -c "apk add foo"\nRUN <<EOF\ndnf install -y tree\nEOF\nFROM scratch\nCOPY --from=build /x /x\n',
    },
  ],
});
