import { executionAsyncId } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { createContextKey, ROOT_CONTEXT } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { ScopedContextManager } from "../../src/telemetry/scoped-context.js";

// The context writes and the event dispatcher run in: each run sees its own context across awaits,
// whatever other runs start and end meanwhile, and once none runs the process's promises pay no
// hook again (on Node < 24, where AsyncLocalStorage is built on promise hooks).

const HOOK_BASED = Number(process.versions.node.split(".")[0]) < 24;
const key = createContextKey("run");
const named = (name: string) => ROOT_CONTEXT.setValue(key, name);

/** Whether promise hooks are installed: with them, a promise reaction runs as an async resource of its own. */
async function promiseHooksOn(): Promise<boolean> {
  await sleep(1); // Node removes its promise hooks in a microtask after the storage is disabled
  const outer = executionAsyncId();
  return (await Promise.resolve().then(() => executionAsyncId())) !== outer;
}

describe("ScopedContextManager", () => {
  it("keeps each run's context across awaits while other runs begin and end, then leaves the promise hooks off", async () => {
    const manager = new ScopedContextManager();
    expect(await promiseHooksOn()).toBe(false);
    const seen: string[] = [];
    let hooksDuringRuns = false;
    const run = (name: string, ms: number) =>
      manager.with(named(name), async () => {
        await sleep(ms);
        seen.push(`${name}:${String(manager.active().getValue(key))}`);
        if (name === "long") hooksDuringRuns = await promiseHooksOn();
        await sleep(ms);
        seen.push(`${name}:${String(manager.active().getValue(key))}`);
        return name;
      });
    const long = run("long", 30);
    await sleep(5);
    expect(await run("short", 1)).toBe("short"); // ends while "long" still runs
    expect(await long).toBe("long");
    expect(seen.sort()).toEqual(["long:long", "long:long", "short:short", "short:short"]);
    expect(hooksDuringRuns).toBe(HOOK_BASED);
    expect(manager.active()).toBe(ROOT_CONTEXT);
    expect(await promiseHooksOn()).toBe(false);
  });

  it("leaves after a run that throws or rejects, and passes the error on", async () => {
    const manager = new ScopedContextManager();
    expect(() =>
      manager.with(named("sync"), () => {
        throw new Error("thrown");
      }),
    ).toThrow("thrown");
    await expect(
      manager.with(named("async"), async () => {
        await sleep(1);
        throw new Error("rejected");
      }),
    ).rejects.toThrow("rejected");
    expect(manager.with(named("plain"), () => manager.active().getValue(key))).toBe("plain");
    expect(await promiseHooksOn()).toBe(false);
    // Entered again after leaving: the context is there once more.
    const again = await manager.with(named("again"), async () => {
      await sleep(1);
      return manager.active().getValue(key);
    });
    expect(again).toBe("again");
  });
});
