import { ruleTester } from '../../../../test/support/ruleTester';

const GH = 'ghp_' + 'A1b2'.repeat(9);
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijkl';

ruleTester('BH120', {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    { name: 'ENV and ARG values are BH102’s', code: 'FROM alpine:3.20\nENV KEY_X=AKIAIOSFODNN7EXAMPLE\nARG CLONE=' + GH + '\n' },
    { name: 'ONBUILD ENV is BH102’s too', code: 'FROM alpine:3.20\nONBUILD ENV KEY_X=AKIAIOSFODNN7EXAMPLE\n' },
    { name: 'URL passwords from variables and secret mounts', code: 'FROM alpine:3.20\nARG PASS\nRUN --mount=type=secret,id=p git clone https://ci:$(cat /run/secrets/p)@git.example/x && curl https://u:${PASS}@h.example/\n' },
    { name: 'template URL passwords', code: 'FROM alpine:3.20\n# connect with mysql://user:password@localhost/db\nRUN echo "postgres://me:<password>@db/app" > /tmp/README\n' },
    { name: 'public key and certificate blocks', code: 'FROM alpine:3.20\nCOPY <<EOF /etc/ssl/ca.pem\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\nEOF\nRUN echo "-----BEGIN PUBLIC KEY-----" > /k.pub\n' },
    { name: 'checksums and GPG fingerprints', code: 'FROM alpine:3.20\nRUN echo "1198c0117593497a5ec5c199286af1f9897469dc  x.tgz" | sha1sum -c - && gpg --recv-keys 0D69E11F12BDBA077B3726AB4E1F799AA4FF2279\n' },
    { name: 'a JWT-looking string whose header has no alg', code: 'FROM alpine:3.20\nLABEL t="eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0In0.abcdefghijkl"\n' },
    { name: 'credentials given to a command are BH121’s: not reported twice', code: `FROM alpine:3.20\nRUN git clone https://x:${GH}@github.com/o/r && curl -u me:S3cr3tPw https://x.example/\n` },
    { name: 'a port, not a password', code: 'FROM alpine:3.20\nRUN curl http://localhost:8080/health\n' },
  ],
  invalid: [
    {
      name: 'GitHub token in a RUN command, masked',
      code: `FROM alpine:3.20\nRUN echo "token=${GH}" > /etc/app.conf\n`,
      errors: [{ messageId: 'instruction', message: 'A GitHub token (ghp_********) is written in a `RUN` command: it is in the Dockerfile and in the build history of the image (`docker history`). Revoke it, and pass it as a build secret (`RUN --mount=type=secret`) or at run time.', line: 2, column: 17, endColumn: 57, severity: 'error' }],
    },
    {
      name: 'password in a URL in file contents: only the password is marked',
      code: 'FROM python:3.12\nCOPY <<EOF /etc/pip.conf\n[global]\nindex-url = https://ci:S3cr3tPw@pypi.corp.example/simple\nEOF\n',
      errors: [{ messageId: 'fileContents', message: /^A password in a URL \(\*{8}\) is written into the image by `COPY <<EOF`/, line: 4, column: 24, endColumn: 32 }],
    },
    {
      name: 'LABEL value',
      code: 'FROM alpine:3.20\nLABEL deploy.key="AKIAIOSFODNN7EXAMPLE"\n',
      errors: [{ messageId: 'instruction', message: /^An AWS access key ID \(AKIA\*{8}\) is written in a `LABEL`: it is in the image metadata/, line: 2, column: 19, endColumn: 39 }],
    },
    {
      name: 'COPY heredoc: file contents, AWS key id and secret key',
      code: `FROM alpine:3.20\nCOPY <<EOF /root/.aws/credentials\n[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${AWS_SECRET}\nEOF\n`,
      errors: [
        { messageId: 'fileContents', message: /^An AWS access key ID \(AKIA\*{8}\) is written into the image by `COPY <<EOF`/, line: 4, column: 21 },
        { messageId: 'fileContents', message: /^An AWS secret access key \(\*{8}\)/, line: 5, column: 25, endColumn: 65 },
      ],
    },
    {
      name: 'RUN heredoc body',
      code: `FROM alpine:3.20\nRUN <<EOF\nset -e\ncurl -H "Authorization: Bearer ${JWT}" https://api.example/\nEOF\n`,
      errors: [{ messageId: 'instruction', message: /^A JSON Web Token \(\*{8}\) is written in a `RUN` command/, line: 4, column: 32 }],
    },
    {
      name: 'private key written by a RUN',
      code: 'FROM alpine:3.20\nRUN printf "%s\\n" "-----BEGIN OPENSSH PRIVATE KEY-----" "b3BlbnNzaC1rZXktdjEAAAAA" > /root/.ssh/id_ed25519\n',
      errors: [{ messageId: 'instruction', message: /^A private key \(\*{8}\)/, line: 2, column: 20 }],
    },
    {
      name: 'CMD exec form and HEALTHCHECK: image configuration',
      code: 'FROM alpine:3.20\nHEALTHCHECK CMD ["curl", "-f", "https://mon:Pw0rd-1@localhost/health"]\nCMD ["notify", "https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx"]\n',
      errors: [
        { messageId: 'instruction', message: /^A password in a URL \(\*{8}\) is written in `HEALTHCHECK`: it is in the image configuration/, line: 2, column: 45, endColumn: 52 },
        { messageId: 'instruction', message: /^A Slack webhook URL \(\*{8}\) is written in `CMD`/, line: 3, column: 17 },
      ],
    },
    {
      name: 'comment: lower severity',
      code: `# deploy token: ${GH}\nFROM alpine:3.20\n`,
      errors: [{ messageId: 'comment', message: 'A GitHub token (ghp_********) is written in a comment: it is not in the image, but it is in the Dockerfile and its version history. Revoke it, and remove it.', line: 1, column: 17, severity: 'warning' }],
    },
    {
      name: 'comment line inside a continued RUN is a comment',
      code: 'FROM alpine:3.20\nRUN apk add curl \\\n  # old key AKIAIOSFODNN7EXAMPLE\n  && true\n',
      errors: [{ messageId: 'comment', line: 3, column: 13, severity: 'warning' }],
    },
    {
      name: 'ONBUILD RUN, multi-stage, and ADD with a URL password',
      code: 'FROM alpine:3.20 AS build\nADD https://dl:Xy9-pass@files.corp.example/app.tgz /tmp/\nFROM alpine:3.20\nONBUILD RUN echo npm_' + 'ab12'.repeat(9) + ' > /root/.npm-token\n',
      errors: [
        { messageId: 'instruction', message: /^A password in a URL \(\*{8}\) is written in `ADD`/, line: 2, column: 16 },
        { messageId: 'instruction', message: /^An npm token \(npm_\*{8}\) is written in a `RUN` command/, line: 4, column: 18 },
      ],
    },
    {
      name: 'continuation lines and lower-case keywords',
      code: 'from alpine:3.20\nrun curl \\\n    -H "X-Api-Key: AIza' + 'Sy'.repeat(17) + 'Q" \\\n    https://maps.example/\n',
      errors: [{ messageId: 'instruction', message: /^A Google API key \(AIza\*{8}\)/, line: 3, column: 20 }],
    },
  ],
});
