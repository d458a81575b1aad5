import fs from 'node:fs';
import crypto from 'node:crypto';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@aidgraph/common';

/** The supergraph the gateway serves now: the short sha256 of its SDL and when it was loaded. */
export interface LoadedSupergraph {
  /** the first 12 hex digits of the SDL's sha256 */
  hash: string;
  /** when the gateway started serving it (ISO 8601, UTC) */
  loadedAt: string;
}

/** What the watcher reports: a swap that took effect, or a file refused (the old supergraph stays). */
export interface SupergraphEvents {
  loaded(supergraph: LoadedSupergraph, initial: boolean): void;
  refused(hash: string): void;
}

/** The short hash the gateway reports a supergraph by: the first 12 hex digits of the SDL's sha256. */
export function supergraphHash(sdl: string): string {
  return crypto.createHash('sha256').update(sdl).digest('hex').slice(0, 12);
}

/**
 * The gateway's supergraph delivery (@apollo/gateway's `supergraphSdl` hook, a SupergraphManager): the file is read at
 * start, then, when `pollMs` > 0, read again every `pollMs` milliseconds. A new content is applied once it has been read
 * the same at two polls in a row (a file still being written is not taken); it is then handed to the gateway's
 * `update`, which builds the new schema and query planner and swaps them in one step, or throws and keeps the old ones
 * when the text is not a valid supergraph. A refused content is logged once (its hash and the reason, never its text)
 * and not tried again until the file changes. Reading the file (not watching inodes) follows a symlink swap, the way
 * kubelet updates a mounted ConfigMap, and an editor's replace-by-rename alike.
 */
export function watchedSupergraph(file: string, pollMs: number, log: Logger, events: SupergraphEvents): SupergraphSdlHook {
  return async ({ update }) => {
    const initial = fs.readFileSync(file, 'utf8');
    let current = supergraphHash(initial);
    let refused: string | undefined;
    let seen: string | undefined;
    let reading = false;
    // the file's identity (device, inode, size, change times) when its content last settled (served, or refused):
    // while it stays the same the file is not read again, so an idle gateway does not hash half a megabyte every poll
    let settledStat: string | undefined;
    const poll = async () => {
      if (reading) return;
      reading = true;
      try {
        let sdl: string;
        let stat: string;
        try {
          stat = fileStat(await fs.promises.stat(file));
          if (stat === settledStat) return;
          sdl = await fs.promises.readFile(file, 'utf8');
        } catch (e) {
          // mid-swap (the link briefly missing) or gone: keep serving, look again at the next poll
          const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
          if (seen !== `unreadable:${code}`) log.warn({ file, code }, 'supergraph file unreadable; the loaded supergraph stays');
          seen = `unreadable:${code}`;
          return;
        }
        const hash = supergraphHash(sdl);
        const stable = hash === seen;
        seen = hash;
        if (hash === current || hash === refused) {
          // settled only if the file did not change while it was read (else read it again at the next poll)
          if (fileStat(await fs.promises.stat(file)) === stat) settledStat = stat;
          return;
        }
        if (!stable) return;
        try {
          update(sdl);
        } catch (e) {
          refused = hash;
          events.refused(hash);
          log.error({ file, hash, kept: current, reason: reason(e) }, 'supergraph file refused; the loaded supergraph stays');
          return;
        }
        log.info({ file, from: current, hash }, 'supergraph reloaded');
        current = hash;
        refused = undefined;
        events.loaded({ hash, loadedAt: new Date().toISOString() }, false);
      } finally {
        reading = false;
      }
    };
    const timer = pollMs > 0 ? setInterval(() => void poll(), pollMs) : undefined;
    timer?.unref();
    events.loaded({ hash: current, loadedAt: new Date().toISOString() }, true);
    return {
      supergraphSdl: initial,
      cleanup: async () => {
        if (timer) clearInterval(timer);
      },
    };
  };
}

/** What tells a changed file without reading it: the target's device and inode (a symlink swap gives another), size and
 *  modification and change times (in nanoseconds where the file system keeps them). */
function fileStat(s: fs.Stats): string {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
}

/** Why the gateway refused a supergraph: the error's message, one line, bounded (schema text only, no personal data). */
function reason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/\s+/g, ' ').trim().slice(0, 500);
}
