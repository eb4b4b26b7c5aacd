// Throw-away PostgreSQL for the tests, the bench and the scripts: a fresh embedded cluster started by
// the product's own starter (src/db/embedded-postgres.ts: same binaries, flags, OS-user handling and
// signal discipline as `npm start`), and fresh databases on any server, dropped again.
// TypeScript (it builds on src/): the callers run under tsx or vitest. The CTK runner needs none of
// this: the service it starts runs its own embedded PostgreSQL in the DATA_DIR it is given.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres.js";

export interface ScratchPostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  /** The directory given to startScratchPostgres (the cluster is in `<dir>/pg`). */
  dir: string;
  /** pid of the postmaster (a child of this process). */
  postmasterPid: number | undefined;
  /** Stops PostgreSQL and removes `dir`. */
  stop(): Promise<void>;
}

export interface ScratchPostgresOptions {
  log?: (message: string) => void;
  /** Libraries for `shared_preload_libraries` (e.g. pg_stat_statements): set, then the server is restarted once. */
  preloadLibraries?: string[];
}

/** A new empty directory `<parent>/<prefix>XXXXXX` (parent created when missing). */
export function freshDirectory(parent: string, prefix: string): string {
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(path.join(parent, prefix));
}

/** A fresh PostgreSQL cluster in `dir` (new or empty) on a free loopback port. */
export async function startScratchPostgres(dir: string, options: ScratchPostgresOptions = {}): Promise<ScratchPostgres> {
  const log = options.log ?? (() => undefined);
  let server = await startEmbeddedPostgres(dir, log);
  try {
    if (options.preloadLibraries?.length) {
      await withClient(server.url, (c) => c.query(`ALTER SYSTEM SET shared_preload_libraries = '${options.preloadLibraries!.join(",")}'`));
      await server.stop();
      server = await startEmbeddedPostgres(dir, log);
    }
  } catch (err) {
    await server.stop().catch(() => undefined);
    throw err;
  }
  let postmasterPid: number | undefined = Number(readFileSync(path.join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  if (!Number.isInteger(postmasterPid)) postmasterPid = undefined;
  let stopped: Promise<void> | undefined;
  return {
    url: server.url,
    dir,
    postmasterPid,
    stop: () =>
      (stopped ??= (async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      })()),
  };
}

/** `base` with its database name replaced by `name`. */
export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  /** DROP DATABASE … WITH (FORCE): also ends the connections still open on it. */
  drop(): Promise<void>;
}

/** A new database `<prefix><random hex>` on the server of `adminUrl`. */
export async function createScratchDatabase(adminUrl: string, prefix: string, randomBytesCount = 6): Promise<ScratchDatabase> {
  const name = `${prefix}${randomBytes(randomBytesCount).toString("hex")}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: () => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
