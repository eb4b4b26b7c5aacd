import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { Principal } from "../auth/principal.js";
import { AppError } from "../errors.js";
import type { Context } from "../graphql/context.js";

/** The longest delay a Node timer keeps (a longer one would fire at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `expire` when the credential of a socket's connection stops being accepted (`expiresAt`: a
 * bearer token's `exp` plus the clock tolerance); one timer per socket, cleared when it closes. An
 * API key does not expire (keys change with the configuration, at a restart, which closes every socket).
 */
export function expireWith(socket: { once(event: "close", listener: () => void): unknown }, principal: Principal, expire: () => void): void {
  const { expiresAt } = principal;
  if (expiresAt === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) return expire();
    // JWT_MAX_LIFETIME_S allows more than the ~24.8 days a timer holds: such a token is waited for in steps.
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
  };
  arm();
  socket.once("close", () => clearTimeout(timer));
}

/**
 * graphql's `subscribe`, with the operation's principal made current (`current`: its scopes as its
 * roles grant them now) before each event is executed. An event whose subscription field is refused
 * FORBIDDEN — its scope was taken from the principal since it subscribed — is the last: the client
 * receives it (`next` with the error), then `complete`, and the source stops listening.
 */
export async function subscribeCurrently(
  args: ExecutionArgs,
  current: (principal: Principal) => Principal,
): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const events = source[Symbol.asyncIterator]();
  const context = args.contextValue as Context;
  let ended = false;
  const end = async () => {
    ended = true;
    await events.return?.();
  };
  const stream: AsyncGenerator<ExecutionResult> = {
    next: async () => {
      if (ended) return { value: undefined, done: true };
      const step = await events.next();
      if (step.done) return step;
      context.principal = current(context.principal);
      const result = await execute({ ...args, rootValue: step.value });
      if (refusedAtRoot(result)) await end();
      return { value: result, done: false };
    },
    // Not an async generator's: `return` must reach the source while it waits for an event.
    return: async () => {
      await end();
      return { value: undefined, done: true };
    },
    throw: async (err) => {
      await end();
      throw err;
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}

/** The subscription's own field refused FORBIDDEN: the event delivered nothing, and no later one would. */
function refusedAtRoot(result: ExecutionResult): boolean {
  return !!result.errors?.some((error) => error.path?.length === 1 && error.originalError instanceof AppError && error.originalError.code === "FORBIDDEN");
}
