// HAProxy (Debian's) in front of gateway replicas on loopback, for the load-balancer test and the
// bench: round robin per request, health checks on GET /ready, a refused connection retried on
// another replica, WebSockets (graphql-ws) passed through.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./free-port.js";

export interface Haproxy {
  /** http://127.0.0.1:<port> */
  url: string;
  stop(): Promise<void>;
}

/** HAProxy balancing over `backends` ("127.0.0.1:port" each), ready when it answers through a healthy backend. */
export async function startHaproxy(backends: string[]): Promise<Haproxy> {
  const dir = mkdtempSync(path.join(tmpdir(), "gw-haproxy-"));
  const port = await freePort();
  const config = [
    "global",
    "  maxconn 4000",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 60s",
    "  timeout server 60s",
    "  timeout tunnel 1h",
    "  retries 3",
    "  option redispatch",
    "frontend gateway",
    `  bind 127.0.0.1:${port}`,
    "  default_backend replicas",
    "backend replicas",
    "  balance roundrobin",
    "  option httpchk GET /ready",
    "  http-check expect status 200",
    ...backends.map((backend, i) => `  server gw${i + 1} ${backend} check inter 300 fall 1 rise 1`),
  ].join("\n");
  writeFileSync(path.join(dir, "haproxy.cfg"), `${config}\n`);
  const child: ChildProcess = spawn("/usr/sbin/haproxy", ["-db", "-f", path.join(dir, "haproxy.cfg")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const ok = await fetch(`${url}/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || attempt > 100) {
      child.kill("SIGKILL");
      throw new Error(`HAProxy did not come up: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
