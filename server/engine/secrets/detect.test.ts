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
  it('finds every prefix of a format (each pattern is tried only where one of its fixed parts is written)', () => {
    const kinds = (t: string) => findCredentials(t).map((c) => c.kind);
    for (const p of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) assert.deepEqual(kinds(`x ${p}${'a1'.repeat(18)} y`), ['a GitHub token'], p);
    assert.deepEqual(kinds('ASIA' + 'B'.repeat(16)), ['an AWS access key ID']);
    assert.deepEqual(kinds('xapp-1-' + 'A1'.repeat(6)), ['a Slack token']);
    assert.deepEqual(kinds('rk_live_' + 'a1'.repeat(12)), ['a Stripe secret key']);
    assert.deepEqual(kinds('https://hooks.slack.com/services/T0000/B0000/abcdefgh12'), ['a Slack webhook URL']);
    // The AWS secret key name is matched in any case.
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    for (const name of ['aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY', 'SecretAccessKey', 'SECRETACCESSKEY']) assert.deepEqual(kinds(`${name}=${secret}`), ['an AWS secret access key'], name);
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

describe('findCredentials: more formats', () => {
  const kinds = (t: string) => findCredentials(t).map((c) => c.kind);
  const found = (text: string) => findCredentials(text).map((c) => [c.kind, c.start, c.end, c.secret]);
  it('finds every GitHub token prefix', () => {
    for (const p of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) assert.deepEqual(kinds(p + 'A1b2'.repeat(9)), ['a GitHub token'], p);
  });
  it('finds Slack app tokens and webhook URLs, the URL once', () => {
    assert.deepEqual(kinds('xapp-1-A0123456789-1234567890-abcdef0123'), ['a Slack token']);
    assert.deepEqual(kinds('xoxp-1234567890-1234567890-abcdefabcdef'), ['a Slack token']);
    assert.deepEqual(kinds('curl -X POST https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'), ['a Slack webhook URL']);
  });
  it('finds a Stripe restricted key', () => assert.deepEqual(kinds('rk_live_' + 'Ab1'.repeat(8)), ['a Stripe secret key']));
  it('finds any private-key PEM header, not public keys or certificates', () => {
    assert.deepEqual(kinds('-----BEGIN PRIVATE KEY-----'), ['a private key']);
    assert.deepEqual(kinds('-----BEGIN OPENSSH PRIVATE KEY-----'), ['a private key']);
    assert.deepEqual(kinds('-----BEGIN PGP PRIVATE KEY BLOCK-----'), ['a private key']);
    assert.deepEqual(kinds('-----BEGIN ENCRYPTED PRIVATE KEY-----'), ['a private key']);
    assert.deepEqual(kinds('-----BEGIN CERTIFICATE----- -----BEGIN PGP PUBLIC KEY BLOCK-----'), []);
  });
  it('finds an AWS secret key after its name or next to an access key ID', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    assert.deepEqual(found(`aws_secret_access_key = ${secret}`), [['an AWS secret access key', 24, 64, secret]]);
    assert.deepEqual(kinds(`aws configure set aws_secret_access_key ${secret}`), ['an AWS secret access key']);
    assert.deepEqual(kinds(`AKIAIOSFODNN7EXAMPLE:${secret}`), ['an AWS access key ID', 'an AWS secret access key']);
  });
  it('does not take a hex digest for an AWS secret key', () => {
    assert.deepEqual(kinds('AKIAIOSFODNN7EXAMPLE 1198c0117593497a5ec5c199286af1f9897469dc'), ['an AWS access key ID']);
    assert.deepEqual(kinds('secret_access_key=1198c0117593497a5ec5c199286af1f9897469dc'), []);
  });
  it('checks that a JWT header is JSON with alg', () => {
    assert.deepEqual(kinds('eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ'), ['a JSON Web Token']);
    // `{"typ":"JWT"}` without alg, and text that only starts like one.
    assert.deepEqual(kinds('eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0In0.abcdefghijkl'), []);
    assert.deepEqual(kinds('eyJhbGciOi-not-base64.eyJzdWIiOiIxMjM0In0.abcdefghijkl'), []);
  });
  it('finds a Google API key at the end of a word', () => {
    assert.deepEqual(kinds('key=AIza' + 'd-'.repeat(17) + 'x'), ['a Google API key']);
  });
  it('finds URL passwords in any scheme, once per URL', () => {
    assert.deepEqual(found('postgres://app:S3cr3t!x@db:5432/app'), [['a password in a URL', 15, 23, 'S3cr3t!x']]);
    assert.deepEqual(found('git clone https://x-access-token:ghp_' + 'A1b2'.repeat(9) + '@github.com/o/r').map((f) => f[0]), ['a GitHub token']);
  });
  it('skips template passwords and variables in URLs', () => {
    assert.deepEqual(found('mysql://user:password@localhost/db https://u:${TOKEN}@h.example/ ftp://a:$(cat /run/secrets/p)@h/'), []);
    assert.deepEqual(found('https://user:pass@example.com https://me:<password>@host/'), []);
  });
  it('does not take `scheme://host:port@…` without a user part for a password', () => {
    assert.deepEqual(found('see https://:x@host and a://b'), []);
  });
});

describe('findCredentials: linear time on adversarial input', () => {
  // Each input would take minutes with a backtracking (nested or unbounded) pattern; the test only
  // asserts that the scan completes and finds nothing (or what is really there).
  const N = 100_000;
  const inputs: [string, string][] = [
    ['scheme-like dots before ://', 'a.'.repeat(N / 2) + '://x'],
    ['many :// with long users', ('x://' + 'u'.repeat(300)).repeat(N / 300)],
    ['user:pass without @', 'https://u:' + 'p'.repeat(N)],
    ['repeated https://u:', 'https://u:'.repeat(N / 10)],
    ['glpat- near-matches', 'glpat-'.repeat(N / 6)],
    ['JWT near-matches', '-eyJ'.repeat(N / 4)],
    ['JWT two parts', ('eyJ' + 'a'.repeat(20) + '.').repeat(N / 24)],
    ['PEM headers without PRIVATE', '-----BEGIN '.repeat(N / 11)],
    ['AWS key ids with base64 after', ('AKIA' + 'A'.repeat(16) + ' ' + 'a/'.repeat(30)).repeat(N / 81)],
    ['secret_access_key= repeated', 'secret_access_key='.repeat(N / 18)],
    ['long base64 run', 'Ab1/'.repeat(N / 4)],
    ['xox- near-matches', 'xoxb-'.repeat(N / 5)],
    ['slack hooks without a key', 'https://hooks.slack.com/services/T0000/'.repeat(N / 40)],
  ];
  for (const [name, text] of inputs) {
    it(name, () => {
      const res = findCredentials(text);
      assert.ok(Array.isArray(res));
    });
  }
});
