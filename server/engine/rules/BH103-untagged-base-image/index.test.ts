import { ruleTester } from '../../../../test/support/ruleTester';

ruleTester('BH103', {
  valid: [
    'FROM node:20\n',
    'FROM node:20@sha256:0000000000000000000000000000000000000000000000000000000000000000\n',
    'FROM node@sha256:0000000000000000000000000000000000000000000000000000000000000000\n',
    'FROM scratch\n',
    'FROM golang:1.22 AS build\nFROM build\n',
    { name: 'stage reference is case-insensitive', code: 'FROM golang:1.22 AS Build\nFROM build\n' },
    { name: 'ARG without default is not judged', code: 'ARG BASE\nFROM $BASE\n' },
    { name: 'ARG default with a tag', code: 'ARG VERSION=3.12\nFROM python:${VERSION}-slim\n' },
    { name: 'registry with port is not a tag', code: 'FROM localhost:5000/app:1.0\n' },
    { name: 'build arg supplies a tag', code: 'ARG TAG\nFROM app:${TAG}\n', config: { buildArgs: { TAG: '1.0' } } },
  ],
  invalid: [
    { code: 'FROM node\n', errors: [{ messageId: 'untagged', line: 1, column: 6, endLine: 1, endColumn: 10 }] },
    { code: 'FROM python:latest AS build\n', errors: [{ messageId: 'latest', line: 1, column: 6, endColumn: 19 }] },
    { name: 'lower-case keyword and extra spaces', code: 'from   ubuntu\n', errors: [{ messageId: 'untagged', line: 1, column: 8 }] },
    {
      name: 'registry with port and no tag',
      code: 'FROM localhost:5000/app\n',
      errors: [{ message: 'Base image `localhost:5000/app` has no tag, so it floats to `latest`: pin a version tag (and ideally a digest).', line: 1, column: 6 }],
    },
    { name: 'ARG default resolves to latest', code: 'ARG BASE=alpine:latest\nFROM ${BASE}\n', errors: [{ messageId: 'latest', line: 2, column: 6, endColumn: 13 }] },
    { name: 'build arg overrides default', code: 'ARG TAG=1.0\nFROM app:${TAG}\n', config: { buildArgs: { TAG: 'latest' } }, errors: [{ messageId: 'latest', line: 2, column: 6 }] },
    { name: '--platform flag', code: 'FROM --platform=$BUILDPLATFORM golang AS b\nFROM b\n', errors: [{ messageId: 'untagged', line: 1, column: 32 }] },
    { name: 'each stage', code: 'FROM debian AS a\nRUN true\nFROM alpine\n', errors: [{ line: 1, column: 6 }, { line: 3, column: 6 }] },
    { name: 'continuation line', code: 'FROM \\\n  nginx\n', errors: [{ line: 2, column: 3 }] },
    { name: 'severity is configurable', code: 'FROM nginx\n', config: { rules: { BH103: { severity: 'error' } } }, errors: [{ line: 1, column: 6, severity: 'error' }] },
  ],
});
