import { ruleTester } from '../../../../test/support/ruleTester';

const TITLE = (name: string, id: string): string => `Move ${name} to a Compose secret in ./secrets/${id} (keep secrets/ out of version control)`;

ruleTester('BH231', {
  valid: [
    'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n',
    { name: 'list form reference', code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=${PW:?set it}\n' },
    { name: 'taken from the environment (no value)', code: 'services:\n  db:\n    image: a:1\n    environment:\n      - API_TOKEN\n      SECRET_KEY:\n' .replace('      SECRET_KEY:\n', '') },
    { name: 'an empty default', code: 'services:\n  db:\n    image: a:1\n    environment:\n      API_TOKEN: ${API_TOKEN:-}\n' },
    { name: 'the _FILE form points at a secret', code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n' },
    { name: 'not a secret name', code: 'services:\n  db:\n    image: a:1\n    environment:\n      POSTGRES_USER: app\n      TOKEN_TTL: "3600"\n' },
    { name: 'a flag', code: 'services:\n  db:\n    image: a:1\n    environment:\n      REDIS_PASSWORD: "false"\n' },
    { name: 'a URL whose password is a variable', code: 'services:\n  app:\n    image: a:1\n    environment:\n      DATABASE_URL: postgres://app:${PW}@db/app\n' },
    {
      name: 'a value from .env is not in the file',
      code: 'services:\n  db:\n    image: a:1\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n',
      files: { '/work/.env': 'DB_PASSWORD=hunter2hunter2\n' },
    },
    { name: 'partly a variable', code: 'services:\n  db:\n    image: a:1\n    environment:\n      JWT_SECRET: ${PREFIX}-jwt\n' },
  ],
  invalid: [
    {
      name: 'postgres: _FILE form, secret file, top-level secrets',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: s3cr3t-pw\n',
      errors: [{ messageId: 'literal', message: /^`POSTGRES_PASSWORD` is set to a plain-text secret \(\*{8}\) for service `db`/, line: 6, column: 7, endColumn: 24, severity: 'warning' }],
      fixTitles: [TITLE('POSTGRES_PASSWORD', 'postgres_password')],
      output:
        'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password\n    secrets:\n      - postgres_password\nsecrets:\n  postgres_password:\n    file: ./secrets/postgres_password\n',
      otherFiles: { '/work/secrets/postgres_password': 's3cr3t-pw' },
    },
    {
      name: 'list form, quoted, existing secrets lists',
      code: 'services:\n  db:\n    image: mysql:8\n    secrets:\n      - other\n    environment:\n      - "MYSQL_ROOT_PASSWORD=rootpw123"\nsecrets:\n  other:\n    file: ./other.txt\n',
      errors: [{ messageId: 'literal', line: 7, column: 10, endColumn: 29 }],
      output:
        'services:\n  db:\n    image: mysql:8\n    secrets:\n      - other\n      - mysql_root_password\n    environment:\n      - "MYSQL_ROOT_PASSWORD_FILE=/run/secrets/mysql_root_password"\nsecrets:\n  other:\n    file: ./other.txt\n  mysql_root_password:\n    file: ./secrets/mysql_root_password\n',
      otherFiles: { '/work/secrets/mysql_root_password': 'rootpw123' },
    },
    {
      name: 'an image without a _FILE variant: a TODO comment',
      code: 'services:\n  app:\n    image: example/app:1\n    environment:\n      LOG_LEVEL: info\n      API_TOKEN: abcdef123456 # from the vendor\n',
      errors: [{ messageId: 'literal', line: 6, column: 7 }],
      output:
        'services:\n  app:\n    image: example/app:1\n    environment:\n      LOG_LEVEL: info\n      # TODO: read API_TOKEN from /run/secrets/api_token (a Compose secret; keep secrets/ out of version control) # from the vendor\n    secrets:\n      - api_token\nsecrets:\n  api_token:\n    file: ./secrets/api_token\n',
      otherFiles: { '/work/secrets/api_token': 'abcdef123456' },
    },
    {
      name: 'the only entry: environment stays an empty map, comment above it',
      code: 'services:\n  app:\n    image: example/app:1\n    environment:\n      - SECRET_KEY=django-insecure-123\nvolumes:\n  data:\n',
      errors: [{ messageId: 'literal', line: 5, column: 9 }],
      output:
        'services:\n  app:\n    image: example/app:1\n    # TODO: read SECRET_KEY from /run/secrets/secret_key (a Compose secret; keep secrets/ out of version control)\n    environment: []\n    secrets:\n      - secret_key\nvolumes:\n  data:\nsecrets:\n  secret_key:\n    file: ./secrets/secret_key\n',
      otherFiles: { '/work/secrets/secret_key': 'django-insecure-123' },
    },
    {
      name: 'a literal default in ${…} is a secret; the .env value is not used',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-example}\n',
      files: { '/work/.env': 'POSTGRES_PASSWORD=fromenv\n' },
      errors: [{ messageId: 'default', line: 5, column: 7 }],
      output:
        'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password\n    secrets:\n      - postgres_password\nsecrets:\n  postgres_password:\n    file: ./secrets/postgres_password\n',
      otherFiles: { '/work/secrets/postgres_password': 'example' },
    },
    {
      name: 'a password in a connection string under any name: error',
      code: 'services:\n  app:\n    image: example/app:1\n    environment:\n      DATABASE_URL: "postgres://app:pa55word@db:5432/app"\n      DEBUG: "1"\n',
      errors: [{ messageId: 'credential', message: /^`DATABASE_URL` holds a password in a URL \(\*{8}\)/, line: 5, column: 7, severity: 'error' }],
      output:
        'services:\n  app:\n    image: example/app:1\n    environment:\n      # TODO: read DATABASE_URL from /run/secrets/database_url (a Compose secret; keep secrets/ out of version control)\n      DEBUG: "1"\n    secrets:\n      - database_url\nsecrets:\n  database_url:\n    file: ./secrets/database_url\n',
      otherFiles: { '/work/secrets/database_url': 'postgres://app:pa55word@db:5432/app' },
    },
    {
      name: 'in an anchor: one finding naming both services, no fix',
      code: 'x-env: &env\n  SECRET_KEY: not-so-secret\nservices:\n  a:\n    image: x:1\n    environment: *env\n  b:\n    image: x:1\n    environment:\n      <<: *env\n      DEBUG: "0"\n',
      errors: [{ message: /for services `a` and `b`/, line: 2, column: 3 }],
      output: null,
    },
    {
      name: 'flow map with an image without _FILE: no fix',
      code: 'services:\n  app:\n    image: example/app:1\n    environment: {API_KEY: k-123456789}\n',
      errors: [{ messageId: 'literal', line: 4, column: 19 }],
      output: null,
    },
    {
      name: 'two services with the same variable: the first named after its service, the second once the first is moved',
      code: 'services:\n  a:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: one-pass\n  b:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: two-pass\n',
      errors: [
        { messageId: 'literal', line: 5, column: 7 },
        { messageId: 'literal', line: 9, column: 7 },
      ],
      fixTitles: [TITLE('POSTGRES_PASSWORD', 'a_postgres_password')],
      output:
        'services:\n  a:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/a_postgres_password\n    secrets:\n      - a_postgres_password\n  b:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password\n    secrets:\n      - postgres_password\nsecrets:\n  a_postgres_password:\n    file: ./secrets/a_postgres_password\n  postgres_password:\n    file: ./secrets/postgres_password\n',
      otherFiles: { '/work/secrets/a_postgres_password': 'one-pass', '/work/secrets/postgres_password': 'two-pass' },
    },
    {
      name: 'a secret of that name exists: named after the service',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-pw\nsecrets:\n  postgres_password:\n    environment: PGPW\n',
      errors: [{ messageId: 'literal', line: 5, column: 7 }],
      fixTitles: [TITLE('POSTGRES_PASSWORD', 'db_postgres_password')],
      output:
        'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_postgres_password\n    secrets:\n      - db_postgres_password\nsecrets:\n  postgres_password:\n    environment: PGPW\n  db_postgres_password:\n    file: ./secrets/db_postgres_password\n',
      otherFiles: { '/work/secrets/db_postgres_password': 's3cr3t-pw' },
    },
    {
      name: 'the secret file exists already: no fix',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-pw\n',
      files: { '/work/secrets/postgres_password': 'other\n' },
      errors: [{ messageId: 'literal', line: 5, column: 7 }],
      output: null,
    },
    {
      name: 'a GitHub token under a neutral name',
      code: 'services:\n  ci:\n    image: example/ci:1\n    environment:\n      - GH=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n      - OTHER=1\n',
      errors: [{ message: /^`GH` holds a GitHub token \(ghp_\*{8}\)/, line: 5, column: 9, endColumn: 11 }],
      output:
        'services:\n  ci:\n    image: example/ci:1\n    environment:\n      # TODO: read GH from /run/secrets/gh (a Compose secret; keep secrets/ out of version control)\n      - OTHER=1\n    secrets:\n      - gh\nsecrets:\n  gh:\n    file: ./secrets/gh\n',
      otherFiles: { '/work/secrets/gh': 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' },
    },
  ],
});
