// Types of service.mjs (plain JavaScript, so that ctk/run.mjs can run it without tsx).
import type { ChildProcess } from "node:child_process";

/** The node flags the gateway runs with (npm start, the Dockerfile). */
export declare const GATEWAY_NODE_ARGS: readonly string[];

/** The repository root (the default working directory of a launched server). */
export declare const REPO_ROOT: string;

export interface LaunchOptions {
  /** Used in messages. Default "service". */
  name?: string;
  /** The script node runs through tsx, relative to `cwd`. Default "src/main.ts". */
  script?: string;
  /** Node options before `--import tsx` (e.g. --cpu-prof). Default: GATEWAY_NODE_ARGS for src/main.ts, none otherwise. */
  nodeArgs?: string[];
  /** Default: the repository root. */
  cwd?: string;
  /** Over process.env; `undefined` removes a variable. PORT and HOST (127.0.0.1) are always set, DATA_DIR with `freshDataDir`. */
  env?: Record<string, string | undefined>;
  /** Default: a free loopback port. */
  port?: number;
  /** mkdtemp prefix (e.g. `/tmp/tmf-ctk-`): a new directory becomes DATA_DIR, removed by stop(). */
  freshDataDir?: string;
  /** stdout and stderr are written there (the file is truncated first). The last lines are kept in memory either way. */
  logFile?: string;
  /** Own process group: stop() also ends the processes the server started. Default false. */
  processGroup?: boolean;
  /** Ready when GET of this path answers 200. Default "/health". */
  readyPath?: string;
  /** Default 60 000. */
  readyTimeoutMs?: number;
  /** Default 250. */
  pollMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. Default 10 000. */
  stopGraceMs?: number;
  /** Receives what goes wrong while stopping (SIGKILL, processes left behind, a data dir not removed). */
  log?: (message: string) => void;
  /** Receives the routine steps of stop() (SIGTERM sent, exit code). */
  progress?: (message: string) => void;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface Service {
  name: string;
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  child: ChildProcess;
  /** The fresh DATA_DIR, when `freshDataDir` was given. */
  dataDir: string | undefined;
  /** Milliseconds from spawn to ready (set by ready()). */
  readyMs: number | undefined;
  exited: Promise<ExitInfo>;
  readonly exitInfo: ExitInfo | null;
  /** The last output lines (stdout and stderr), for error messages. */
  tail(lines?: number): string;
  ready(): Promise<Service>;
  /** SIGTERM (SIGKILL after stopGraceMs), then the process group, the log file and the fresh data dir. Once; later calls get the same promise. */
  stop(): Promise<ExitInfo | null>;
}

export declare function freePort(): Promise<number>;
export declare function spawnService(options?: LaunchOptions): Promise<Service>;
export declare function startService(options?: LaunchOptions): Promise<Service & { readyMs: number }>;
export declare function exitCode(child: ChildProcess): Promise<number | null>;
