// npm run bench  (node --import tsx bench/run.ts [options])
//
// The gateway measured side by side against the physical floor, on this machine, over loopback:
//   a. floor  GET customer by id       bench/floor-server.ts: node:http + pg, same row, same TMF JSON
//   b. REST   GET customer by id       the product's TMF REST layer (REST → GraphQL in-process)
//   c. GraphQL customer(id)            the same selection the REST layer builds, sent to POST /graphql
//   d. nested GraphQL read             customers(limit: 50) → accounts → payments, + SQL statements
//   e. POST payment                    50 concurrent writers on ONE billing account, exact balance
//   f–h. against PostGraphile 5        nested, list of 100 payments, customer by id: the product and
//                                      PostGraphile (Amber) on the same rows, in alternating rounds
//   i. REST list vs GraphQL list        GET payment?account.id=…&limit=100 and the same GraphQL list,
//                                      on the product, in alternating rounds
//   j. gateway replicas                 GET customer by id through HAProxy → 1, then 2 product processes
//   k. tracing cost                     GET customer by id, tracing off, then on (OTLP/HTTP to a local sink)
//   l. scale (only with --only=scale)   list reads at 1k and at 1M rows, 1 and 20 connections (bench/scale.ts)
//   m. federation _entities             100 Customer representations per POST vs the same reads by id (bench/entities.ts)
//   n. versions (only with --only=versions)  v5 vs v4 REST by id and list of 100: customer, billingAccount, customerBill (bench/versions.ts)
// See bench/README.md. Options: --only=floor,rest,graphql,nested,payments,postgraphile-nested,
// postgraphile-list,postgraphile-by-id,rest-list,replicas,tracing,entities,scale,versions (--only=postgraphile: the three postgraphile-*)  --duration=10  --warmup=3
// --rounds=2  --connections=50  --customers=5000  --profile (product under node --cpu-prof, summarised per phase).
//
// This file is the order of a run; each step lives in a file of its own (bench/README.md, "Files").
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { applyMigrations } from "../src/db/migrate.js";
import { cleanUpOnSignals, cleanup, onCleanup } from "./cleanup.js";
import { machineBusyCores, type LoadResult } from "./load.js";
import { addListAccount, type ListAccount } from "./list-account.js";
import { BENCH_DIR, CONFIG, ONLY, SCRATCH, log } from "./options.js";
import { runPayments, type PaymentResult } from "./payments.js";
import type { CommitFloor } from "./payment-floor.js";
import { openBenchPostgres, type BenchPostgres } from "./postgres.js";
import { lastRound, runPeerLoads, type PeerResults } from "./postgraphile-loads.js";
import type { PeerStatements } from "./postgraphile-report.js";
import { preparePeerScenarios, type PeerScenarios } from "./postgraphile-scenarios.js";
import { runReadLoads } from "./read-loads.js";
import { runReplicas, type ReplicasResult } from "./replicas.js";
import { runTracingCost, TRACED_REPLICA, type TracingCostResult } from "./tracing-cost.js";
import { runEntities, type EntitiesResult } from "./entities.js";
import { runRestList, type RestListResult } from "./rest-list.js";
import { runScale, type ScaleResult } from "./scale.js";
import { runVersions, versionsProfileWindows, type VersionsResult } from "./versions.js";
import { buildReport } from "./report.js";
import { printReport } from "./report-table.js";
import { prepareScenarios } from "./scenarios.js";
import { seed, type SeedResult } from "./seed.js";
import { replicaProfileDir, startServers } from "./servers.js";
import { countPeerStatements, countStatements } from "./statement-count.js";

cleanUpOnSignals();

async function main(): Promise<number> {
  const failures: string[] = [];
  const started = Date.now();
  mkdirSync(SCRATCH, { recursive: true });
  onCleanup("scratch directory", async () => rmSync(SCRATCH, { recursive: true, force: true }));

  // 1. PostgreSQL, schema, data ---------------------------------------------------------------
  const db: BenchPostgres = await openBenchPostgres(SCRATCH, log);
  onCleanup("PostgreSQL", () => db.close());
  log(`PostgreSQL ${db.version} (${db.mode}), database ${db.dbName}; statement counts: ${db.statStatementsNote}`);
  const applied = await applyMigrations(db.url);
  log(`migrations applied: ${applied.join(", ")}`);
  const data: SeedResult = await seed(db.url, CONFIG.customers);
  log(
    `seeded ${data.customers} customers, ${data.accounts} billing accounts, ${data.bills} bills, ${data.payments} payments, ` +
      `${data.refunds} refunds in ${data.seconds.toFixed(1)} s`,
  );

  // The list scenarios' account (g. against PostGraphile, i. REST list): one account with more than 100 payments.
  let listAccount: ListAccount | undefined;
  if (ONLY.has("postgraphile-list") || ONLY.has("rest-list")) {
    listAccount = await addListAccount(db.url);
    log(`list account ${listAccount.accountId}: ${listAccount.payments} payments`);
  }

  // 2. the product, the floor and (for f–h) PostGraphile, each its own process ------------------
  const { product, floor, peer, profileDir } = await startServers(db.url);

  // 3. what each scenario sends, and proof that floor, REST and GraphQL return the same thing ----
  const scenarios = await prepareScenarios(data, product, floor);
  const { graphqlByIdQuery, sample } = scenarios;

  // 4. statement counts ---------------------------------------------------------------------------
  const { statements, how: statementHow } = await countStatements(db, product, data, graphqlByIdQuery);

  // 3b. against PostGraphile: the same rows on both sides (throws if not), and their statements
  let peerScenarios: PeerScenarios | undefined;
  let peerStatements: PeerStatements | undefined;
  if (peer) {
    peerScenarios = await preparePeerScenarios(product, peer, graphqlByIdQuery, data.customerIds, listAccount, ONLY);
    peerStatements = await countPeerStatements(db, product, peer, peerScenarios.scenarios);
  }

  // 5. load -------------------------------------------------------------------------------------
  const busyCoresBeforeLoad = await machineBusyCores(2000);
  log(
    `machine before the load: ${busyCoresBeforeLoad} cores busy with servers idle${busyCoresBeforeLoad > 0.25 ? " — other processes are running: results will be skewed" : ""}`,
  );
  const results = await runReadLoads(product, floor, scenarios, db.postmasterPid, failures);

  // 5b. f–h: the product and PostGraphile in alternating rounds; the peer is stopped before the writes
  let peerResults: PeerResults | undefined;
  if (peer && peerScenarios) {
    peerResults = await runPeerLoads(product, peer, peerScenarios.scenarios, db.postmasterPid, failures);
    await peer.stop();
  }

  // 5c. i. REST list vs the same GraphQL list, on the product, in alternating rounds (checked first)
  let restList: RestListResult | undefined;
  if (ONLY.has("rest-list") && listAccount) restList = await runRestList(db, product, listAccount, db.postmasterPid, failures);

  // 5d. j. the same REST reads through HAProxy, to one product process and then to two
  let replicas: ReplicasResult | undefined;
  if (ONLY.has("replicas")) replicas = await runReplicas(db.url, product, scenarios, db.postmasterPid, failures);

  // 5e. k. the same REST reads with tracing off and on
  let tracing: TracingCostResult | undefined;
  if (ONLY.has("tracing")) tracing = await runTracingCost(db.url, product, scenarios, db.postmasterPid, failures);

  // 5e'. m. federation's _entities of 100 representations against the same reads by id
  let entities: EntitiesResult | undefined;
  if (ONLY.has("entities")) entities = await runEntities(db, product, scenarios, data.customerIds, db.postmasterPid, failures);

  // 5e''. n. v5 against v4 REST reads of the same rows, in alternating rounds (only with --only=versions)
  let versions: VersionsResult | undefined;
  if (ONLY.has("versions")) versions = await runVersions(db.url, product, db.postmasterPid, failures);

  // 5f. l. list reads at 1k and at 1M rows, in a database of their own (only with --only=scale)
  let scale: ScaleResult | undefined;
  if (ONLY.has("scale")) scale = await runScale(db, db.postmasterPid, failures);

  // 6. payments: 50 writers on one account, every acknowledged amount accounted for -------------
  let paymentResult: PaymentResult | undefined;
  let commitFloorResult: CommitFloor[] | undefined;
  if (ONLY.has("payments")) ({ paymentResult, commitFloorResult } = await runPayments(db, product, data, failures));

  // 7. stop everything (the product writes its CPU profile on exit), then report -----------------
  log("stopping the servers and PostgreSQL");
  await cleanup();
  const report = buildReport({
    db,
    data,
    statements,
    statementHow,
    results,
    paymentResult,
    commitFloorResult,
    sample,
    graphqlByIdQuery,
    failures,
    started,
    busyCoresBeforeLoad,
    peer: peerResults,
    peerStatements,
    peerScenarios,
    listAccount,
    restList,
    replicas,
    tracing,
    entities,
    scale,
    versions,
  });
  if (CONFIG.profile) {
    try {
      const { summarizeProfileWindows } = await import("./profile-windows.js");
      const windows: [string, LoadResult | undefined][] = [
        ["b. REST", results.rest],
        ["c. GraphQL", results.graphql],
        ["d. nested", results.nested],
        ["e. payments", paymentResult],
        ["k. tracing off", tracing?.off],
        ["i. REST list, last round", restList && lastRound(restList.rest)],
        ["i. GraphQL list, last round", restList && lastRound(restList.graphql)],
        ["i. GraphQL connection, last round", restList && lastRound(restList.connection)],
        ...versionsProfileWindows(versions),
      ];
      (report as { profile?: unknown }).profile = summarizeProfileWindows(profileDir, windows);
      if (tracing)
        (report as { profileTraced?: unknown }).profileTraced = summarizeProfileWindows(replicaProfileDir(TRACED_REPLICA), [["k. tracing on", tracing.on]]);
    } catch (err) {
      failures.push(`profile: ${(err as Error).message}`);
    }
  }
  writeFileSync(path.join(BENCH_DIR, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
  printReport(report);
  return failures.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  log(`FAILED: ${(err as Error).stack ?? String(err)}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
