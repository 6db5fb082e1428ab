import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH140', {
  valid: [
    'FROM alpine:3.20\nRUN curl -fsSL -o /tmp/x https://e.example/x\n',
    { name: 'wget -k is --convert-links', code: 'FROM alpine:3.20\nRUN wget -k https://e.example/x\n' },
    { name: 'a HEALTHCHECK against the container itself is not a download', code: 'FROM alpine:3.20\nHEALTHCHECK CMD curl -k -s --fail https://localhost:8443/health || exit 1\n' },
    { name: 'verification turned on', code: 'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1 NPM_CONFIG_STRICT_SSL=true\nRUN npm config set strict-ssl true && git config --global http.sslVerify true\n' },
    { name: 'the loopback interface during the build', code: 'FROM alpine:3.20\nRUN ./server & sleep 2 && curl -k https://localhost:8443/health && wget --no-check-certificate -O- https://127.0.0.1/ready\n' },
    { name: 'an unexported shell variable reaches no program', code: 'FROM node:20\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0; node -e 1\n' },
    { name: 'an ARG without a value', code: 'FROM alpine:3.20\nARG GIT_SSL_NO_VERIFY\n' },
    { name: 'curl -o value that looks like a flag group', code: 'FROM alpine:3.20\nRUN curl -o -k.txt https://e.example/x\n' },
    { name: 'sslverify=1 in a repo file', code: 'FROM rockylinux:9\nCOPY <<EOF /etc/yum.repos.d/x.repo\n[x]\nbaseurl=https://r.example/x\nsslverify=1\nEOF\n' },
  ],
  invalid: [
    {
      name: 'after an assignment whose value tree-sitter-bash split at its second `$` (it read "B.c" as the command)',
      code: 'FROM alpine:3.20\nRUN if [ -n "$A" ]; then V=$A-$B.c curl -k https://e.example/x -o /x; fi\n',
      errors: [{ messageId: 'flag', line: 2, column: 41, endColumn: 43 }],
      output: 'FROM alpine:3.20\nRUN if [ -n "$A" ]; then V=$A-$B.c curl https://e.example/x -o /x; fi\n',
    },
    {
      code: 'FROM alpine:3.20\nRUN curl -fsSLk https://e.example/x -o /x\n',
      errors: [{ messageId: 'flag', message: '`curl -k` turns off TLS certificate verification: anyone on the network path can serve a different file. Remove it, and install the CA certificate the server needs instead.', line: 2, column: 15, endColumn: 16, severity: 'warning' }],
      output: 'FROM alpine:3.20\nRUN curl -fsSL https://e.example/x -o /x\n',
      fixTitles: ['Remove -k (turns certificate verification back on)'],
    },
    {
      name: 'curl --insecure, wget --no-check-certificate on a continuation line',
      code: 'FROM alpine:3.20\nRUN curl --insecure -fsSLo /a https://e.example/a \\\n && wget \\\n    --no-check-certificate \\\n    https://e.example/b\n',
      errors: [{ line: 2, column: 10, endColumn: 20 }, { line: 4, column: 5 }],
      output: 'FROM alpine:3.20\nRUN curl -fsSLo /a https://e.example/a \\\n && wget \\\n    https://e.example/b\n',
    },
    {
      name: 'pip --trusted-host (value separate and with =), python -m pip',
      code: 'FROM python:3.12\nRUN pip install --trusted-host pypi.org --trusted-host=files.pythonhosted.org flask\nRUN python3 -m pip install --trusted-host pypi.org requests\n',
      errors: [{ message: /`pip --trusted-host pypi\.org`/, line: 2, column: 17, endColumn: 40 }, { message: /`pip --trusted-host=files\.pythonhosted\.org`/, line: 2, column: 41 }, { line: 3, column: 28 }],
      output: 'FROM python:3.12\nRUN pip install flask\nRUN python3 -m pip install requests\n',
    },
    {
      name: 'npm and yarn settings, git config, composer, conda: reported, no fix',
      code: 'FROM node:20\nRUN npm config set strict-ssl false\nRUN yarn config set strict-ssl false\nRUN git config --global http.sslVerify false\nRUN composer config -g disable-tls true\nRUN conda config --set ssl_verify false\n',
      errors: [
        { messageId: 'setting', message: '`npm config set strict-ssl false` turns off TLS certificate verification for npm in every later command: anyone on the network path can serve different packages. Remove it, and install the CA certificate the server needs instead.', line: 2, column: 5 },
        { messageId: 'setting', line: 3, column: 5 },
        { messageId: 'setting', message: /for git/, line: 4, column: 5 },
        { messageId: 'setting', message: /for Composer/, line: 5, column: 5 },
        { messageId: 'setting', line: 6, column: 5 },
      ],
      output: null,
    },
    {
      name: 'flags: npm --strict-ssl=false, git -c http.sslVerify=false, dnf --setopt, apt -o',
      code: 'FROM fedora:40\nRUN npm install --strict-ssl=false left-pad\nRUN git -c http.sslVerify=false clone https://g.example/r.git\nRUN dnf install -y --setopt=sslverify=false tree\nRUN apt-get -o Acquire::https::Verify-Peer=false update\n',
      errors: [{ line: 2, column: 17 }, { message: /`git -c http\.sslVerify=false`/, line: 3, column: 9 }, { line: 4, column: 20 }, { line: 5, column: 13 }],
      output: 'FROM fedora:40\nRUN npm install left-pad\nRUN git clone https://g.example/r.git\nRUN dnf install -y tree\nRUN apt-get update\n',
    },
    {
      name: 'ENV and ARG: pairs removed, the instruction when alone',
      code: 'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nENV A=1 GIT_SSL_NO_VERIFY=true\nARG PIP_TRUSTED_HOST=pypi.org\nRUN npm ci\n',
      errors: [
        { messageId: 'env', message: '`NODE_TLS_REJECT_UNAUTHORIZED=0` turns off TLS certificate verification for Node.js: anyone on the network path can serve a different file. Remove it, and install the CA certificate the server needs instead.', line: 2, column: 5, endColumn: 35 },
        { messageId: 'env', message: /for git/, line: 3, column: 9 },
        { messageId: 'env', message: /for pip/, line: 4, column: 5 },
      ],
      output: 'FROM node:20\nENV A=1\nRUN npm ci\n',
    },
    {
      name: 'ENV value from an ARG default; npm_config in lower case',
      code: 'FROM node:20\nARG VERIFY=0\nENV PYTHONHTTPSVERIFY=${VERIFY} npm_config_strict_ssl=false\n',
      errors: [{ message: /`PYTHONHTTPSVERIFY=0`/, line: 3, column: 5 }, { line: 3, column: 33 }],
      output: 'FROM node:20\nARG VERIFY=0\n',
    },
    {
      name: 'RUN assignments: prefix (fixed), export and env',
      code: 'FROM node:20\nRUN GIT_SSL_NO_VERIFY=1 git clone https://g.example/r.git\nRUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci\nRUN env PYTHONHTTPSVERIFY=0 python3 setup.py\n',
      errors: [{ line: 2, column: 5, endColumn: 24 }, { line: 3, column: 12 }, { line: 4, column: 9 }],
      output: 'FROM node:20\nRUN git clone https://g.example/r.git\nRUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci\nRUN env python3 setup.py\n',
    },
    {
      name: 'config files: COPY heredoc, echo >>, RUN cat heredoc',
      code: 'FROM rockylinux:9\nCOPY <<EOF /etc/yum.repos.d/x.repo\n[x]\nbaseurl=https://r.example/x\nsslverify=0\nEOF\nRUN echo "strict-ssl=false" >> /root/.npmrc\nRUN cat > /etc/pip.conf <<EOF\n[global]\ntrusted-host = pypi.org\nEOF\n',
      errors: [
        { messageId: 'file', message: 'This writes `sslverify=0` to `/etc/yum.repos.d/x.repo`, which turns off TLS certificate verification for yum/dnf. Remove the setting, and install the CA certificate the server needs instead.', line: 5, column: 1, endColumn: 12 },
        { messageId: 'file', message: /for npm/, line: 7, column: 5 },
        { messageId: 'file', message: /for pip/, line: 10, column: 1 },
      ],
    },
    {
      name: 'heredoc RUN, ONBUILD, sh -c, build stage',
      code: 'FROM alpine:3.20 AS fetch\nRUN <<EOF\ncurl -k https://e.example/a -o /a\nEOF\nONBUILD RUN wget --no-check-certificate https://e.example/b\nRUN sh -c "curl --insecure -o /c https://e.example/c"\nFROM scratch\nCOPY --from=fetch /a /a\n',
      errors: [{ line: 3, column: 6 }, { line: 5, column: 18 }, { line: 6, column: 17 }],
      output: 'FROM alpine:3.20 AS fetch\nRUN <<EOF\ncurl https://e.example/a -o /a\nEOF\nONBUILD RUN wget https://e.example/b\nRUN sh -c "curl -o /c https://e.example/c"\nFROM scratch\nCOPY --from=fetch /a /a\n',
    },
    {
      name: 'only the setting is shown, not the rest of the command',
      code: 'FROM alpine:3.20\nRUN git -c http.extraHeader="Authorization: Basic dG9rZW4=" config --global http.sslVerify false\n',
      errors: [{ message: '`git config --global http.sslVerify false` turns off TLS certificate verification for git in every later command: anyone on the network path can serve different packages. Remove it, and install the CA certificate the server needs instead.', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'ONBUILD ENV',
      code: 'FROM node:20\nONBUILD ENV NODE_TLS_REJECT_UNAUTHORIZED=0\n',
      errors: [{ line: 2, column: 13 }],
      output: 'FROM node:20\n',
    },
  ],
});
