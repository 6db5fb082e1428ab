import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { classifyValue, findCredentials, isSecretName, nameTokens, parseReference } from './detect';

describe('nameTokens', () => {
  it('splits snake, kebab and camel case', () => {
    assert.deepEqual(nameTokens('DB_PASSWORD'), ['DB', 'PASSWORD']);
    assert.deepEqual(nameTokens('dbPassword'), ['DB', 'PASSWORD']);
    assert.deepEqual(nameTokens('api-key'), ['API', 'KEY']);
  });
});

describe('isSecretName', () => {
  for (const name of ['PASSWORD', 'DB_PASSWORD', 'MYSQL_ROOT_PASSWD', 'NPM_TOKEN', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'API_KEY', 'APIKEY', 'PRIVATE_KEY', 'AWS_ACCESS_KEY', 'GOOGLE_CREDENTIALS', 'ORACLE_PWD', 'BASIC_AUTH', 'LDAP_ROOTPASS', 'clientSecret', 'AUTHTOKEN', 'NAGIOSADMIN_PASS', 'SSH_PASSPHRASE']) {
    it(`${name} is a secret name`, () => assert.equal(isSecretName(name), true));
  }
  for (const name of ['PWD', 'OLDPWD', 'GPG_KEYS', 'GPG_KEY', 'NGINX_GPG_KEY_ID', 'PASSWORD_FILE', 'DB_PASSWORD_PATH', 'TOKEN_DIR', 'NODE_VERSION', 'TOKEN_URL', 'POSTGRES_USER', 'SECRET_NAME', 'PUBLIC_KEY', 'SIGNING_PUBLIC_KEY', 'PASSWORD_LENGTH', 'TOKEN_TYPE', 'AUTH_ENABLED', 'ACCESS_KEY_ID', 'KEY_DIR', 'OAUTH2_PROXY_VERSION', 'KEEPASSXC_VERSION', 'BYPASS', 'MONKEY', 'AUTHOR', 'PATH', 'SKIP_PASSWORD']) {
    it(`${name} is not a secret name`, () => assert.equal(isSecretName(name), false));
  }
});

describe('parseReference', () => {
  it('reads plain and braced references', () => {
    assert.deepEqual(parseReference('$X'), { name: 'X' });
    assert.deepEqual(parseReference('"${X}"'), { name: 'X' });
  });
  it('reads a fallback', () => {
    assert.deepEqual(parseReference('${X:-welcome1}'), { name: 'X', fallback: 'welcome1' });
    assert.deepEqual(parseReference('"${X:-}"'), { name: 'X', fallback: '' });
    assert.deepEqual(parseReference('${X-a}'), { name: 'X', fallback: 'a' });
  });
  it('ignores :+ and :? forms as fallbacks', () => {
    assert.deepEqual(parseReference('${X:+set}'), { name: 'X' });
    assert.deepEqual(parseReference('${X:?required}'), { name: 'X' });
  });
  it('is null for anything more than one reference', () => {
    assert.equal(parseReference('pre$X'), null);
    assert.equal(parseReference('$X$Y'), null);
    assert.equal(parseReference('hunter2'), null);
  });
});

describe('classifyValue', () => {
  const cases: [string | null, string][] = [
    [null, 'empty'], ['', 'empty'], ['""', 'empty'], ["' '", 'empty'],
    ['$TOKEN', 'reference'], ['${TOKEN}', 'reference'], ['"${TOKEN:-}"', 'reference'],
    ['<your-token>', 'placeholder'], ['xxx', 'placeholder'], ['XXXXXXXX', 'placeholder'], ['***', 'placeholder'], ['your_token_here', 'placeholder'],
    ['/run/secrets/db_password', 'path'], ['"resetOSPassword.sh"', 'path'], ['creds.json', 'path'],
    ['changeme', 'literal'], ['hunter2', 'literal'], ['nagios', 'literal'], ['s3cr3t value', 'literal'],
  ];
  for (const [value, kind] of cases) it(`${JSON.stringify(value)} is ${kind}`, () => assert.equal(classifyValue(value), kind));
});

describe('findCredentials', () => {
  const found = (text: string) => findCredentials(text).map((c) => [c.kind, c.start, c.end, c.secret]);
  it('finds an AWS access key id with its offsets', () => {
    assert.deepEqual(found('id=AKIAIOSFODNN7EXAMPLE;'), [['an AWS access key ID', 3, 23, 'AKIAIOSFODNN7EXAMPLE']]);
  });
  it('finds token formats', () => {
    const kinds = (t: string) => findCredentials(t).map((c) => c.kind);
    assert.deepEqual(kinds('ghp_' + 'a'.repeat(36)), ['a GitHub token']);
    assert.deepEqual(kinds('github_pat_' + 'A1_'.repeat(10)), ['a GitHub token']);
    assert.deepEqual(kinds('glpat-' + 'x1'.repeat(10)), ['a GitLab token']);
    assert.deepEqual(kinds('xoxb-1234567890-abcdef'), ['a Slack token']);
    assert.deepEqual(kinds('sk_live_' + 'a1'.repeat(12)), ['a Stripe secret key']);
    assert.deepEqual(kinds('npm_' + 'b2'.repeat(18)), ['an npm token']);
    assert.deepEqual(kinds('pypi-AgEIcHlwaS5vcmc' + 'c'.repeat(40)), ['a PyPI token']);
    assert.deepEqual(kinds('AIza' + 'd'.repeat(35)), ['a Google API key']);
    assert.deepEqual(kinds('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijkl'), ['a JSON Web Token']);
    assert.deepEqual(kinds('-----BEGIN RSA PRIVATE KEY-----'), ['a private key']);
  });
  it('returns only the password of a URL', () => {
    assert.deepEqual(found('https://bob:pa55@example.com/x'), [['a password in a URL', 12, 16, 'pa55']]);
  });
  it('ignores a URL whose password is a variable or placeholder', () => {
    assert.deepEqual(found('https://bob:$PASS@example.com/'), []);
    assert.deepEqual(found('https://bob:xxx@example.com/'), []);
  });
  it('ignores look-alikes', () => {
    assert.deepEqual(found('AKIA-not-a-key ghp_short https://example.com/a:b@c'), []);
    assert.deepEqual(found('-----BEGIN PUBLIC KEY-----'), []);
    assert.deepEqual(found('1198C0117593497A5EC5C199286AF1F9897469DC'), []);
  });
});
