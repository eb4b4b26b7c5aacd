import type { ChildProcess } from "node:child_process";
import { exitCode, startService as launch, type Service } from "../../scripts/launch/service.mjs";

/** The service as users run it (`node --import tsx src/main.ts`), ready when GET /ready answers 200. */
export async function startService(env: Record<string, string>): Promise<Service & { readyMs: number }> {
  // Without demo data unless asked (DEMO_DATA is on by default with the embedded PostgreSQL): the tests count what they write.
  return launch({ env: { DEMO_DATA: "false", ...env, LOG_LEVEL: "warn" }, readyPath: "/ready", readyTimeoutMs: 60_000, pollMs: 100 });
}

/** The exit code of the service's process once it has exited (null when a signal ended it). */
export function exited(child: ChildProcess): Promise<number | null> {
  return exitCode(child);
}
