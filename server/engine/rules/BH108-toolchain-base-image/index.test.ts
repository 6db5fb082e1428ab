import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH108', {
  valid: [
    'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    { name: 'slim and alpine variants are runtime images', code: 'FROM node:20-slim\nCMD ["node", "server.js"]\nFROM python:3.12-alpine\nCMD ["python", "app.py"]\n' },
    { name: 'a JRE image', code: 'FROM eclipse-temurin:21-jre\nCMD ["java", "-jar", "/app.jar"]\n' },
    { name: 'the toolchain image used as a toolchain (a shell or the tool itself)', code: 'FROM golang:1.22\nRUN go install example.com/tool@v1.2.3\nCMD ["bash"]\n' },
    { name: 'an interpreter REPL behind an entrypoint script', code: 'FROM buildpack-deps:bookworm\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node"]\n' },
    { name: 'no command of its own', code: 'FROM maven:3.9-eclipse-temurin-21\nRUN mvn -v\n' },
    { name: 'a dev container', code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nCMD ["dotnet", "watch"]\n', filename: '/work/.devcontainer/Dockerfile' },
    { name: 'a dev target stage', code: 'FROM node:20 AS dev-env\nCMD ["npm", "run", "dev"]\n' },
    { name: 'a test Dockerfile', code: 'FROM golang:1.22\nCMD ["go", "test", "./..."]\n', filename: '/work/Dockerfile.ci' },
    { name: 'the build stage is not the target', code: 'FROM golang:1.22 AS build\nCMD ["/app"]\nFROM alpine:3.20 AS prod\nCMD ["/app"]\n', config: { target: 'prod' } },
    { name: 'a configured list replaces the defaults', code: 'FROM golang:1.22\nCMD ["/app"]\n', options: { toolchainImages: ['gcc:*'] } },
    { name: 'an unresolved base image', code: 'ARG IMG\nFROM ${IMG}\nCMD ["/app"]\n' },
  ],
  invalid: [
    {
      name: 'single-stage golang',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app\nCMD ["/app"]\n',
      errors: [{ messageId: 'toolchain', message: /`golang:1\.22`.*distroless/, line: 1, column: 6, endColumn: 17, severity: 'info' }],
    },
    { name: 'full node image', code: 'FROM node:20\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n', errors: [{ messageId: 'toolchain', message: /`-slim` or `-alpine`/, line: 1, column: 6 }] },
    { name: 'full python image, shell-form CMD', code: 'FROM python:3.12-bookworm\nCMD python app.py\n', errors: [{ messageId: 'toolchain', line: 1, column: 6, endColumn: 26 }] },
    { name: 'maven', code: 'FROM maven:3.9-eclipse-temurin-21\nCOPY . .\nRUN mvn package\nCMD ["java", "-jar", "target/app.jar"]\n', errors: [{ messageId: 'toolchain', message: /JRE/, line: 1, column: 6 }] },
    { name: 'JDK', code: 'FROM openjdk:17-jdk-slim\nENTRYPOINT ["java", "-jar", "/app.jar"]\n', errors: [{ messageId: 'toolchain', line: 1, column: 6 }] },
    { name: '.NET SDK', code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\nRUN dotnet publish -o /out\nENTRYPOINT ["dotnet", "/out/web.dll"]\n', errors: [{ messageId: 'toolchain', message: /dotnet\/aspnet/, line: 1, column: 6, endColumn: 38 }] },
    { name: 'docker.io/library name', code: 'FROM docker.io/library/rust:1.80\nCMD ["/usr/local/bin/app"]\n', errors: [{ messageId: 'toolchain', line: 1, column: 6 }] },
    {
      name: 'a chain of stages all built on the toolchain image',
      code: 'FROM golang:1.22 AS base\nRUN go build -o /app\nFROM base\nCMD ["/app"]\n',
      errors: [{ messageId: 'toolchain', line: 1, column: 6, endColumn: 17 }],
    },
    {
      name: 'ARG-resolved base image',
      code: 'ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION}\nENTRYPOINT ["/app"]\n',
      errors: [{ messageId: 'toolchain', message: /`golang:\$\{GO_VERSION\}`|`golang:1\.22`/, line: 2, column: 6 }],
    },
    {
      name: 'the target stage is a single chain on a toolchain image',
      code: 'FROM node:20 AS prod\nCMD ["node", "server.js"]\nFROM prod AS other\n',
      config: { target: 'prod' },
      errors: [{ messageId: 'toolchain', line: 1, column: 6 }],
    },
  ],
});
