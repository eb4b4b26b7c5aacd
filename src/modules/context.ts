import type { Context } from "../graphql/context.js";
import type { Services } from "./services.js";

/** The request context as the modules' own resolvers see it: the registry's services, the domain ones by name. */
export type AppContext = Context<Services>;
