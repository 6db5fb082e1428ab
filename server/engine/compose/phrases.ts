/** Wording shared by the Compose mount and network rules. */
import { serviceList } from '../rules/BH202-dangerous-capability/capabilities';

/**
 * The subject of a finding about a value several services may share:
 * "Service `a` mounts" / "Services `a` and `b` mount".
 */
export function servicesDo(names: readonly string[], singular: string, plural: string): string {
  return `${names.length === 1 ? 'Service' : 'Services'} ${serviceList(names)} ${names.length === 1 ? singular : plural}`;
}

/**
 * A written value for a message: an unresolved `${NAME…}` is shown as
 * `$NAME` (braces would read as a message placeholder, and a default or error
 * text after `:-`/`:?` says nothing the name does not).
 */
export function shown(s: string): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}/g, (_m, name: string) => `$${name}`);
}
