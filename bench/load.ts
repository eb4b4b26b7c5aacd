// Load generation (autocannon) and what the bench samples around it: the server process's RSS
// (/proc/<pid>/status VmRSS, every 50 ms, and VmHWM), its CPU time and PostgreSQL's CPU time
// (/proc/<pid>/stat of the postmaster and its backends), and the load generator's own CPU.
import autocannon, { type AutocannonRequest, type AutocannonResult } from "autocannon";
import { readdirSync, readFileSync } from "node:fs";

const CLK_TCK = 100; // Linux USER_HZ

function readStatus(pid: number): { rssKb: number; hwmKb: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
    return { rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
  } catch {
    return undefined;
  }
}

/** utime + stime of a process (or, with `tid`, of one of its threads), in ms, and its parent pid. */
function readStat(pid: number, tid?: number): { cpuMs: number; ppid: number } | undefined {
  try {
    const text = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    return { ppid: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK };
  } catch {
    return undefined;
  }
}

/** Cores the whole machine keeps busy over `ms` (before a run: anything but ~0 will skew it). */
export async function machineBusyCores(ms = 2000): Promise<number> {
  const b0 = machineBusyMs();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  return Math.round(((machineBusyMs() - b0) / (Date.now() - t0)) * 100) / 100;
}

/** CPU ms spent by the whole machine (all cores, non-idle), from /proc/stat. */
function machineBusyMs(): number {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: everything but idle and iowait
    const busy = cpu[0]! + cpu[1]! + cpu[2]! + cpu[5]! + cpu[6]! + cpu[7]!;
    return (busy * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Child pids of a process (all its threads' children), from /proc/<pid>/task/<tid>/children. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      if (text) out.push(...text.split(" ").map(Number));
    }
  } catch {
    // gone
  }
  return out;
}

/**
 * CPU time of the postmaster and its backends during a run. Backends come and go (pool connections
 * are closed when idle), so each pid's CPU is tracked from its first to its last sighting.
 */
class PostgresCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  constructor(private readonly postmasterPid: number) {
    this.sample(true);
  }
  sample(initial = false): void {
    for (const pid of [this.postmasterPid, ...childrenOf(this.postmasterPid)]) {
      const cpu = readStat(pid)?.cpuMs;
      if (cpu === undefined) continue;
      if (!this.first.has(pid)) this.first.set(pid, initial ? cpu : 0);
      this.last.set(pid, cpu);
    }
  }
  totalMs(): number {
    this.sample();
    let total = 0;
    for (const [pid, cpu] of this.last) total += cpu - (this.first.get(pid) ?? 0);
    return total;
  }
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** seconds (ignored when `amount` is set). */
  duration?: number;
  /** run exactly this many requests, every one answered before the run ends (writes). */
  amount?: number;
  timeout?: number;
  requests: AutocannonRequest[];
  serverPid: number;
  postmasterPid?: number;
  /** When given, every 2xx response's latency (ms) is appended (to merge percentiles across runs). */
  latencies?: number[];
}

export interface LoadResult {
  requestsPerSec: number;
  completed: number;
  durationSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** `mainThreadCpuMsPerRequest`: the JavaScript thread's share (a Node process's limit), without its other threads (GC helpers, libuv, a span export thread). */
  server: { peakRssMb: number; hwmMb: number; cpuMsPerRequest: number; mainThreadCpuMsPerRequest: number; cpuCoresUsed: number };
  postgres?: { cpuMsPerRequest: number; cpuCoresUsed: number };
  loadGenerator: { cpuCoresUsed: number };
  /** Cores used by everything else on the machine meanwhile (should be ~0: other load skews results). */
  otherCoresUsed: number;
  /** CLOCK_MONOTONIC µs of the start and end (to cut a V8 CPU profile to this window). */
  windowUs: [number, number];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let peakRssKb = 0;
  const sample = () => {
    const status = readStatus(options.serverPid);
    if (status && status.rssKb > peakRssKb) peakRssKb = status.rssKb;
  };
  sample();
  const sampler = setInterval(sample, 50);
  const serverCpu0 = readStat(options.serverPid)?.cpuMs ?? 0;
  // A Node process's main thread is its own thread group leader (tid = pid).
  const mainThreadCpu0 = readStat(options.serverPid, options.serverPid)?.cpuMs ?? 0;
  const pgCpu = options.postmasterPid ? new PostgresCpu(options.postmasterPid) : undefined;
  const pgSampler = setInterval(() => pgCpu?.sample(), 200);
  const selfCpu0 = process.cpuUsage();
  const machine0 = machineBusyMs();
  const t0 = nowUs();

  let result: AutocannonResult;
  let lastResponseUs = t0;
  try {
    result = await new Promise<AutocannonResult>((resolve, reject) => {
      const instance = autocannon(
        {
          url: options.url,
          connections: options.connections,
          ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
          timeout: options.timeout ?? 10,
          requests: options.requests,
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      const latencies = options.latencies;
      instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
        lastResponseUs = nowUs();
        if (latencies && statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
      });
    });
  } finally {
    clearInterval(sampler);
    clearInterval(pgSampler);
  }
  const t1 = nowUs();
  sample();
  const wallMs = (t1 - t0) / 1000;
  const serverCpuMs = (readStat(options.serverPid)?.cpuMs ?? 0) - serverCpu0;
  const mainThreadCpuMs = (readStat(options.serverPid, options.serverPid)?.cpuMs ?? 0) - mainThreadCpu0;
  const pgCpuMs = pgCpu?.totalMs();
  const self = process.cpuUsage(selfCpu0);
  const machineMs = machineBusyMs() - machine0;
  const selfMs = (self.user + self.system) / 1000;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
  const completed = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  // autocannon ends a run on its 1 s sampling tick: for a fixed number of requests, its duration is
  // rounded up to whole seconds. The run really ends with the last response.
  const durationSec = options.amount ? Math.max(0.001, (lastResponseUs - t0) / 1e6) : result.duration;
  const hwm = readStatus(options.serverPid)?.hwmKb ?? 0;
  return {
    requestsPerSec: round(result["2xx"] / durationSec, 1),
    completed,
    durationSec,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: round(result.latency.mean),
    },
    ok2xx: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    server: {
      peakRssMb: round(peakRssKb / 1024, 1),
      hwmMb: round(hwm / 1024, 1),
      cpuMsPerRequest: completed ? round(serverCpuMs / completed, 3) : 0,
      mainThreadCpuMsPerRequest: completed ? round(mainThreadCpuMs / completed, 3) : 0,
      cpuCoresUsed: round(serverCpuMs / wallMs),
    },
    ...(pgCpuMs !== undefined && {
      postgres: { cpuMsPerRequest: completed ? round(pgCpuMs / completed, 3) : 0, cpuCoresUsed: round(pgCpuMs / wallMs) },
    }),
    loadGenerator: { cpuCoresUsed: round(selfMs / wallMs) },
    otherCoresUsed: round(Math.max(0, machineMs - serverCpuMs - (pgCpuMs ?? 0) - selfMs) / wallMs),
    windowUs: [t0, t1],
  };
}
