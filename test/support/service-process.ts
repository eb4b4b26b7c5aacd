import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../../src/db/embedded-postgres.js";

/** The service as users run it (`node --import tsx src/main.ts`), ready when GET /ready answers 200. */
export async function startService(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; readyMs: number }> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited early: ${stderr}`);
    const ready = await fetch(`${url}/ready`).then((r) => r.status === 200, () => false);
    if (ready) return { child, url, readyMs: Date.now() - started };
    if (Date.now() - started > 60_000) throw new Error(`service not ready after 60 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));
}
