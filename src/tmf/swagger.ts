import { readFileSync } from "node:fs";
import path from "node:path";

const SPECS_DIR = path.resolve(import.meta.dirname, "../../specs");

/** What the gateway reads of an official TMF swagger (2.0). */
export interface Swagger {
  info: { title: string };
  host?: string;
  basePath?: string;
  schemes?: string[];
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, Record<string, unknown>>;
}

const loaded = new Map<string, Swagger>();

/** The official swagger `file` of specs/ (the contract of a TMF API), read once. */
export function swagger(file: string): Swagger {
  let spec = loaded.get(file);
  if (!spec) loaded.set(file, (spec = JSON.parse(readFileSync(path.join(SPECS_DIR, path.basename(file)), "utf8")) as Swagger));
  return spec;
}
