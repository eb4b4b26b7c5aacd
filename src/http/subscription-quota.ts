import type { ExecutionResult } from "graphql";
import { AppError } from "../errors.js";

/**
 * Live subscriptions one socket, and one principal over all its sockets, may hold: a subscription
 * is reserved when the policy admits it (so a burst of messages cannot pass the check together) and
 * released when its event stream ends — completed by the client, the socket closed, or refused by
 * its resolver (a missing scope) before it streamed anything.
 */
export class SubscriptionQuota {
  private readonly bySocket = new WeakMap<object, Set<string>>();
  private readonly byPrincipal = new Map<string, number>();

  constructor(
    private readonly perSocket: number,
    private readonly perPrincipal: number,
  ) {}

  /** Reserves subscription `id` of socket `socket` for `principal`, or says why not. */
  reserve(socket: object, id: string, principal: string): AppError | undefined {
    const ids = this.bySocket.get(socket) ?? new Set<string>();
    if (ids.size >= this.perSocket) {
      return tooMany(`This connection holds ${ids.size} subscriptions, the most allowed (GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_SOCKET); complete one first`);
    }
    const held = this.byPrincipal.get(principal) ?? 0;
    if (held >= this.perPrincipal) {
      return tooMany(`${principal} holds ${held} subscriptions, the most allowed (GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_PRINCIPAL); complete one first`);
    }
    this.bySocket.set(socket, ids.add(id));
    this.byPrincipal.set(principal, held + 1);
    return undefined;
  }

  /** The operation's result, its stream releasing the reservation when it ends; a result that is no stream releases it now. */
  hold<R>(socket: object, id: string, principal: string, result: R): R | undefined {
    if (!this.bySocket.get(socket)?.has(id)) return undefined;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.release(socket, id, principal);
    };
    if (!(Symbol.asyncIterator in Object(result))) {
      release();
      return undefined;
    }
    const source = (result as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]();
    const ended = <T>(value: T) => {
      release();
      return value;
    };
    const stream: AsyncGenerator<ExecutionResult> = {
      next: () =>
        source.next().then(
          (step) => (step.done ? ended(step) : step),
          (err: unknown) => Promise.reject(ended(err)),
        ),
      return: (value) => {
        release();
        return source.return?.(value) ?? Promise.resolve({ value, done: true as const });
      },
      throw: (err) => {
        release();
        return source.throw?.(err) ?? Promise.reject(err);
      },
      [Symbol.asyncIterator]() {
        return stream;
      },
    };
    return stream as R;
  }

  private release(socket: object, id: string, principal: string): void {
    this.bySocket.get(socket)?.delete(id);
    const held = (this.byPrincipal.get(principal) ?? 1) - 1;
    if (held > 0) this.byPrincipal.set(principal, held);
    else this.byPrincipal.delete(principal);
  }
}

const tooMany = (message: string) => new AppError("TOO_MANY_REQUESTS", message, "Too many subscriptions");
