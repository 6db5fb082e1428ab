import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH122', {
  valid: [
    'FROM node:20\nCOPY package.json package-lock.json ./\nCOPY src/ ./src/\n',
    { name: 'certificates and CA bundles are public', code: 'FROM alpine:3.20\nCOPY ./.pki/ca.pem /usr/local/share/ca-certificates/ca.crt\nCOPY fullchain.pem cert.pem chain.pem server.crt /etc/ssl/\nCOPY certs/*.crt /usr/local/share/ca-certificates/\n' },
    { name: 'repository signing keys', code: 'FROM debian:12\nCOPY nginx_signing.key /tmp/\nCOPY apt-archive.key /etc/apt/keyrings/\n' },
    { name: 'env templates and X.env metadata files', code: 'FROM alpine:3.20\nCOPY .env.example .env.sample /app/\nCOPY library-scripts/*.env library-scripts/meta.env /tmp/\n' },
    { name: 'the destination is not judged', code: 'FROM alpine:3.20\nCOPY app.conf /root/.ssh/config\nCOPY envfile /app/.env\n' },
    { name: 'a public SSH key', code: 'FROM alpine:3.20\nCOPY id_ed25519.pub /root/.ssh/authorized_keys\n' },
    { name: 'heredoc sources are file contents, not context files', code: 'FROM alpine:3.20\nCOPY <<EOF /app/.env\nMODE=prod\nEOF\n' },
    { name: 'remote ADD and variables', code: 'FROM alpine:3.20\nADD https://example.com/.env /tmp/x\nARG KEY_FILE\nCOPY ${KEY_FILE} /k\n' },
    { name: 'files from another stage that are not credential dotfiles', code: 'FROM alpine:3.20\nCOPY --from=build /out/tls.key /out/.env /app/\n' },
    { name: 'allowed by option', code: 'FROM alpine:3.20\nCOPY test/fixtures/server.key /fixtures/\n', options: { allow: ['test/fixtures/server.key'] } },
  ],
  invalid: [
    {
      name: '.env from the context',
      code: 'FROM node:20\nCOPY .env package.json ./\n',
      errors: [{ messageId: 'copied', message: '`COPY` copies an environment file (`.env`) into the image: anyone who can pull the image can read it, even if a later step deletes it. Mount it only for the `RUN` that needs it (`RUN --mount=type=secret,id=…`, or `--mount=type=ssh` for SSH keys), and exclude it in `.dockerignore`.', line: 2, column: 6, endColumn: 10, severity: 'error' }],
    },
    {
      name: 'SSH keys and the .ssh directory',
      code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nADD ~/.ssh /root/.ssh\nCOPY keys/id_ed25519 /k\n',
      errors: [
        { messageId: 'copied', message: /an SSH private key \(`id_rsa`\)/, line: 2, column: 6 },
        { messageId: 'copied', message: /^`ADD` copies an SSH directory/, line: 3, column: 5 },
        { messageId: 'copied', message: /`keys\/id_ed25519`/, line: 4, column: 6 },
      ],
    },
    {
      name: 'credential dotfiles, kubeconfig, terraform state, key stores',
      code: 'FROM alpine:3.20\nCOPY .npmrc .pypirc .netrc .git-credentials /root/\nCOPY .aws/ /root/.aws/\nCOPY .docker/config.json kubeconfig terraform.tfstate cert.p12 credentials.json /x/\n',
      errors: [
        { messageId: 'copied', message: /`\.npmrc`/, line: 2, column: 6 },
        { messageId: 'copied', message: /`\.pypirc`/, line: 2, column: 13 },
        { messageId: 'copied', message: /`\.netrc`/, line: 2, column: 21 },
        { messageId: 'copied', message: /`\.git-credentials`/, line: 2, column: 28 },
        { messageId: 'copied', message: /AWS credentials \(`\.aws\/`\)/, line: 3, column: 6 },
        { messageId: 'copied', message: /Docker registry credentials/, line: 4, column: 6 },
        { messageId: 'copied', message: /kubeconfig/, line: 4, column: 26 },
        { messageId: 'copied', message: /Terraform state/, line: 4, column: 37 },
        { messageId: 'copied', message: /PKCS#12/, line: 4, column: 55 },
        { messageId: 'copied', message: /cloud credentials/, line: 4, column: 64 },
      ],
    },
    {
      name: 'private-key PEM names are errors, ambiguous PEM names and globs warnings',
      code: 'FROM nginx:1.27\nCOPY privkey.pem server-key.pem /etc/nginx/tls/\nCOPY server.pem /etc/nginx/\nCOPY *.pem ./\nCOPY tls/*.key /k/\n',
      errors: [
        { messageId: 'copied', message: /a private key \(`privkey.pem`\)/, line: 2, column: 6, severity: 'error' },
        { messageId: 'copied', line: 2, column: 18, severity: 'error' },
        { messageId: 'maybe', message: '`COPY` copies `server.pem`, which may be a private key (a PEM file not named like a certificate), into the image: if it is, anyone who can pull the image can read it. Mount secrets only for the `RUN` that needs them (`RUN --mount=type=secret,id=…`).', line: 3, column: 6, severity: 'warning' },
        { messageId: 'maybe', message: /`\*\.pem`/, line: 4, column: 6, severity: 'warning' },
        { messageId: 'maybe', message: /`tls\/\*\.key`/, line: 5, column: 6, severity: 'warning' },
      ],
    },
    {
      name: 'a .key file that is not a signing key',
      code: 'FROM alpine:3.20\nCOPY --chown=app:app tls.key /etc/app/\n',
      errors: [{ messageId: 'copied', message: /a private key \(`tls.key`\)/, line: 2, column: 22, endColumn: 29 }],
    },
    {
      name: 'credentials copied from another stage',
      code: 'FROM alpine:3.20 AS build\nRUN ssh-keygen -t ed25519 -f /root/.ssh/id_ed25519 -N ""\nFROM alpine:3.20\nCOPY --from=build /root/.ssh /root/.ssh\n',
      errors: [{ messageId: 'fromStage', message: /^`COPY --from=build` copies an SSH directory \(private keys, known hosts\) \(`\/root\/\.ssh`\) into this stage/, line: 4, column: 19, severity: 'error' }],
    },
    {
      name: 'JSON form, ONBUILD, and .env variants',
      code: 'FROM alpine:3.20\nCOPY [".env.production", "/app/"]\nONBUILD COPY .env.local /app/\n',
      errors: [
        { messageId: 'copied', line: 2, column: 7, endColumn: 24 },
        { messageId: 'copied', line: 3, column: 14, endColumn: 24 },
      ],
    },
    {
      name: 'continuation lines',
      code: 'FROM alpine:3.20\nCOPY app.jar \\\n     .netrc \\\n     /app/\n',
      errors: [{ messageId: 'copied', line: 3, column: 6, endColumn: 12 }],
    },
  ],
});
