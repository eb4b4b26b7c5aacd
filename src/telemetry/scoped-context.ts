import type { Context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";

/** Node 24 keeps async context in frames (AsyncContextFrame), which cost nothing while unused. */
const HOOK_BASED = Number(process.versions.node.split(".")[0]) < 24 && !process.execArgv.includes("--experimental-async-context-frame");

const settles = (value: unknown): value is Promise<unknown> => typeof (value as Promise<unknown> | undefined)?.finally === "function";

/**
 * OpenTelemetry's AsyncLocalStorage context manager, entered only while some work runs in a context:
 * when the last `with` ends (its promise settled), the storage is disabled, which on Node < 24
 * removes the promise hooks that made every promise of the process pay (≈ 50 per REST read); the
 * next `with` enables it again. Reads pass their trace explicitly and never enter it; writes and the
 * event dispatcher do, for as long as they run.
 */
export class ScopedContextManager extends AsyncLocalStorageContextManager {
  private entries = 0;

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this.entries++;
    let result: ReturnType<F>;
    try {
      result = super.with(context, fn, thisArg, ...args);
    } catch (err) {
      this.leave();
      throw err;
    }
    if (!settles(result)) {
      this.leave();
      return result;
    }
    return result.finally(() => this.leave()) as ReturnType<F>;
  }

  private leave(): void {
    if (--this.entries === 0 && HOOK_BASED) this.disable();
  }
}
