import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH216', {
  valid: [
    'services:\n  web:\n    image: a:1\n    volumes:\n      - ./src:/app\n      - data:/var/lib/data\n      - /srv/app/uploads:/uploads\n',
    { name: 'benign files read-only', code: 'services:\n  web:\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - /etc/timezone:/etc/timezone:ro\n      - "/usr/share/zoneinfo:/usr/share/zoneinfo:ro"\n' },
    { name: 'an application config directory under /etc, read-only', code: 'services:\n  web:\n    volumes: ["/etc/nginx:/etc/nginx:ro"]\n' },
    { name: 'a sensitive path as the target only', code: 'services:\n  web:\n    volumes:\n      - ./config:/etc\n      - ./data:/root\n' },
    { name: 'named volume and anonymous volume', code: 'services:\n  web:\n    volumes: [etc:/etc, /proc]\nvolumes:\n  etc: {}\n' },
    { name: 'a project path under home', code: 'services:\n  web:\n    volumes: ["~/projects/app:/app", "/home/alice/app/data:/data"]\n' },
    { name: 'the docker socket is BH215', code: 'services:\n  web:\n    volumes: [/var/run/docker.sock:/var/run/docker.sock, /run:/run]\n' },
    { name: 'unresolved source', code: 'services:\n  web:\n    volumes: ["${CONF_DIR}:/etc/app"]\n' },
    { name: 'tmpfs over /proc-like targets', code: 'services:\n  web:\n    volumes:\n      - type: tmpfs\n        target: /etc/cache\n' },
  ],
  invalid: [
    {
      name: 'writable /etc: error, fix adds :ro',
      code: 'services:\n  web:\n    image: a:1\n    volumes:\n      - /etc:/host/etc\n',
      errors: [
        {
          message:
            "Service `web` mounts the host's `/etc` (the host's configuration, password hashes included) writable at `/host/etc`: a compromised container can change it on the host, which is a way to take over the host. Mount it read-only, or mount only the files the service needs.",
          line: 5,
          column: 9,
          endColumn: 13,
          severity: 'error',
        },
      ],
      fixTitles: ['Mount /etc read-only'],
      output: 'services:\n  web:\n    image: a:1\n    volumes:\n      - /etc:/host/etc:ro\n',
    },
    {
      name: 'read-only /proc for a monitoring agent: warning, no fix',
      code: 'services:\n  node-exporter:\n    volumes:\n      - /proc:/host/proc:ro\n      - /sys:/host/sys:ro\n      - /:/rootfs:ro\n',
      errors: [
        { message: /^Service `node-exporter` mounts the host's `\/proc` \(every host process and the kernel's settings\) read-only at `\/host\/proc`.*as monitoring agents need/, line: 4, column: 9, endColumn: 14, severity: 'warning' },
        { messageId: 'readOnly', line: 5, column: 9, endColumn: 13, severity: 'warning' },
        { message: /`\/` \(the host's whole filesystem\) read-only at `\/rootfs`/, line: 6, column: 9, endColumn: 10, severity: 'warning' },
      ],
      output: null,
    },
    {
      name: 'options kept: ,ro appended; rw becomes ro',
      code: 'services:\n  web:\n    volumes:\n      - "/var/lib/docker:/d:z"\n      - /root:/r:rw,Z\n',
      errors: [
        { message: /`\/var\/lib\/docker` \(Docker's data/, line: 4, column: 10, endColumn: 25, severity: 'error' },
        { message: /`\/root` \(root's home directory\)/, line: 5, column: 9, endColumn: 14, severity: 'error' },
      ],
      output: 'services:\n  web:\n    volumes:\n      - "/var/lib/docker:/d:z,ro"\n      - /root:/r:ro,Z\n',
    },
    {
      name: 'credentials in home directories: ~, $HOME, ${HOME}, /home/<user>',
      code: 'services:\n  web:\n    volumes:\n      - ~/.ssh:/root/.ssh:ro\n      - $HOME/.aws:/root/.aws\n      - ${HOME}/.kube/config:/k\n      - /home/alice/.docker:/d:ro\n',
      errors: [
        { message: /`~\/.ssh` \(SSH keys\) read-only/, line: 4, column: 9, severity: 'warning' },
        { message: /`\$HOME\/.aws` \(AWS credentials\) writable/, line: 5, column: 9, endColumn: 19, severity: 'error' },
        { message: /`\$HOME\/.kube\/config` \(Kubernetes credentials\) writable/, line: 6, column: 9, endColumn: 29, severity: 'error' },
        { message: /`\/home\/alice\/.docker` \(Docker registry credentials\) read-only/, line: 7, column: 9, severity: 'warning' },
      ],
      output: 'services:\n  web:\n    volumes:\n      - ~/.ssh:/root/.ssh:ro\n      - $HOME/.aws:/root/.aws:ro\n      - ${HOME}/.kube/config:/k:ro\n      - /home/alice/.docker:/d:ro\n',
    },
    {
      name: 'subpaths: /etc/passwd is critical, a writable /etc/localtime is a warning',
      code: 'services:\n  web:\n    volumes: [/etc/passwd:/etc/passwd, /etc/localtime:/etc/localtime, /proc/sys:/s:ro]\n',
      errors: [
        { message: /`\/etc\/passwd` \(the host's user accounts and password hashes\) writable/, line: 3, column: 15, endColumn: 26, severity: 'error' },
        { messageId: 'minorWritable', line: 3, column: 40, endColumn: 54, severity: 'warning' },
        { message: /`\/proc\/sys` \(the kernel's settings\) read-only/, line: 3, column: 71, severity: 'warning' },
      ],
      output: 'services:\n  web:\n    volumes: [/etc/passwd:/etc/passwd:ro, /etc/localtime:/etc/localtime:ro, /proc/sys:/s:ro]\n',
    },
    {
      name: 'a user\'s whole home directory, read-only; configured severity applies to read-only findings',
      code: 'services:\n  web:\n    volumes: ["/home/alice:/h:ro"]\n',
      config: { rules: { BH216: { severity: 'info' } } },
      errors: [{ message: /`\/home\/alice` \(a home directory\) read-only/, line: 3, column: 16, endColumn: 27, severity: 'info' }],
      output: null,
    },
    {
      name: 'a directory that holds a sensitive one',
      code: 'services:\n  web:\n    volumes:\n      - /var/lib:/host/var/lib\n',
      errors: [{ message: /^Service `web` mounts the host's `\/var\/lib` writable at `\/host\/var\/lib`; it holds `\/var\/lib\/docker`/, line: 4, column: 9, endColumn: 17, severity: 'error' }],
      output: 'services:\n  web:\n    volumes:\n      - /var/lib:/host/var/lib:ro\n',
    },
    {
      name: 'long syntax: read_only added after target, or turned to true',
      code: 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /boot\n        target: /boot\n      - {type: bind, source: /lib/modules, target: /lib/modules, read_only: false}\n',
      errors: [
        { message: /`\/boot` \(the host's kernel and boot loader\) writable/, line: 5, column: 17, endColumn: 22, severity: 'error' },
        { message: /`\/lib\/modules` \(the host's kernel modules\) writable/, line: 7, column: 30, endColumn: 42, severity: 'error' },
      ],
      output:
        'services:\n  web:\n    volumes:\n      - type: bind\n        source: /boot\n        target: /boot\n        read_only: true\n      - {type: bind, source: /lib/modules, target: /lib/modules, read_only: true}\n',
    },
    {
      name: 'long syntax read-only: warning',
      code: 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /sys/fs/cgroup\n        target: /sys/fs/cgroup\n        read_only: yes\n',
      errors: [{ message: /`\/sys\/fs\/cgroup` \(the host's control groups\) read-only/, line: 5, column: 17, severity: 'warning' }],
      output: null,
    },
    {
      name: 'an anchor shared by two services: one finding, fixed in the anchor',
      code: 'x-base: &base\n  volumes:\n    - /usr/bin:/host/bin\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [{ message: /^Services `a` and `b` mount the host's `\/usr\/bin` \(host programs and libraries\) writable/, line: 3, column: 7, endColumn: 15 }],
      output: 'x-base: &base\n  volumes:\n    - /usr/bin:/host/bin:ro\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    },
    {
      name: 'interpolated with a default: reported on the ${…}, fixed after the target',
      code: 'services:\n  web:\n    volumes:\n      - "${HOST_ROOT:-/}:/host"\n',
      errors: [{ message: /`\/` \(the host's whole filesystem\) writable at `\/host`/, line: 4, column: 10, endColumn: 25, severity: 'error' }],
      output: 'services:\n  web:\n    volumes:\n      - "${HOST_ROOT:-/}:/host:ro"\n',
    },
    {
      name: 'a variable holding the whole spec: reported on the value, no fix',
      code: 'services:\n  web:\n    volumes:\n      - ${ETC_MOUNT}\n',
      files: { '/work/.env': 'ETC_MOUNT=/etc:/host/etc\n' },
      errors: [{ messageId: 'writable', line: 4, column: 9, endColumn: 21, severity: 'error' }],
      output: null,
    },
    {
      name: 'a named volume binding /etc through driver_opts',
      code: 'services:\n  web:\n    volumes:\n      - hostetc:/host/etc\nvolumes:\n  hostetc:\n    driver_opts: {type: none, o: bind, device: /etc}\n',
      errors: [{ message: /`\/etc` \(the host's configuration, password hashes included\) writable at `\/host\/etc` through volume `hostetc`/, line: 4, column: 9, endColumn: 16, severity: 'error' }],
      output: 'services:\n  web:\n    volumes:\n      - hostetc:/host/etc:ro\nvolumes:\n  hostetc:\n    driver_opts: {type: none, o: bind, device: /etc}\n',
    },
  ],
});
