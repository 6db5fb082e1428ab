import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH135', {
  valid: [
    {
      name: 'docker-library style: sha256sum -c',
      code: 'FROM debian:12\nENV GOLANG_VERSION=1.22.5\nRUN set -eux; \\\n    url="https://dl.google.com/go/go${GOLANG_VERSION}.linux-amd64.tar.gz"; \\\n    sha256="904b924d435eaea086515bc63235b192ea441bd8c9b198c507e85009e6e4c7f0"; \\\n    wget -O go.tgz "$url" --progress=dot:giga; \\\n    echo "$sha256 *go.tgz" | sha256sum -c -; \\\n    tar -C /usr/local -xzf go.tgz; \\\n    rm go.tgz\n',
    },
    {
      name: 'docker-library style: gpg --verify',
      code: 'FROM debian:12\nRUN curl -fsSLO "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-x64.tar.xz" \\\n && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/SHASUMS256.txt.asc" \\\n && gpg --batch --decrypt --output SHASUMS256.txt SHASUMS256.txt.asc \\\n && grep " node-v$NODE_VERSION-linux-x64.tar.xz\\$" SHASUMS256.txt | sha256sum -c - \\\n && tar -xJf "node-v$NODE_VERSION-linux-x64.tar.xz" -C /usr/local --strip-components=1\n',
    },
    { name: 'nginx style: openssl digest compared', code: 'FROM debian:12\nRUN curl -f -L -O https://github.com/nginx/pkg-oss/archive/${REVISION}.tar.gz \\\n && if [ "$(openssl sha512 -r ${REVISION}.tar.gz)" = "$PKGOSSCHECKSUM" ]; then echo ok; else exit 1; fi \\\n && tar xzvf ${REVISION}.tar.gz\n' },
    { name: 'shasum, cosign, minisign', code: 'FROM alpine:3.20\nRUN wget -O t.tgz https://e.example/t.tgz && shasum -a 256 -c t.sha && tar xzf t.tgz\nRUN curl -fsSLo /usr/local/bin/x https://e.example/x && cosign verify-blob --key k.pub --signature x.sig /usr/local/bin/x && chmod +x /usr/local/bin/x\nRUN curl -fsSLO https://e.example/y.tgz && minisign -Vm y.tgz -P "$PUB" && tar xzf y.tgz\n' },
    { name: 'downloaded but not used here', code: 'FROM alpine:3.20\nRUN curl -fsSLo /etc/app/config.json https://e.example/config.json\n' },
    { name: 'used by another RUN (not judged)', code: 'FROM alpine:3.20\nRUN curl -fsSLo /tmp/x.tgz https://e.example/x.tgz\nRUN tar xzf /tmp/x.tgz\n' },
    { name: 'piped into a shell is BH134, not this rule', code: 'FROM alpine:3.20\nRUN curl -fsSL https://e.example/i.sh | sh\n' },
    { name: 'a different file is extracted', code: 'FROM alpine:3.20\nRUN curl -fsSLo a.tgz https://e.example/a.tgz && tar xzf vendor.tgz\n' },
    { name: 'chmod without x', code: 'FROM alpine:3.20\nRUN curl -fsSLo /etc/x.conf https://e.example/x.conf && chmod 644 /etc/x.conf\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN curl -fsSLo /tmp/tool.tgz https://e.example/tool.tgz && tar -xzf /tmp/tool.tgz -C /usr/local/bin\n',
      errors: [{ messageId: 'unverified', message: '`curl` downloads `https://e.example/tool.tgz` and this RUN unpacks it without checking a checksum or signature. Verify it first (`echo "<sha256>  <file>" | sha256sum -c -`, or `gpg --verify`).', line: 2, column: 5, endColumn: 57, severity: 'warning' }],
    },
    {
      name: 'piped into tar, wget -qO-, a build stage',
      code: 'FROM alpine:3.20 AS fetch\nRUN curl -fsSL https://e.example/x.tar.gz | tar -xz -C /opt\nRUN wget -qO- https://e.example/y.tar.gz | tar xz\nFROM scratch\nCOPY --from=fetch /opt /opt\n',
      errors: [{ message: /unpacks it/, line: 2, column: 5, endColumn: 42 }, { line: 3, column: 5 }],
    },
    {
      name: 'chmod +x then run; remote name (-O); wget to the current folder',
      code: 'FROM debian:12\nRUN curl -fsSLO https://e.example/bin/kubectl && chmod +x kubectl && mv kubectl /usr/local/bin/\nRUN wget https://e.example/setup.run && sh setup.run\nRUN curl -fsSLo /usr/local/bin/tool https://e.example/tool && chmod 0755 /usr/local/bin/tool\n',
      errors: [{ message: /makes it executable/, line: 2, column: 5 }, { message: /runs it/, line: 3, column: 5 }, { message: /makes it executable/, line: 4, column: 5 }],
    },
    {
      name: 'packages: dpkg -i, apt-get install ./x.deb, rpm -i, unzip',
      code: 'FROM debian:12\nRUN curl -fsSLo /tmp/a.deb https://e.example/a.deb && dpkg -i /tmp/a.deb\nRUN wget -O b.deb https://e.example/b.deb && apt-get install -y ./b.deb\nRUN curl -fsSLo c.rpm https://e.example/c.rpm && rpm -ivh c.rpm\nRUN wget -P /tmp https://e.example/d.zip && unzip /tmp/d.zip -d /opt\n',
      errors: [{ message: /installs it/, line: 2, column: 5 }, { message: /installs it/, line: 3, column: 5 }, { message: /installs it/, line: 4, column: 5 }, { message: /unpacks it/, line: 5, column: 5 }],
    },
    {
      name: 'redirected to a file, then run with an interpreter',
      code: 'FROM python:3.12\nRUN curl -sS https://bootstrap.pypa.io/get-pip.py > /tmp/get-pip.py && python3 /tmp/get-pip.py\n',
      errors: [{ message: /`curl` downloads `https:\/\/bootstrap\.pypa\.io\/get-pip\.py` and this RUN runs it/, line: 2, column: 5 }],
    },
    {
      name: 'heredoc, sh -c, ONBUILD, credentials hidden',
      code: 'FROM alpine:3.20\nRUN <<EOF\nset -e\nwget -O /tmp/a.tgz https://u:p@e.example/a.tgz\ntar xzf /tmp/a.tgz\nEOF\nRUN sh -c \'curl -fsSLo b.zip https://e.example/b.zip && unzip b.zip\'\nONBUILD RUN curl -fsSL https://e.example/c.tgz | tar xz\n',
      errors: [{ message: /`wget` downloads `https:\/\/e\.example\/a\.tgz` and/, line: 4, column: 1 }, { line: 7, column: 12 }, { line: 8, column: 13 }],
    },
    {
      name: '${V} and $V name the same file',
      code: 'FROM alpine:3.20\nARG V=1.2\nRUN wget -O /tmp/k-${V}.tgz https://e.example/k-$V.tgz && tar xzf /tmp/k-$V.tgz -C /\n',
      errors: [{ line: 3, column: 5 }],
    },
    {
      name: 'continuation lines',
      code: 'FROM alpine:3.20\nRUN set -eux \\\n && curl -fsSL \\\n      -o /tmp/x.tgz \\\n      https://e.example/x.tgz \\\n && tar xzf /tmp/x.tgz\n',
      errors: [{ line: 3, column: 5, endLine: 5, endColumn: 30 }],
    },
  ],
});
