import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';

/**
 * `.env` files: defaults for the environment, read before configuration is validated.
 *
 * A process takes each variable from the first of these that sets it:
 * 1. the real environment (a variable set there, even to an empty value, is never replaced);
 * 2. `<package>/.env`: the folder of the package whose program runs (`subgraphs/<name>/.env`, `gateway/.env`), beside
 *    its `.env.example`;
 * 3. `<repository root>/.env`: values every process shares (`AIDGRAPH_MODE`, `GATEWAY_SIGNING_KEY`, `DEV_KEYS_DIR`, ...).
 *
 * `ENV_FILES=off` in the environment turns this off (the end-to-end harness sets it: a developer's `.env` must not change
 * what a test starts). The files use Node's dotenv syntax (`util.parseEnv`: `KEY=value`, `# comments`, quoted values). Relative paths in
 * values are resolved by the code that uses them, from the working directory (the repository root under `npm start`).
 * This module imports nothing but Node, so a command-line tool can read `.env` without loading anything else:
 * `require('@aidgraph/common/env-file')` (the kit re-exports it as `@aidgraph/subgraph-kit/env-file`).
 */

/** The nearest folder at or above `from` that holds a package.json (`from` itself when there is none). */
export function packageDirOf(from: string): string {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(from);
    dir = up;
  }
}

/** The workspace root above `packageDir`: the nearest folder at or above it whose package.json declares workspaces. */
export function workspaceRootOf(packageDir: string): string | undefined {
  let dir = path.resolve(packageDir);
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      try {
        if (JSON.parse(fs.readFileSync(file, 'utf8')).workspaces) return dir;
      } catch {
        // an unreadable package.json is not a workspace root
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The package of the running program (the folder of `require.main`'s nearest package.json; else the working directory). */
export function mainPackageDir(): string {
  const main = require.main?.filename;
  return main ? packageDirOf(path.dirname(main)) : process.cwd();
}

/** The `.env` files that apply to `packageDir`, strongest first: its own, then the workspace root's (those that exist). */
export function envFilesFor(packageDir: string): string[] {
  const dirs = [path.resolve(packageDir)];
  const root = workspaceRootOf(packageDir);
  if (root && root !== dirs[0]) dirs.push(root);
  return dirs.map((d) => path.join(d, '.env')).filter((f) => fs.existsSync(f));
}

/** Parse one `.env` file (Node's own parser, Node 20.12 or newer). */
export function parseEnvFile(file: string): Record<string, string> {
  if (typeof util.parseEnv !== 'function') throw new Error(`reading ${file} needs Node 20.12 or newer`);
  const parsed = util.parseEnv(fs.readFileSync(file, 'utf8'));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (v !== undefined) out[k] = v;
  return out;
}

/** What the `.env` files of `packageDir` set, merged (the package's own file over the root's); the environment is not consulted. */
export function readEnvFiles(packageDir: string): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const file of envFilesFor(packageDir).reverse()) Object.assign(merged, parseEnvFile(file));
  return merged;
}

/**
 * Fill `env` (default `process.env`) from the `.env` files of `packageDir` (default: the running program's package)
 * without replacing anything already set (nothing at all with `ENV_FILES=off`); returns the files read (paths only: values may be secrets and are never
 * logged). Call it first thing at start, before any configuration is read.
 */
export function loadEnvFiles(packageDir: string = mainPackageDir(), env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.ENV_FILES === 'off') return [];
  const files = envFilesFor(packageDir);
  for (const [k, v] of Object.entries(readEnvFiles(packageDir))) if (env[k] === undefined) env[k] = v;
  return files;
}

/**
 * `loadEnvFiles` for a process's start: never throws, so that the caller can first create its logger and then report an
 * unreadable `.env` as one of its configuration problems. Returns the files read, or the problem (no values in it).
 */
export function loadEnvFilesAtStart(): { files: string[]; problem?: string } {
  try {
    return { files: loadEnvFiles() };
  } catch (e) {
    return { files: [], problem: (e as Error).message };
  }
}
