// The services ctk/run.mjs runs the kits against: one per ODA Component (ODA_COMPONENT), on one
// database, started with scripts/launch/service.mjs (the launcher the tests and the bench use too).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, spawnService } from "../../scripts/launch/service.mjs";

/** `start(components)` → { [id]: url }; `stop()` stops them all. Logs to `<reportsDir>/service-<id>.log`. */
export function componentServices({ reportsDir, startTimeoutMs, log }) {
  const services = [];
  let embeddedDataDir;
  let embeddedOwner;
  function spawnComponent(component, env) {
    const logFile = path.join(reportsDir, `service-${component.id}.log`);
    const service = spawnService({
      name: `service ${component.id}`,
      env: {
        // hrefs must be built from the address the kits call (baseUrl), not from a configured public URL.
        PUBLIC_BASE_URL: undefined,
        // The kits call the API without credentials, as the certification runs did: the services started
        // here for them have authentication off (against a server of your own, use CTK_BASE_URL).
        AUTH: "false",
        ODA_COMPONENT: component.id,
        ...env,
      },
      logFile,
      // Its own process group: a forced stop also reaches the processes it started (an embedded PostgreSQL).
      processGroup: true,
      readyPath: "/health",
      readyTimeoutMs: startTimeoutMs,
      stopGraceMs: 10_000,
      log,
      progress: log,
    });
    return service.then((started) => {
      services.push(started);
      log(
        `starting ${component.id}: node --import tsx src/main.ts (ODA_COMPONENT=${component.id} PORT=${started.port}), log: ${path.relative(process.cwd(), logFile)}`,
      );
      return started;
    });
  }

  /**
   * The components' services on one database: DATABASE_URL's when set; else the first one's embedded
   * PostgreSQL, in a fresh data dir whose credentials are written here first, so that the others can be
   * told its URL and start as soon as it listens, while the first migrates it (one that finds the
   * database not up yet exits, and is started again).
   */
  async function startServices(components) {
    const urls = {};
    const ready = async (component, service) => {
      await service.ready();
      log(`${component.id} healthy at ${service.url} after ${(service.readyMs / 1000).toFixed(1)} s`);
      urls[component.id] = service.url;
    };
    let owner;
    let rest = components;
    let env = {};
    if (!process.env.DATABASE_URL) {
      embeddedDataDir = mkdtempSync(path.join(os.tmpdir(), "tmf-ctk-"));
      const password = randomBytes(18).toString("base64url");
      writeFileSync(path.join(embeddedDataDir, "embedded-postgres.json"), JSON.stringify({ password }), { mode: 0o600 });
      const pgPort = await freePort();
      owner = spawnComponent(components[0], { DATA_DIR: embeddedDataDir, EMBEDDED_PG_PORT: String(pgPort) });
      // What the first runs with as the embedded development database, the others are told.
      env = { DATABASE_URL: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/postgres`, EVENTS_CALLBACK_ALLOW: "*" };
      rest = components.slice(1);
    }
    // The others start once the first's database listens (finding none, they would exit).
    if (owner) {
      let ownerExited = false;
      void owner.then((service) => service.exited.then(() => (ownerExited = true)));
      await listening(Number(new URL(env.DATABASE_URL).port), () => ownerExited);
    }
    const spawned = rest.map((component) => spawnComponent(component, env));
    if (owner) await ready(components[0], (embeddedOwner = await owner));
    await Promise.all(
      rest.map(async (component, i) => {
        const service = await spawned[i];
        try {
          await ready(component, service);
        } catch (err) {
          if (!owner || !service.exitInfo) throw err;
          log(`${component.id} started before the database was up: starting it again`);
          await ready(component, await spawnComponent(component, env));
        }
      }),
    );
    return urls;
  }

  /** Resolves once something accepts TCP connections on this loopback port (or `gaveUp()`). */
  async function listening(port, gaveUp) {
    while (!gaveUp()) {
      const open = await new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1", () => {
          socket.end();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
      });
      if (open) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function stopServices() {
    // The embedded PostgreSQL's owner last: the others' pools close first.
    const others = services.splice(0).filter((service) => service !== embeddedOwner);
    await Promise.all(others.map((service) => service.stop()));
    await embeddedOwner?.stop();
    embeddedOwner = undefined;
    if (embeddedDataDir) rmSync(embeddedDataDir, { recursive: true, force: true });
    embeddedDataDir = undefined;
  }

  return { start: startServices, stop: stopServices };
}
