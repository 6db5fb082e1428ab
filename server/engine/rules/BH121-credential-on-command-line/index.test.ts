import { ruleTester } from '../../../../test/support/ruleTester';

const SYNTAX = '# syntax=docker/dockerfile:1\n';

ruleTester('BH121', {
  valid: [
    'FROM alpine:3.20\nRUN curl -fsSL https://example.com/x -o /x\n',
    { name: 'curl -u without a password prompts', code: 'FROM alpine:3.20\nRUN curl -u admin https://example.com/x\n' },
    { name: 'read from a secret mount', code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=curl_auth curl -u "admin:$(cat /run/secrets/curl_auth)" https://example.com/x\n' },
    { name: 'a secret mount as an env variable', code: 'FROM alpine:3.20\nARG DB_PASS\nRUN --mount=type=secret,id=db,env=DB_PASS mysql -uroot -p$DB_PASS -e "select 1"\n' },
    { name: 'a shell variable filled from a secret in the same RUN', code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=pw PW=$(cat /run/secrets/pw) && sshpass -p "$PW" ssh host true\n' },
    { name: 'mysql -p alone prompts; the next word is the database', code: 'FROM mysql:8\nRUN mysql -uroot -p mydb < /init.sql && mysqladmin -P 3306 ping\n' },
    { name: 'docker login --password-stdin', code: 'FROM docker:27\nRUN --mount=type=secret,id=reg cat /run/secrets/reg | docker login --password-stdin -u me registry.example\n' },
    { name: 'an unknown variable (neither ARG nor ENV) is not judged', code: 'FROM alpine:3.20\nRUN curl -u "me:$TOKEN" https://example.com/\n' },
    { name: 'ssh-style git URL and a plain user in a URL', code: 'FROM alpine:3.20\nRUN git clone git@github.com:o/r.git && git clone https://me@git.example/r.git\n' },
    { name: 'template passwords', code: 'FROM alpine:3.20\nRUN echo "use mysql://user:password@localhost/db" && curl -u "user:<password>" x\n' },
    { name: 'gcloud key file not copied from the context', code: 'FROM google/cloud-sdk:480.0.0\nRUN --mount=type=secret,id=gcloud_key gcloud auth activate-service-account --key-file /run/secrets/gcloud_key\n' },
    { name: 'gcloud key file from another stage is not matched by name only', code: 'FROM google/cloud-sdk:480.0.0\nCOPY --from=build /out/app /app\nRUN gcloud auth activate-service-account --key-file=/keys/sa.json\n' },
    { name: 'npm config set of a non-secret key', code: 'FROM node:20\nRUN npm config set registry https://registry.example/\n' },
    { name: 'variables named like Object methods are not password variables', code: 'FROM alpine:3.20\nRUN constructor=abc123xyz toString=abc123xyz wget -q https://example.com/x && export constructor=abc123xyz\n' },
  ],
  invalid: [
    {
      name: 'curl -u user:pass: rewritten to a secret mount',
      code: 'FROM alpine:3.20\nRUN curl -fsSL -u admin:S3cr3t https://example.com/x -o /x\n',
      errors: [{ messageId: 'literal', message: 'The password of `curl -u` is written on the command line (********): the `RUN` line is kept in the Dockerfile and in the image build history (`docker history`). Read it from a build secret (`RUN --mount=type=secret`).', line: 2, column: 25, endColumn: 31, severity: 'error' }],
      output: `${SYNTAX}FROM alpine:3.20\nRUN --mount=type=secret,id=curl_auth curl -fsSL -u "admin:$(cat /run/secrets/curl_auth)" https://example.com/x -o /x\n`,
      fixTitles: ['Read it from a build secret (build with --secret id=curl_auth,src=<file>)'],
    },
    {
      name: 'curl --user in double quotes, existing flags and syntax directive kept',
      code: '# syntax=docker/dockerfile:1.7\nFROM alpine:3.20\nRUN --network=host curl --user "bob:pa55word" https://example.com/\n',
      errors: [{ messageId: 'literal', line: 3, column: 37, endColumn: 45 }],
      output: '# syntax=docker/dockerfile:1.7\nFROM alpine:3.20\nRUN --mount=type=secret,id=curl_auth --network=host curl --user "bob:$(cat /run/secrets/curl_auth)" https://example.com/\n',
    },
    {
      name: 'a build argument: another message, no fix (BH102 moves the ARG)',
      code: 'FROM alpine:3.20\nARG REPO_PASS\nRUN curl --user=ci:${REPO_PASS} https://repo.example/\n',
      errors: [{ messageId: 'fromArg', message: 'The password of `curl --user` comes from build argument `REPO_PASS`: build argument values are kept in the image build history (`docker history`). Pass it as a build secret (`RUN --mount=type=secret,env=REPO_PASS`).', line: 3, column: 20, endColumn: 32, severity: 'warning' }],
      output: null,
    },
    {
      name: 'an ENV from a parent stage',
      code: 'FROM mysql:8 AS base\nENV ROOT_PW=x\nFROM base\nRUN mysqladmin -uroot -p$ROOT_PW ping\n',
      errors: [{ messageId: 'fromEnv', line: 4, column: 25, endColumn: 33 }],
      output: null,
    },
    {
      name: 'wget --password= and --http-password value',
      code: 'FROM alpine:3.20\nRUN wget --user=me --password=hunter22 https://x.example/a && wget --http-password hunter23 https://x.example/b\n',
      errors: [
        { messageId: 'literal', message: /^`wget --password` is written/, line: 2, column: 31, endColumn: 39 },
        { messageId: 'literal', message: /^`wget --http-password` is written/, line: 2, column: 84, endColumn: 92 },
      ],
      output: `${SYNTAX}FROM alpine:3.20\nRUN --mount=type=secret,id=wget_password_2 --mount=type=secret,id=wget_password wget --user=me "--password=$(cat /run/secrets/wget_password)" https://x.example/a && wget --http-password "$(cat /run/secrets/wget_password_2)" https://x.example/b\n`,
    },
    {
      name: 'docker login -p and mysql -pSECRET, across continuation lines',
      code: 'FROM docker:27\nRUN docker login -u me -p Pw12345 registry.example \\\n && mysql -uroot -pr00tpw -e "select 1"\n',
      errors: [
        { messageId: 'literal', message: /^The password of `docker login -p`/, line: 2, column: 27, endColumn: 34 },
        { messageId: 'literal', message: /^The password of `mysql -p`/, line: 3, column: 20, endColumn: 26 },
      ],
      output: `${SYNTAX}FROM docker:27\nRUN --mount=type=secret,id=mysql_password --mount=type=secret,id=docker_password docker login -u me -p "$(cat /run/secrets/docker_password)" registry.example \\\n && mysql -uroot "-p$(cat /run/secrets/mysql_password)" -e "select 1"\n`,
    },
    {
      name: 'PGPASSWORD assignment and export',
      code: 'FROM postgres:16\nRUN PGPASSWORD=pgpw123 psql -h db -c "select 1"\nRUN export MYSQL_PWD=mypw123 && mysql -e "select 1"\n',
      errors: [
        { messageId: 'literal', message: /^`PGPASSWORD` is written/, line: 2, column: 16, endColumn: 23 },
        { messageId: 'literal', message: /^`MYSQL_PWD` is written/, line: 3, column: 22, endColumn: 29 },
      ],
      output: `${SYNTAX}FROM postgres:16\nRUN --mount=type=secret,id=pgpassword PGPASSWORD="$(cat /run/secrets/pgpassword)" psql -h db -c "select 1"\nRUN --mount=type=secret,id=mysql_pwd export MYSQL_PWD="$(cat /run/secrets/mysql_pwd)" && mysql -e "select 1"\n`,
    },
    {
      name: 'sshpass -p in a sh -c string',
      code: "FROM alpine:3.20\nRUN sh -c 'sshpass -p sshpw12 ssh host true'\n",
      errors: [{ messageId: 'literal', message: /^The password of `sshpass -p`/, line: 2, column: 23, endColumn: 30 }],
      output: `${SYNTAX}FROM alpine:3.20\nRUN --mount=type=secret,id=sshpass sh -c 'sshpass -p "$(cat /run/secrets/sshpass)" ssh host true'\n`,
    },
    {
      name: 'aws configure set aws_secret_access_key (reported once: not also BH120)',
      code: 'FROM amazon/aws-cli:2.17.0\nRUN aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY --profile ci\n',
      errors: [{ messageId: 'literal', message: /^`aws configure set aws_secret_access_key` is written/, line: 2, column: 45, endColumn: 85 }],
      output: `${SYNTAX}FROM amazon/aws-cli:2.17.0\nRUN --mount=type=secret,id=aws_secret_access_key aws configure set aws_secret_access_key "$(cat /run/secrets/aws_secret_access_key)" --profile ci\n`,
    },
    {
      name: 'npm config set //…:_authToken, both spellings',
      code: 'FROM node:20\nRUN npm config set //registry.npmjs.org/:_authToken tok-123456 && npm set //npm.example/:_authToken=tok-654321\n',
      errors: [
        { messageId: 'literal', line: 2, column: 53, endColumn: 63 },
        { messageId: 'literal', line: 2, column: 101, endColumn: 111 },
      ],
      output: `${SYNTAX}FROM node:20\nRUN --mount=type=secret,id=npm_token_2 --mount=type=secret,id=npm_token npm config set //registry.npmjs.org/:_authToken "$(cat /run/secrets/npm_token)" && npm set "//npm.example/:_authToken=$(cat /run/secrets/npm_token_2)"\n`,
    },
    {
      name: 'git clone with user:token and a lone token',
      code: 'FROM alpine:3.20\nRUN git clone https://oauth2:tok3n-value@gitlab.example/o/r.git\nRUN git clone https://abcdefghij0123456789xyz@github.com/o/r.git\n',
      errors: [
        { messageId: 'literal', message: /^The password of a URL is written/, line: 2, column: 30, endColumn: 41 },
        { messageId: 'literal', message: /^The token of a URL is written/, line: 3, column: 23, endColumn: 46 },
      ],
      output: `${SYNTAX}FROM alpine:3.20\nRUN --mount=type=secret,id=git_token git clone "https://oauth2:$(cat /run/secrets/git_token)@gitlab.example/o/r.git"\nRUN --mount=type=secret,id=git_token git clone "https://$(cat /run/secrets/git_token)@github.com/o/r.git"\n`,
    },
    {
      name: 'git URL with a build argument as the token',
      code: 'FROM alpine:3.20\nARG GH_TOKEN\nRUN git clone https://$GH_TOKEN@github.com/o/r.git\n',
      errors: [{ messageId: 'fromArg', message: /^The token of a URL comes from build argument `GH_TOKEN`/, line: 3, column: 23, endColumn: 32 }],
      output: null,
    },
    {
      name: 'gcloud key file copied in from the context',
      code: 'FROM google/cloud-sdk:480.0.0\nCOPY sa-key.json /secrets/\nRUN gcloud auth activate-service-account --key-file /secrets/sa-key.json\n',
      errors: [{ messageId: 'keyFile', message: /^`gcloud auth activate-service-account` reads the key file `\/secrets\/sa-key.json`, which the `COPY` on line 2 copies into the image/, line: 3, column: 53 }],
      output: null,
    },
    {
      name: 'heredoc RUN, multi-stage',
      code: 'FROM alpine:3.20 AS fetch\nRUN <<EOF\nset -e\ncurl -u deploy:Xy9pass12 https://x.example/a -o /a\nEOF\nFROM alpine:3.20\nCOPY --from=fetch /a /a\n',
      errors: [{ messageId: 'literal', line: 4, column: 16, endColumn: 25 }],
      output: `${SYNTAX}FROM alpine:3.20 AS fetch\nRUN --mount=type=secret,id=curl_auth <<EOF\nset -e\ncurl -u "deploy:$(cat /run/secrets/curl_auth)" https://x.example/a -o /a\nEOF\nFROM alpine:3.20\nCOPY --from=fetch /a /a\n`,
    },
    {
      name: 'ONBUILD: reported, no fix',
      code: 'FROM alpine:3.20\nONBUILD RUN curl -u me:onbuildpw https://x.example/\n',
      errors: [{ messageId: 'literal', line: 2, column: 24, endColumn: 33 }],
      output: null,
    },
    {
      name: 'a URL password written out by echo: reported, no fix (the secret would land in the file)',
      code: 'FROM alpine:3.20\nRUN echo "DATABASE_URL=postgres://app:S3cr3t-db@db/app" > /etc/app.env\n',
      errors: [{ messageId: 'literal', message: /^The password of a URL is written on the command line/, line: 2, column: 39, endColumn: 48 }],
      output: null,
    },
    {
      name: 'a URL password for another tool: a generic secret id',
      code: 'FROM python:3.12\nRUN pip install --index-url https://ci:S3cr3tPw@pypi.corp.example/simple app\n',
      errors: [{ messageId: 'literal', line: 2, column: 40, endColumn: 48 }],
      output: `${SYNTAX}FROM python:3.12\nRUN --mount=type=secret,id=url_password pip install --index-url "https://ci:$(cat /run/secrets/url_password)@pypi.corp.example/simple" app\n`,
    },
    {
      name: 'inside a double-quoted sh -c: reported, no fix',
      code: 'FROM alpine:3.20\nRUN sh -c "curl -u me:dqpw1234 https://x.example/"\n',
      errors: [{ messageId: 'literal', line: 2, column: 23, endColumn: 31 }],
      output: null,
    },
  ],
});
