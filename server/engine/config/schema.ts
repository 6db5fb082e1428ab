/**
 * The JSON Schema of `.bulkhead.yaml`, generated from the rules, so editors
 * give completion and hover for every rule id, name and option. The server
 * validates the file itself (`parseConfig`, rule BH901); this schema is for
 * the editor's YAML support.
 */
import type { AnyRule } from '../rules/rule';
import type { OptionSchema } from '../types';
import { PRESETS } from './config';

const SEVERITY = { type: 'string', enum: ['off', 'info', 'warning', 'error'] };

function optionSchema(o: OptionSchema): Record<string, unknown> {
  const out: Record<string, unknown> = { type: o.type, description: o.description, default: o.default };
  if (o.type === 'array') out.items = { type: 'string' };
  if (o.type === 'string' && o.enum) out.enum = o.enum;
  return out;
}

function ruleSettingSchema(r: AnyRule): Record<string, unknown> {
  const options = r.meta.options;
  return {
    description: `${r.meta.id} ${r.meta.name} (default: ${r.meta.defaultSeverity}) — ${r.meta.description}`,
    oneOf: [
      SEVERITY,
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          severity: SEVERITY,
          ...(options
            ? { options: { type: 'object', additionalProperties: false, properties: Object.fromEntries(Object.entries(options.properties).map(([k, v]) => [k, optionSchema(v)])) } }
            : {}),
        },
      },
    ],
  };
}

export function configSchema(rules: readonly AnyRule[]): Record<string, unknown> {
  const ruleProps: Record<string, unknown> = {};
  for (const r of rules) {
    ruleProps[r.meta.id] = ruleSettingSchema(r);
    ruleProps[r.meta.name] = { ...ruleSettingSchema(r), description: `Same as ${r.meta.id}.` };
  }
  const rulesSchema = { type: 'object', description: 'Rule severities (`off`, `info`, `warning`, `error`) or `{severity, options}`, by rule id or name.', additionalProperties: false, properties: ruleProps };
  const globs = { description: 'Globs relative to this file; a glob without `/` matches a file or folder name at any depth.', oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/bulkhead-dev/bulkhead/blob/main/schemas/bulkhead.schema.json',
    title: 'Bulkhead configuration (.bulkhead.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      extends: { description: 'Config files this one builds on: paths relative to this file, or packages in node_modules.', oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      root: { type: 'boolean', description: 'Stop looking for config files in parent folders.' },
      presets: { description: 'Built-in rule sets applied before `rules`.', oneOf: [{ type: 'string', enum: [...PRESETS] }, { type: 'array', items: { type: 'string', enum: [...PRESETS] } }] },
      rules: rulesSchema,
      overrides: {
        type: 'array',
        description: 'Per-path settings, applied in order after everything else.',
        items: { type: 'object', additionalProperties: false, required: ['files'], properties: { files: globs, rules: rulesSchema, buildArgs: { type: 'object', additionalProperties: { type: 'string' } }, target: { type: 'string' } } },
      },
      ignore: { ...globs, description: 'Files not linted. ' + globs.description },
      trustedRegistries: { type: 'array', items: { type: 'string' }, description: 'Registries images may come from (`docker.io`, `ghcr.io/my-org/*`, `*.example.com`).' },
      buildArgs: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] }, description: 'Values for ARGs when resolving images and users.' },
      target: { type: 'string', description: 'The build stage judged as the image (default: the last).' },
      composeFiles: { type: 'array', items: { type: 'string' }, description: 'The `-f` files of one Compose project, merged in order (relative to this file).' },
      composeProfiles: { type: 'array', items: { type: 'string' }, description: 'Compose profiles to treat as enabled, as `docker compose --profile`.' },
      failOn: { type: 'string', enum: ['info', 'warning', 'error'], description: 'CLI: the lowest severity that makes the exit code 1.' },
      suppressions: {
        type: 'object',
        additionalProperties: false,
        properties: {
          requireReason: { type: 'boolean', description: 'Report `# bulkhead-ignore` comments without `-- reason` (BH904).' },
          allow: { type: 'boolean', description: 'false: ignore every inline suppression and report it (BH904).' },
        },
      },
      hadolint: { type: 'boolean', description: 'Read `.hadolint.yaml` and honour `# hadolint ignore=` pragmas (default true).' },
    },
  };
}
