// Summarises a V8 .cpuprofile (node --cpu-prof): where the CPU time went, optionally only inside a
// time window (CLOCK_MONOTONIC µs, as bench/results.json records for each load phase).
//
//   node --import tsx bench/profile-summary.ts <file.cpuprofile> [--from=<µs> --to=<µs>] [--top=25]
//   node --import tsx bench/profile-summary.ts <file.cpuprofile> --callers=writev [--depth=8]   (who calls it)
//
// Tables: self time by function; self time by package / source file; time attributed to the
// innermost src/ frame on the stack (what in the product caused the library time below it); and
// inclusive (total) time of src/ functions. Line numbers are those of the code tsx executed (1-based).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function shortUrl(url: string): string {
  if (!url) return "";
  let p = url.startsWith("file://") ? fileURLToPath(url) : url;
  const nm = p.lastIndexOf("/node_modules/");
  if (nm !== -1) return p.slice(nm + "/node_modules/".length);
  if (p.startsWith(`${REPO}/`)) p = p.slice(REPO.length + 1);
  return p;
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native / builtin)";
  if (url.startsWith("wasm://")) return `${url.split("/").slice(0, 3).join("/")}… (Prisma query compiler, WebAssembly)`;
  if (url.startsWith("node:")) return url.startsWith("node:internal/async_hooks") ? "node:internal/async_hooks (promise hooks)" : "node: core (other)";
  const p = url.startsWith("file://") ? fileURLToPath(url) : url;
  const nm = p.lastIndexOf("/node_modules/");
  if (nm !== -1) {
    const rest = p.slice(nm + "/node_modules/".length).split("/");
    const name = rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
    return name;
  }
  return shortUrl(url);
}

const isSrc = (frame: CallFrame) => {
  const u = shortUrl(frame.url);
  return u.startsWith("src/") && !u.startsWith("src/generated/");
};

// Line numbers of src/ files are those of tsx's transformed output, not of the .ts source: omitted.
const label = (f: CallFrame) => {
  const name = f.functionName || "(anonymous)";
  const u = shortUrl(f.url);
  if (!u) return name;
  return u.startsWith("src/") ? `${name}  ${u}` : `${name}  ${u}:${f.lineNumber + 1}`;
};

export interface ProfileSummary {
  totalMs: number;
  sampledMs: number;
  idleMs: number;
  selfByFunction: [string, number][];
  selfByPackage: [string, number][];
  bySrcFrame: [string, number][];
  inclusiveSrc: [string, number][];
}

export function summarize(profile: CpuProfile, window?: { from?: number; to?: number }, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const pkg = new Map<string, number>();
  const srcFrame = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

  let t = profile.startTime;
  let sampled = 0;
  let idle = 0;
  const times: number[] = [];
  for (const d of profile.timeDeltas) times.push((t += d));
  for (let i = 0; i < profile.samples.length; i++) {
    const ts = times[i]!;
    if (window?.from !== undefined && ts < window.from) continue;
    if (window?.to !== undefined && ts > window.to) continue;
    const next = i + 1 < times.length ? times[i + 1]! : profile.endTime;
    const dt = Math.max(0, next - ts) / 1000; // ms
    const node = byId.get(profile.samples[i]!)!;
    sampled += dt;
    if (node.callFrame.functionName === "(idle)") {
      idle += dt;
      continue;
    }
    add(self, label(node.callFrame), dt);
    add(pkg, packageOf(node.callFrame.url, node.callFrame.functionName), dt);
    const seen = new Set<string>();
    let innermost: string | undefined;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (!isSrc(frame)) continue;
      const key = label(frame);
      innermost ??= key;
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusive, key, dt);
      }
    }
    add(srcFrame, innermost ?? "(no src/ frame on the stack)", dt);
  }
  const sorted = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, Math.round(v * 10) / 10] as [string, number]);
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    sampledMs: Math.round(sampled),
    idleMs: Math.round(idle),
    selfByFunction: sorted(self),
    selfByPackage: sorted(pkg),
    bySrcFrame: sorted(srcFrame),
    inclusiveSrc: sorted(inclusive),
  };
}

/**
 * The most frequent call stacks (leaf first, `depth` frames) of samples whose leaf function is named
 * `name`: who calls an expensive native or library function.
 */
export function callersOf(profile: CpuProfile, name: string, window?: { from?: number; to?: number }, depth = 8, top = 8): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stacks = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  const times: number[] = [];
  for (const d of profile.timeDeltas) times.push((t += d));
  for (let i = 0; i < profile.samples.length; i++) {
    const ts = times[i]!;
    if ((window?.from !== undefined && ts < window.from) || (window?.to !== undefined && ts > window.to)) continue;
    const node = byId.get(profile.samples[i]!)!;
    if (node.callFrame.functionName !== name) continue;
    const dt = Math.max(0, (i + 1 < times.length ? times[i + 1]! : profile.endTime) - ts) / 1000;
    total += dt;
    const frames: string[] = [];
    for (let id: number | undefined = node.id; id !== undefined && frames.length < depth; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (f.functionName === "(root)") break;
      frames.push(label(f));
    }
    stacks.set(frames.join("\n        ← "), (stacks.get(frames.join("\n        ← ")) ?? 0) + dt);
  }
  const rows = [...stacks.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [`callers of ${name}: ${total.toFixed(0)} ms`, ...rows.map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms  ${k}`)].join("\n");
}

export function formatSummary(s: ProfileSummary, title = "CPU profile"): string {
  const busy = s.sampledMs - s.idleMs;
  const pct = (v: number) => `${((100 * v) / Math.max(1, busy)).toFixed(1).padStart(5)}%`;
  const table = (heading: string, rows: [string, number][]) =>
    [`  ${heading}`, ...rows.map(([k, v]) => `    ${pct(v)} ${v.toFixed(0).padStart(7)} ms  ${k}`)].join("\n");
  return [
    `${title}: ${s.sampledMs} ms sampled, ${s.idleMs} ms idle, ${busy} ms on CPU (percentages of on-CPU time)`,
    table("self time by function", s.selfByFunction),
    table("self time by package / file", s.selfByPackage),
    table("time by innermost src/ frame on the stack (library time charged to the product code that called it)", s.bySrcFrame),
    table("inclusive time of src/ functions", s.inclusiveSrc),
  ].join("\n\n");
}

export function loadProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
}

/** Of the profiles node wrote into `dir` (one per thread), the main thread's: the one running src/. */
export function mainThreadProfile(dir: string): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
  const srcFrames = (f: string) => loadProfile(f).nodes.filter((n) => isSrc(n.callFrame)).length;
  const ranked = files.map((f) => [f, srcFrames(f)] as const).sort((a, b) => b[1] - a[1]);
  if (!ranked.length) throw new Error(`no .cpuprofile in ${dir}`);
  return ranked[0]![0];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) {
    console.error("usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [--from=µs] [--to=µs] [--top=25]");
    process.exit(2);
  }
  const opt = (name: string) => {
    const a = args.find((x) => x.startsWith(`--${name}=`));
    return a ? Number(a.split("=")[1]) : undefined;
  };
  const profile = loadProfile(file);
  const window = { from: opt("from"), to: opt("to") };
  const callers = args.find((x) => x.startsWith("--callers="))?.slice(10);
  if (callers) console.log(callersOf(profile, callers, window, opt("depth") ?? 8, opt("top") ?? 8));
  else console.log(formatSummary(summarize(profile, window, opt("top") ?? 25), path.basename(file)));
}
