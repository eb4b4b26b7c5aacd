#!/usr/bin/env node
// Runs the TMF conformance kits (ctk/*.postman_collection.json) with newman.
//
//   node ctk/run.mjs                 start the service on a free port with a fresh data dir, run all kits
//   node ctk/run.mjs Payment         only the kits whose file name contains "Payment"
//   CTK_BASE_URL=http://host:8080 node ctk/run.mjs     run against an already running service
//
// Environment: CTK_BASE_URL (use a running service), CTK_EXTENDED=1 (checks beyond the certified
// CTK runs), CTK_START_TIMEOUT (seconds to wait for /health, default 60), DATABASE_URL (passed to
// the service when set). Reports: ctk/reports/<kit>.json, ctk/reports/<kit>.html, ctk/reports/service.log.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import newman from 'newman';

const CTK_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.dirname(CTK_DIR);
const REPORTS_DIR = path.join(CTK_DIR, 'reports');
const START_TIMEOUT_MS = Number(process.env.CTK_START_TIMEOUT || 60) * 1000;

// Kits run in this order (the seed kits first, on a fresh data set, so that their assertion counts
// are comparable with the certification reports); any other kit follows alphabetically.
const ORDER = ['TMF629-Customer', 'TMF676-Payment', 'TMF666-BillingAccount', 'TMF676-Refund'];
// Counts of the certified TM Forum CTK runs (seed reports) for comparison.
const SEED = {
  'TMF629-Customer': { report: 'CTK-Customer-4.0.0', requests: 10, assertions: 67 },
  'TMF676-Payment': { report: 'CTK-Payment-4.0.0', requests: 7, assertions: 249 },
};

const log = (...args) => console.log('[ctk]', ...args);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Service lifecycle
// ---------------------------------------------------------------------------------------------
let service = null; // { child, exited: Promise, dataDir, logStream }

async function startService() {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tmf-ctk-'));
  const logFile = path.join(REPORTS_DIR, 'service.log');
  const logStream = createWriteStream(logFile, { flags: 'w' });
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
  if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
  // hrefs must be built from the address the kits call (baseUrl), not from a configured public URL.
  delete env.PUBLIC_BASE_URL;
  // The kits call the API without credentials, as the certification runs did: the service started
  // here for them has authentication off (against a server of your own, use CTK_BASE_URL).
  env.AUTH = 'false';
  log(`starting service: node --import tsx src/main.ts (PORT=${port} DATA_DIR=${dataDir}${process.env.DATABASE_URL ? ' DATABASE_URL=<set>' : ''}), log: ${path.relative(process.cwd(), logFile)}`);
  // detached: the service gets its own process group, so that a forced stop can also reach the
  // processes it started (e.g. an embedded PostgreSQL) and Ctrl-C goes through our cleanup.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  child.stdout.pipe(logStream, { end: false });
  child.stderr.pipe(logStream, { end: false });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (err) => { logStream.write(`\n[ctk] spawn error: ${err.stack || err}\n`); resolve({ code: null, signal: null, error: err }); });
  });
  service = { child, exited, dataDir, logStream, exitInfo: null };
  exited.then((info) => { service && (service.exitInfo = info); });

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError = '';
  while (Date.now() < deadline) {
    if (service.exitInfo) throw new Error(`service exited during start-up (code ${service.exitInfo.code}, signal ${service.exitInfo.signal})`);
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) {
        log(`service healthy at ${baseUrl} after ${((START_TIMEOUT_MS - (deadline - Date.now())) / 1000).toFixed(1)} s`);
        return baseUrl;
      }
      lastError = `GET /health returned ${res.status}`;
    } catch (e) {
      lastError = e.cause?.code || e.message;
    }
    await sleep(250);
  }
  throw new Error(`service not healthy after ${START_TIMEOUT_MS / 1000} s (${lastError})`);
}

const groupAlive = (pid) => { try { process.kill(-pid, 0); return true; } catch { return false; } };
const signalGroup = (pid, sig) => { try { process.kill(-pid, sig); } catch { /* already gone */ } };
const waitFor = (promise, ms) => Promise.race([promise.then(() => true), sleep(ms).then(() => false)]);

let stopPromise = null;
function stopService() {
  if (!stopPromise) stopPromise = doStopService();
  return stopPromise;
}

async function doStopService() {
  if (!service) return;
  const { child, exited, dataDir, logStream } = service;
  if (!service.exitInfo && child.pid) {
    log('stopping service (SIGTERM)');
    try { child.kill('SIGTERM'); } catch { /* gone */ }
    if (!(await waitFor(exited, 10_000))) {
      log('service did not exit within 10 s: SIGKILL');
      signalGroup(child.pid, 'SIGKILL');
      await waitFor(exited, 5_000);
    }
  }
  // Processes the service started in its group and left behind (only ours: same process group id).
  for (let i = 0; i < 12 && child.pid && groupAlive(child.pid); i += 1) await sleep(250);
  if (child.pid && groupAlive(child.pid)) {
    log('processes started by the service are still running: SIGTERM to its process group');
    signalGroup(child.pid, 'SIGTERM');
    for (let i = 0; i < 40 && groupAlive(child.pid); i += 1) await sleep(250);
    if (groupAlive(child.pid)) signalGroup(child.pid, 'SIGKILL');
  }
  const info = service.exitInfo;
  if (info) log(`service exited (code ${info.code}, signal ${info.signal})`);
  await new Promise((r) => logStream.end(r));
  await rm(dataDir, { recursive: true, force: true }).catch((e) => log(`could not remove ${dataDir}: ${e.message}`));
  service = null;
}

// ---------------------------------------------------------------------------------------------
// Kits
// ---------------------------------------------------------------------------------------------
function listKits(filters) {
  const files = readdirSync(CTK_DIR).filter((f) => f.endsWith('.postman_collection.json'));
  const names = files.map((f) => f.replace(/\.postman_collection\.json$/, ''));
  const rank = (n) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return filters.length ? names.filter((n) => filters.some((f) => n.toLowerCase().includes(f.toLowerCase()))) : names;
}

function runKit(kit, baseUrl) {
  const environment = {
    name: 'ctk',
    values: [
      { key: 'baseUrl', value: baseUrl, type: 'default', enabled: true },
      { key: 'extendedChecks', value: /^(1|true|yes)$/i.test(process.env.CTK_EXTENDED || '') ? 'true' : 'false', type: 'default', enabled: true },
    ],
  };
  return new Promise((resolve) => {
    newman.run({
      collection: path.join(CTK_DIR, `${kit}.postman_collection.json`),
      environment,
      reporters: ['cli', 'json', 'htmlextra'],
      reporter: {
        json: { export: path.join(REPORTS_DIR, `${kit}.json`) },
        htmlextra: { export: path.join(REPORTS_DIR, `${kit}.html`), browserTitle: kit, title: kit },
      },
      timeoutRequest: 30_000,
    }, (err, summary) => resolve({ kit, err, summary }));
  });
}

function summarize({ kit, err, summary }) {
  if (err || !summary) return { kit, requests: 0, setupRequests: 0, requestsFailed: 0, assertions: 0, failed: 0, errors: 1, failures: [{ where: kit, what: String(err?.stack || err) }] };
  const s = summary.run.stats;
  const failures = summary.run.failures.map((f) => ({
    where: f.source?.name || f.at || '',
    what: `${f.error?.test ? `"${f.error.test}"` : f.error?.name || 'error'}: ${f.error?.message || ''}`,
  }));
  return {
    kit,
    requests: s.items.total, // requests of the kit (what the certification reports count)
    setupRequests: s.requests.total - s.items.total, // pm.sendRequest calls of setup scripts
    requestsFailed: s.requests.failed,
    assertions: s.assertions.total,
    failed: s.assertions.failed,
    // request errors, script errors (anything that is not a failed assertion)
    errors: summary.run.failures.filter((f) => f.error?.name !== 'AssertionError').length,
    failures,
  };
}

// ---------------------------------------------------------------------------------------------
async function main() {
  mkdirSync(REPORTS_DIR, { recursive: true });
  const kits = listKits(process.argv.slice(2));
  if (!kits.length) {
    console.error('[ctk] no kit matches', process.argv.slice(2).join(' '));
    return 2;
  }
  let baseUrl = (process.env.CTK_BASE_URL || '').replace(/\/+$/, '');
  if (baseUrl) {
    log(`using running service at ${baseUrl}`);
  } else {
    if (!existsSync(path.join(REPO_ROOT, 'src', 'main.ts'))) {
      console.error(`[ctk] ${path.join(REPO_ROOT, 'src', 'main.ts')} not found; set CTK_BASE_URL to run against a running service`);
      return 2;
    }
    try {
      baseUrl = await startService();
    } catch (e) {
      console.error(`[ctk] ${e.message}; see ctk/reports/service.log`);
      await stopService();
      const tail = readFileSync(path.join(REPORTS_DIR, 'service.log'), 'utf8').split('\n').slice(-30).join('\n');
      console.error(`[ctk] last lines of service.log:\n${tail}`);
      return 3;
    }
  }

  const results = [];
  for (const kit of kits) {
    if (interrupted) break;
    log(`running ${kit} against ${baseUrl}`);
    results.push(summarize(await runKit(kit, baseUrl)));
  }
  await stopService();

  console.log('\n[ctk] summary');
  const total = { requests: 0, setupRequests: 0, assertions: 0, failed: 0, errors: 0 };
  for (const r of results) {
    total.requests += r.requests; total.setupRequests += r.setupRequests; total.assertions += r.assertions; total.failed += r.failed; total.errors += r.errors;
    const seed = SEED[r.kit];
    const cmp = seed
      ? `  (${seed.report}: ${seed.requests} requests, ${seed.assertions} assertions${r.requests === seed.requests && r.assertions === seed.assertions ? ' - same counts' : ''})`
      : '';
    console.log(`  ${r.failed || r.errors ? 'FAIL' : 'PASS'}  ${r.kit.padEnd(24)} requests ${String(r.requests).padStart(3)} (+${String(r.setupRequests).padStart(2)} setup)  assertions ${String(r.assertions).padStart(4)}  failed ${String(r.failed).padStart(3)}${r.errors ? `  errors ${r.errors}` : ''}${cmp}`);
  }
  console.log(`  ${total.failed || total.errors ? 'FAIL' : 'PASS'}  ${'TOTAL'.padEnd(24)} requests ${String(total.requests).padStart(3)} (+${String(total.setupRequests).padStart(2)} setup)  assertions ${String(total.assertions).padStart(4)}  failed ${String(total.failed).padStart(3)}${total.errors ? `  errors ${total.errors}` : ''}`);
  const failures = results.flatMap((r) => r.failures.map((f) => `  ${r.kit} > ${f.where} > ${f.what}`));
  if (failures.length) console.log('\n[ctk] failures\n' + failures.join('\n'));
  console.log(`\n[ctk] reports in ${path.relative(process.cwd(), REPORTS_DIR) || '.'}/`);
  return total.failed || total.errors ? 1 : 0;
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n[ctk] ${sig}: stopping`);
    await stopService();
    process.exit(130);
  });
}

main().then(
  (code) => { process.exitCode = code; },
  async (e) => { console.error('[ctk]', e.stack || e); await stopService(); process.exitCode = 1; },
);
