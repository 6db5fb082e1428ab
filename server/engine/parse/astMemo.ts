/**
 * dockerfile-ast recomputes an instruction's arguments from its text on every
 * `getArguments()` call, and its own getters (`getFlags`, `getArgumentsRange`,
 * `getHeredocs`, the JSON-form parser) call it again and again: on the corpus
 * that was a fifth of all lint time. An instruction's text never changes after
 * parsing, so the scan is done once per instance; callers get a copy of the
 * array because `ModifiableInstruction.getArguments` shifts flags off it.
 */
import { Instruction } from 'dockerfile-ast';

const MEMO = Symbol('bulkhead.rawArguments');

interface Memoised {
  [MEMO]?: unknown[];
}

let installed = false;

export function installArgumentMemo(): void {
  if (installed) return;
  installed = true;
  const proto = Instruction.prototype as unknown as { getRawArguments(): unknown[] };
  const original = proto.getRawArguments;
  if (typeof original !== 'function') return;
  proto.getRawArguments = function (this: Memoised) {
    let args = this[MEMO];
    if (!args) {
      args = original.call(this);
      this[MEMO] = args;
    }
    return args.slice();
  };
}
