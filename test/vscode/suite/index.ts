/**
 * Entry point that VS Code loads as `--extensionTestsPath`: runs the compiled
 * `*.spec.js` files next to it with mocha (TDD interface) and reports the
 * result through the returned promise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, grep: process.env.MOCHA_GREP });
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.spec.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
}
