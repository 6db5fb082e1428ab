import { type Pair, type YAMLMap } from 'yaml';
import { isMap, isPair, isScalar } from '../../yaml/nodes';
import { defineRule } from '../rule';
import type { ComposeModel } from '../../model/compose';
import type { TextEdit } from '../../types';
import { pairSpan, parentOf, walk } from '../../yaml/source';
import { removePair } from '../../yaml/edit';
import { servicesDo } from '../../compose/phrases';

export const loggingDisabled = defineRule({
  meta: {
    id: 'BH221',
    name: 'logging-disabled',
    appliesTo: ['compose'],
    defaultSeverity: 'warning',
    category: 'hygiene',
    description: 'A service sets `logging.driver: none`, so nothing it writes to stdout or stderr is kept: no audit trail.',
    references: [
      { title: 'CIS Docker Benchmark v1.6.0 2.13 — Ensure centralized and remote logging is configured' },
      { title: 'Docker documentation — Configure logging drivers', url: 'https://docs.docker.com/engine/logging/configure/' },
      { title: 'Compose file reference — logging', url: 'https://docs.docker.com/reference/compose-file/services/#logging' },
    ],
    fixable: 'unsafe',
    messages: {
      none:
        '{who} its logs (`logging.driver: none`): nothing it writes is kept, so there is no trail of what happened when it fails or is attacked, and `docker logs` shows nothing. Use the default driver with size limits (`json-file` or `local`, `max-size`), or ship logs to a central store.',
      noneShared:
        '{who} their logs through this shared setting (`logging.driver: none`): nothing they write is kept, so there is no trail of what happened when they fail or are attacked, and `docker logs` shows nothing. Use the default driver with size limits (`json-file` or `local`, `max-size`), or ship logs to a central store.',
    },
  },
  checkCompose({ model, report }) {
    const byPair = new Map<Pair, string[]>();
    for (const service of model.services) {
      const driver = service.get('logging', 'driver');
      if (!driver?.pair || typeof driver.value !== 'string' || driver.value.trim() !== 'none') continue;
      // An override file or `extends` may set another driver: Compose runs that one.
      const effective = service.effective('logging', 'driver');
      if (typeof effective === 'string' && effective.trim() !== 'none') continue;
      const names = byPair.get(driver.pair);
      if (names) names.push(service.name);
      else byPair.set(driver.pair, [service.name]);
    }
    for (const [pair, names] of byPair) {
      const span = pairSpan(model, pair);
      if (!span) continue;
      const edits = removalEdits(model, pair);
      report({
        messageId: names.length === 1 ? 'none' : 'noneShared',
        data: { who: servicesDo(names, 'discards', 'discard') },
        span,
        fixes: edits ? [{ id: 'remove-driver-none', title: 'Remove `driver: none` (use the default logging driver)', safe: false, edits }] : [],
      });
    }
  },
});

/**
 * When `driver: none` (and `options:`, which mean nothing to another driver)
 * is all the `logging` map holds, the `logging` key goes; otherwise the
 * `driver` pair goes. An anchor used elsewhere keeps its map (`{}`).
 */
function removalEdits(model: ComposeModel, pair: Pair): TextEdit[] | undefined {
  const loc = parentOf(model, pair);
  if (!loc || !isMap(loc.parent)) return undefined;
  const map = loc.parent as YAMLMap;
  const others = map.items.filter((p) => p !== pair && !(isPair(p) && isScalar(p.key) && p.key.value === 'options'));
  if (others.length === 0) {
    let loggingPair: Pair | undefined;
    walk(model.doc?.contents, (n) => {
      if (!loggingPair && isPair(n) && n.value === map) loggingPair = n as Pair;
    });
    if (loggingPair) {
      const edits = removePair(model, loggingPair);
      if (edits) return edits;
    }
  }
  return removePair(model, pair);
}
