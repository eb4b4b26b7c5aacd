// The export thread's entry: a thread does not take the module loaders of the thread that starts it
// (the service's tsx, vitest's), so it registers tsx for itself before loading the TypeScript source.
import { register } from "tsx/esm/api";

register();
await import("./export-worker.ts");
