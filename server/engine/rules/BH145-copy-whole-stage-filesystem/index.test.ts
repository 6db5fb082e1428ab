import { ruleTester } from '../../../../test/support/ruleTester';

const build = 'FROM node:20 AS build\nRUN npm ci && npm run build\n';

ruleTester('BH145', {
  valid: [
    { name: 'a path of the stage', code: `${build}FROM node:20-slim\nCOPY --from=build /app/dist /app\n` },
    { name: 'root of the build context, not a stage', code: 'FROM alpine:3.20\nCOPY / /src\n' },
    { name: 'an image, not a stage', code: 'FROM alpine:3.20\nCOPY --from=busybox:1.36 / /\n' },
    { name: 'a stage that is only an image alias', code: 'FROM tonistiigi/xx:1.4 AS xx\nFROM golang:1.22-alpine\nCOPY --from=xx / /\n' },
    { name: 'a scratch stage that collects outputs', code: `${build}FROM scratch AS out\nCOPY --from=build /app/dist /dist\nFROM scratch\nCOPY --from=out / /\n` },
    { name: 'a build stage that is not in the final image', code: `${build}FROM build AS test\nCOPY --from=build / /snapshot\nRUN npm test\nFROM node:20-slim\nCOPY --from=build /app/dist /app\n` },
    { name: '--target picks a stage without the copy', code: `${build}FROM node:20-slim AS runtime\nCOPY --from=build /app/dist /app\nFROM scratch AS flat\nCOPY --from=build / /\n`, config: { target: 'runtime' } },
    { name: 'a file whose name starts with a dot', code: `${build}FROM node:20-slim\nCOPY --from=build /.npmrc-template /etc/\n` },
    { name: 'ONBUILD names a stage of the child build', code: `${build}FROM node:20-slim\nONBUILD COPY --from=build / /\n` },
  ],
  invalid: [
    {
      code: `${build}FROM scratch\nCOPY --from=build / /\n`,
      errors: [{ message: '`COPY --from=build /` copies the whole filesystem of build stage `build` into the image: its toolchain, caches and any token, key or config file its build steps left behind. Copy only the paths the image needs.', line: 4, column: 6, endColumn: 20, severity: 'warning' }],
      output: null,
    },
    { name: 'into a sub-directory', code: `${build}FROM node:20-slim\nCOPY --from=build / /rootfs/\n`, errors: [{ line: 4, column: 6, endColumn: 20 }] },
    { name: '/. and other flags', code: `${build}FROM node:20-slim\nCOPY --chown=1000:1000 --from=build /. /app/\n`, errors: [{ message: /`COPY --from=build \/\.`/, line: 4, column: 24, endColumn: 39 }] },
    { name: '/*', code: `${build}FROM node:20-slim\nCOPY --from=build /* /\n`, errors: [{ message: /`COPY --from=build \/\*`/, line: 4, column: 6 }] },
    { name: '. is the root of the --from stage', code: `${build}FROM node:20-slim\nCOPY --from=build . /app\n`, errors: [{ line: 4, column: 6, endColumn: 20 }] },
    { name: 'stage by index', code: `${build}FROM node:20-slim\nCOPY --from=0 / /\n`, errors: [{ message: /whole filesystem of build stage `build`/, line: 4, column: 6 }] },
    { name: 'stage name in another case', code: `${build}FROM node:20-slim\nCOPY --from=BUILD / /\n`, errors: [{ line: 4, column: 6 }] },
    { name: 'stage name from an ARG', code: `${build}FROM node:20-slim\nARG SRC=build\nCOPY --from=\${SRC} / /\n`, errors: [{ line: 5, column: 6 }] },
    { name: 'exec form', code: `${build}FROM node:20-slim\nCOPY --from=build ["/", "/app"]\n`, errors: [{ line: 4, column: 6, endColumn: 23 }] },
    { name: 'a stage built on a stage that ran something', code: `${build}FROM build AS extra\nFROM scratch\nCOPY --from=extra / /\n`, errors: [{ message: /build stage `extra`/, line: 5, column: 6 }] },
    { name: 'a stage that only COPYs onto a base image', code: 'FROM alpine:3.20 AS conf\nCOPY . /etc/app\nFROM alpine:3.20\nCOPY --from=conf / /\n', errors: [{ line: 4, column: 6 }] },
    { name: 'continuation line', code: `${build}FROM scratch\nCOPY \\\n  --from=build \\\n  / /\n`, errors: [{ line: 5, column: 3, endLine: 6, endColumn: 4 }] },
    { name: 'a stage the final one is built from', code: `${build}FROM node:20-slim AS base\nCOPY --from=build / /\nFROM base\nCMD ["node"]\n`, errors: [{ line: 4, column: 6 }] },
  ],
});
