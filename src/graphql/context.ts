import type { Principal } from "../auth/principal.js";
import type { Sql } from "../db/sql.js";
import type { EventBus } from "../events/event-bus.js";
import type { ResourceServices } from "../resource/service.js";
import type { TraceParent } from "../telemetry/tracing.js";
import { Loaders } from "./loaders.js";

/** `S`: the registry's services (a module's resolvers name its own typed services). */
export interface Context<S extends ResourceServices = ResourceServices> {
  services: S;
  loaders: Loaders;
  /** Scheme and host the client used (or PUBLIC_BASE_URL), for absolute `href`s. */
  baseUrl: string;
  principal: Principal;
  /** Committed events of the cluster, for subscriptions. */
  events: EventBus;
  /** The read replicas, when configured (DATABASE_READ_URL). */
  replicas?: Sql;
  /** Where this operation's lists and counts read: the replicas for an operation of collections only (see read-routing.ts), else the primary. */
  reads?: Sql;
  /** The trace its spans belong to (the request's, then the operation's span): what its statements' spans are children of. */
  trace?: TraceParent;
}

/** One context per operation: services are shared, loaders never are. `sql`: a transaction the operation reads in (then never a replica). */
export function createContext<S extends ResourceServices>(
  services: S,
  events: EventBus,
  baseUrl: string,
  principal: Principal,
  sql?: Sql,
  replicas?: Sql,
  trace?: TraceParent,
): Context<S> {
  const context: Context<S> = {
    services,
    events,
    loaders: new Loaders(sql, () => context.trace),
    baseUrl,
    principal,
    trace,
    ...(sql ? { reads: sql } : replicas && { replicas }),
  };
  return context;
}
