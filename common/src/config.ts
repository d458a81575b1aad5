import { z } from 'zod';

/**
 * Reading configuration, shared by the gateway and every subgraph: each validates its environment once with its own zod
 * schema (the gateway's config.ts, the kit's `baseConfigSchema`) through `loadConfig`, which lists every problem at once
 * and throws a ConfigError (the start-up code prints it and exits with code 2).
 */

/** Raised when the environment does not describe a valid configuration; `issues` lists every problem. */
export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`invalid configuration:\n  - ${issues.join('\n  - ')}`);
  }
}

/**
 * Validate `env` against `schema` (usually `baseConfigSchema`, maybe extended) after applying `defaults`.
 * Throws ConfigError listing every invalid or missing variable by name; values are never echoed (they may be secrets).
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
  defaults: Record<string, string> = {},
): z.infer<S> {
  const merged: Record<string, string | undefined> = { ...defaults };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') merged[k] = v;
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}
