import { ruleTester } from '../../../../test/support/ruleTester';

const DOCKER =
  "Service `web` mounts the Docker API socket `/var/run/docker.sock`: whoever controls the container controls Docker, and can start a privileged container that mounts the host's `/`. If it needs the API, put a filtering proxy in between that allows only the calls it makes.";

ruleTester('BH215', {
  valid: [
    'services:\n  web:\n    image: a:1\n    volumes:\n      - ./src:/app\n      - data:/var/lib/data\n',
    { name: 'a socket of the project, not the runtime', code: 'services:\n  web:\n    volumes:\n      - ./run/app.sock:/var/run/app.sock\n' },
    { name: 'the socket path as a target only', code: 'services:\n  web:\n    volumes:\n      - ./fake.sock:/var/run/docker.sock\n' },
    { name: 'a named volume called like the socket', code: 'services:\n  web:\n    volumes:\n      - dockersock:/var/run/docker.sock\nvolumes:\n  dockersock: {}\n' },
    { name: 'a named volume with nfs driver_opts', code: 'services:\n  web:\n    volumes: [nfs:/var/run]\nvolumes:\n  nfs:\n    driver_opts: {type: nfs, o: "addr=10.0.0.1", device: ":/var/run"}\n' },
    { name: 'tmpfs at /run', code: 'services:\n  web:\n    volumes:\n      - type: tmpfs\n        target: /run\n' },
    { name: 'a subdirectory of /run that holds no runtime socket', code: 'services:\n  web:\n    volumes: ["/run/dbus:/run/dbus:ro"]\n' },
    { name: '/ and /var are left to BH216', code: 'services:\n  web:\n    volumes: ["/:/host:ro", "/var:/host/var"]\n' },
    { name: 'volumes outside services', code: 'x-notes:\n  volumes: [/var/run/docker.sock:/var/run/docker.sock]\nservices:\n  web:\n    image: a:1\n' },
    { name: 'unresolved source and an ordinary target', code: 'services:\n  web:\n    volumes: ["${DATA}:/data"]\n' },
  ],
  invalid: [
    {
      name: 'short syntax, block list',
      code: 'services:\n  web:\n    image: a:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
      errors: [{ message: DOCKER, line: 5, column: 9, endColumn: 29, severity: 'error' }],
    },
    {
      name: 'read-only is still an error, and says why',
      code: 'services:\n  web:\n    volumes:\n      - "/var/run/docker.sock:/var/run/docker.sock:ro,z"\n',
      errors: [{ message: /Mounting it read-only does not help: `ro` stops writes to the socket file, not requests sent through it\./, line: 4, column: 10, endColumn: 30, severity: 'error' }],
    },
    {
      name: 'long syntax',
      code: 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /run/docker.sock\n        target: /var/run/docker.sock\n        read_only: true\n',
      errors: [{ message: /^Service `web` mounts the Docker API socket `\/run\/docker.sock`.*read-only does not help/, line: 5, column: 17, endColumn: 33 }],
    },
    {
      name: 'podman, rootful and rootless, containerd and CRI-O, flow list',
      code: 'services:\n  web:\n    volumes: [/run/podman/podman.sock:/p.sock, "/run/user/1000/podman/podman.sock:/q.sock", /run/containerd/containerd.sock:/c.sock, /var/run/crio/crio.sock:/x.sock]\n',
      errors: [
        { message: /the Podman API socket `\/run\/podman\/podman.sock`/, line: 3, column: 15, endColumn: 38 },
        { message: /the Podman \(rootless\) API socket `\/run\/user\/1000\/podman\/podman.sock`/, line: 3, column: 49, endColumn: 82 },
        { message: /the containerd API socket/, line: 3, column: 93, endColumn: 124 },
        { message: /the CRI-O API socket/, line: 3, column: 134, endColumn: 157 },
      ],
    },
    {
      name: 'the directory holding the socket',
      code: 'services:\n  web:\n    volumes:\n      - /var/run:/var/run\n      - /run/containerd/:/run/containerd:ro\n',
      errors: [
        { message: /^Service `web` mounts `\/var\/run`, which holds the Docker API socket `\/var\/run\/docker.sock`/, line: 4, column: 9, endColumn: 17 },
        { message: /mounts `\/run\/containerd\/`, which holds the containerd API socket `\/run\/containerd\/containerd.sock`.*read-only does not help/, line: 5, column: 9, endColumn: 25 },
      ],
    },
    {
      name: 'a named volume whose driver_opts bind the socket: at the entry, related to the device',
      code: 'services:\n  web:\n    volumes:\n      - sock:/var/run/docker.sock\nvolumes:\n  sock:\n    driver: local\n    driver_opts:\n      type: none\n      o: bind\n      device: /var/run/docker.sock\n',
      errors: [{ message: /^Service `web` mounts the Docker API socket `\/var\/run\/docker.sock` through volume `sock`:/, line: 4, column: 9, endColumn: 13 }],
    },
    {
      name: 'an anchor shared by two services: one finding naming both',
      code: 'x-base: &base\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
      errors: [{ message: /^Services `a` and `b` mount the Docker API socket/, line: 3, column: 7, endColumn: 27 }],
    },
    {
      name: 'interpolated source with a default: reported on the ${…}',
      code: 'services:\n  web:\n    volumes:\n      - ${SOCK:-/var/run/docker.sock}:/var/run/docker.sock\n',
      errors: [{ message: /mounts the Docker API socket `\/var\/run\/docker.sock`/, line: 4, column: 9, endColumn: 38 }],
    },
    {
      name: 'interpolated from .env',
      code: 'services:\n  web:\n    volumes:\n      - ${SOCK}:/sock\n',
      files: { '/work/.env': 'SOCK=/run/podman/podman.sock\n' },
      errors: [{ message: /the Podman API socket `\/run\/podman\/podman.sock`/, line: 4, column: 9, endColumn: 16 }],
    },
    {
      name: 'unresolved source mounted at the socket path',
      code: 'services:\n  web:\n    volumes:\n      - ${DOCKER_SOCK}:/var/run/docker.sock:ro\n',
      errors: [{ message: /^Service `web` mounts `\$DOCKER_SOCK` at `\/var\/run\/docker.sock`, where the Docker API socket is expected/, line: 4, column: 9, endColumn: 23 }],
    },
    {
      name: 'rootless Docker through $XDG_RUNTIME_DIR',
      code: 'services:\n  web:\n    volumes: ["$XDG_RUNTIME_DIR/docker.sock:/var/run/docker.sock"]\n',
      errors: [{ message: /the Docker \(rootless\) API socket `\$XDG_RUNTIME_DIR\/docker.sock`/, line: 3, column: 16, endColumn: 44 }],
    },
    {
      name: 'Windows named pipe, long syntax',
      code: 'services:\n  web:\n    volumes:\n      - type: npipe\n        source: \\\\.\\pipe\\docker_engine\n        target: \\\\.\\pipe\\docker_engine\n',
      errors: [{ message: /the Docker API socket `\\\\\.\\pipe\\docker_engine`/, line: 5, column: 17 }],
    },
  ],
});
