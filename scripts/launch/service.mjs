// The one way the tests, the bench and the CTK runner start a server of this repository as its own
// process: `node [nodeArgs] --import tsx <script>` (the service as users run it: src/main.ts; or the
// bench's floor server) on a free loopback port, ready when GET <readyPath> answers 200.
// Plain Node ESM (ctk/run.mjs runs without tsx); types in service.d.mts.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * The node flags the gateway runs with (`npm start` and the Dockerfile say the same; a test checks):
 * a larger young generation. Reads allocate per row; with the default 16 MB semi-space, scavenges
 * took ~30% of a nested read's CPU under load. 32 MB cut its CPU per request by ~20% for ~60 MB more
 * peak RSS (docs/benchmark.md).
 */
export const GATEWAY_NODE_ARGS = ["--max-semi-space-size=32"];

const TAIL_LINES = 60;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const waitFor = (promise, ms) => Promise.race([promise.then(() => true), sleep(ms).then(() => false)]);
const groupAlive = (pid) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};
const signalGroup = (pid, signal) => {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
};

/** A TCP port free on loopback right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Spawns the server and returns at once (the port is chosen, the process is running); `ready()` waits
 * for it. Use `startService` unless several servers should start side by side.
 */
export async function spawnService(options = {}) {
  const {
    name = "service",
    script = "src/main.ts",
    nodeArgs = script === "src/main.ts" ? GATEWAY_NODE_ARGS : [],
    cwd = REPO_ROOT,
    env = {},
    freshDataDir,
    logFile,
    processGroup = false,
    readyPath = "/health",
    readyTimeoutMs = 60_000,
    pollMs = 250,
    stopGraceMs = 10_000,
    log = () => undefined,
    progress = () => undefined,
  } = options;
  const port = options.port ?? (await freePort());
  let dataDir;
  if (freshDataDir) {
    mkdirSync(path.dirname(freshDataDir), { recursive: true });
    dataDir = mkdtempSync(freshDataDir);
  }
  const childEnv = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  Object.assign(childEnv, { PORT: String(port), HOST: "127.0.0.1" }, dataDir ? { DATA_DIR: dataDir } : {});

  let logStream;
  if (logFile) {
    mkdirSync(path.dirname(logFile), { recursive: true });
    logStream = createWriteStream(logFile, { flags: "w" });
  }
  // detached: the server gets its own process group, so that stop() can also reach the processes it
  // started (e.g. an embedded PostgreSQL), and a Ctrl-C in the terminal goes through the caller's cleanup.
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script], {
    cwd,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: processGroup,
  });
  const tailLines = [];
  const keep = (chunk) => {
    if (logStream && !logStream.writableEnded) logStream.write(chunk);
    tailLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (tailLines.length > TAIL_LINES) tailLines.splice(0, tailLines.length - TAIL_LINES);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exitInfo = null;
  const exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve((exitInfo = { code, signal })));
    child.once("error", (err) => {
      keep(Buffer.from(`spawn error: ${err.stack || err}\n`));
      resolve((exitInfo = { code: null, signal: null, error: err }));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const tail = (lines = 25) => tailLines.slice(-lines).join("\n  ");
  const started = Date.now();

  const service = {
    name,
    url,
    port,
    child,
    dataDir,
    exited,
    tail,
    readyMs: undefined,
    get exitInfo() {
      return exitInfo;
    },
    async ready() {
      const deadline = started + readyTimeoutMs;
      let lastError = "";
      while (Date.now() < deadline) {
        if (exitInfo) throw new Error(`${name} exited during start-up (code ${exitInfo.code}, signal ${exitInfo.signal}):\n  ${tail()}`);
        try {
          const res = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(2000) });
          if (res.status === 200) {
            service.readyMs = Date.now() - started;
            return service;
          }
          lastError = `GET ${readyPath} returned ${res.status}`;
        } catch (err) {
          lastError = err.cause?.code || err.message;
        }
        await sleep(pollMs);
      }
      throw new Error(`${name} not ready after ${readyTimeoutMs / 1000} s (${lastError}):\n  ${tail()}`);
    },
    stop: () => (stopping ??= stop()),
  };
  let stopping;

  /** SIGTERM, SIGKILL after stopGraceMs; the process group's leftovers; the log file; the fresh data dir. */
  async function stop() {
    if (!exitInfo && child.pid) {
      progress(`stopping ${name} (SIGTERM)`);
      child.kill("SIGTERM");
      if (!(await waitFor(exited, stopGraceMs))) {
        log(`${name} (pid ${child.pid}) did not exit within ${stopGraceMs / 1000} s of SIGTERM: SIGKILL`);
        if (processGroup) signalGroup(child.pid, "SIGKILL");
        else child.kill("SIGKILL");
        await waitFor(exited, 5_000);
      }
    }
    if (processGroup && child.pid) {
      // Processes the server started in its group and left behind (only ours: same process group id).
      for (let i = 0; i < 12 && groupAlive(child.pid); i += 1) await sleep(250);
      if (groupAlive(child.pid)) {
        log(`processes started by ${name} are still running: SIGTERM to its process group`);
        signalGroup(child.pid, "SIGTERM");
        for (let i = 0; i < 40 && groupAlive(child.pid); i += 1) await sleep(250);
        if (groupAlive(child.pid)) signalGroup(child.pid, "SIGKILL");
      }
    }
    if (exitInfo) progress(`${name} exited (code ${exitInfo.code}, signal ${exitInfo.signal})`);
    if (logStream) await new Promise((resolve) => logStream.end(resolve));
    if (dataDir) {
      try {
        rmSync(dataDir, { recursive: true, force: true });
      } catch (err) {
        log(`could not remove ${dataDir}: ${err.message}`);
      }
    }
    return exitInfo;
  }

  return service;
}

/** Spawns the server and waits until it is ready; when it does not get ready it is stopped, and this throws. */
export async function startService(options = {}) {
  const service = await spawnService(options);
  try {
    return await service.ready();
  } catch (err) {
    await service.stop();
    throw err;
  }
}

/** The exit code of a child process once it has exited (null when a signal ended it). */
export function exitCode(child) {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code)),
  );
}
