import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH134', {
  valid: [
    'FROM alpine:3.20\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh\n',
    { name: 'extracting a download is not running it', code: 'FROM alpine:3.20\nRUN curl -fsSL https://example.com/x.tar.gz | tar -xz -C /usr/local\n' },
    { name: 'a JSON API read by python -c, jq, grep', code: 'FROM python:3.12\nRUN V=$(curl -s https://api.github.com/repos/o/r/releases/latest | python3 -c "import sys, json; print(json.load(sys.stdin)[\'tag_name\'])") && curl -s https://x | jq .\nRUN export VERSION=$(curl -s https://api.github.com/x | grep tag_name | cut -d\\" -f4)\n' },
    { name: 'wget without -O - writes a file', code: 'FROM alpine:3.20\nRUN wget https://example.com/install.sh | sh\n' },
    { name: 'curl -o file writes a file', code: 'FROM alpine:3.20\nRUN curl -o /tmp/i.sh https://example.com/i.sh | sh\n' },
    { name: 'a shell that runs a local script with the download on stdin', code: 'FROM alpine:3.20\nRUN curl -s https://example.com/data | sh ./consume.sh\n' },
    { name: 'sh -c with a literal script', code: 'FROM alpine:3.20\nRUN sh -c "echo $(curl -s https://example.com/v)"\n' },
    { name: 'a checksum in a substitution', code: 'FROM alpine:3.20\nRUN JAVA_SHA256="$(curl -L "$JAVA_PKG".sha256)"\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN curl -fsSL https://example.com/install.sh | sh\n',
      errors: [{ messageId: 'pipe', message: '`curl` pipes `https://example.com/install.sh` into `sh`: the script runs as soon as it arrives, unverified. Download it to a file, check its checksum or signature, then run it.', line: 2, column: 5, endColumn: 51, severity: 'warning' }],
    },
    {
      name: 'wget -qO- into sudo bash, and bash - with options',
      code: 'FROM ubuntu:24.04\nRUN wget -qO- https://example.com/a.sh | sudo -E bash && curl -sL https://deb.nodesource.com/setup_20.x | bash -\n',
      errors: [{ messageId: 'pipe', message: /`wget` pipes .* into `bash`/, line: 2, column: 5, endColumn: 54 }, { messageId: 'pipe', line: 2, column: 58 }],
    },
    {
      name: 'sh -s with arguments, bash /dev/stdin, tee in between, wget -O -',
      code: 'FROM golang:1.22\nRUN curl -sSfL https://example.com/install.sh | sh -s -- -b /usr/local/bin v1.2.3\nRUN curl -sSL https://aka.ms/getvsdbgsh | bash /dev/stdin -v latest\nRUN curl -L https://example.com/i.sh | tee /tmp/i.sh | sh\nRUN wget -O - https://example.com/i.sh | /bin/bash\n',
      errors: [{ line: 2, column: 5 }, { line: 3, column: 5 }, { line: 4, column: 5 }, { line: 5, column: 5 }],
    },
    {
      name: 'process substitution, command substitution, eval, here-string',
      code: 'FROM debian:12\nRUN bash <(curl -s https://example.com/a.sh)\nRUN bash -c "$(curl -fsSL https://example.com/b.sh)"\nRUN eval "$(wget -qO- https://example.com/c.sh)"\nRUN bash <<< "$(curl -s https://example.com/d.sh)"\nRUN . <(curl -s https://example.com/e.sh)\n',
      errors: [
        { messageId: 'substitution', message: '`bash` runs `https://example.com/a.sh` fetched by `curl` through process substitution `<(…)`: the script runs unverified. Download it to a file, check its checksum or signature, then run it.', line: 2, column: 5, endColumn: 45 },
        { messageId: 'substitution', message: /through command substitution/, line: 3, column: 5 },
        { messageId: 'substitution', message: /`eval` runs .* `wget`/, line: 4, column: 5 },
        { messageId: 'substitution', message: /here-string/, line: 5, column: 5 },
        { messageId: 'substitution', message: /^`\.` runs/, line: 6, column: 5 },
      ],
    },
    {
      name: 'python, php and perl reading the program from stdin',
      code: 'FROM python:3.12\nRUN curl -sSL https://install.python-poetry.org | python3 -\nRUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin\nRUN curl -L https://cpanmin.us | perl - App::cpanminus\n',
      errors: [{ line: 2, column: 5 }, { line: 3, column: 5 }, { line: 4, column: 5 }],
    },
    {
      name: 'heredoc, ONBUILD, sh -c string, exec form, build stage',
      code: 'FROM alpine:3.20 AS build\nRUN <<EOF\nset -e\ncurl -fsSL https://example.com/a.sh | sh\nEOF\nONBUILD RUN curl -fsSL https://example.com/b.sh | sh\nRUN sh -c \'curl -fsSL https://example.com/c.sh | bash\'\nRUN ["/bin/sh", "-c", "wget -qO- https://example.com/d.sh | sh"]\nFROM scratch\nCOPY --from=build /x /x\n',
      errors: [{ line: 4, column: 1 }, { line: 6, column: 13 }, { line: 7, column: 12 }, { line: 8, column: 24 }],
    },
    {
      name: 'continuation lines',
      code: 'FROM alpine:3.20\nRUN apk add curl \\\n && curl -fsSL \\\n      https://example.com/a.sh \\\n    | sh\n',
      errors: [{ line: 3, column: 5, endLine: 5, endColumn: 9 }],
    },
    {
      name: 'credentials in the URL are not shown; a URL from a variable',
      code: 'FROM alpine:3.20\nRUN curl -fsSL https://bob:pa55@example.com/a.sh | sh\nRUN curl -fsSL "$INSTALLER_URL" | sh\n',
      errors: [{ message: /pipes `https:\/\/example\.com\/a\.sh` into/, line: 2, column: 5 }, { message: /pipes `\$INSTALLER_URL` into/, line: 3, column: 5 }],
    },
  ],
});
