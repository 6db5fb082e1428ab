/**
 * Temporary folders for tests, each removed when the test file's process
 * exits (`node --test` runs every file in a process of its own), whether its
 * tests passed or not: a run of the suite used to leave some 200 folders
 * behind in the system's temporary folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

/** A new empty folder named `bulkhead-<prefix>-XXXXXX` in the system's temporary folder. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bulkhead-${prefix}-`));
  if (made.length === 0) process.once('exit', removeAll);
  made.push(dir);
  return dir;
}

/** A temporary folder holding `files` (relative paths to their text; folders are made as needed). */
export function workspace(prefix: string, files: Record<string, string>): string {
  const dir = tempDir(prefix);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function removeAll(): void {
  for (const dir of made.splice(0)) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder still held open (Windows) stays; the system cleans its temporary folder.
    }
  }
}
