#!/usr/bin/env node
// The `bulkhead` command: the bundled CLI (built by `npm run build` into dist/).
require('../dist/cli.js');
