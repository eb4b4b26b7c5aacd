import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { generate } from "@graphql-codegen/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codegenConfig, SCALARS } from "../graphql/codegen.js";
import { schemaSdl } from "../src/schema/schema.js";

// GraphQL Code Generator with the shipped config (graphql/codegen.ts) over the schema the service
// serves and every operation of graphql/examples/, then `tsc --strict` on what it wrote and on a
// client module using it: the scalars as the wire carries them (Decimal a JSON number, see
// graphql.api.test.ts "keeps money exact"; DateTime a string; JSON any JSON value, not unknown).

const EXAMPLES = path.resolve(import.meta.dirname, "../graphql/examples/*.graphql");
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");
let dir: string;
let schemaFile: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "codegen-"));
  schemaFile = path.join(dir, "schema.graphql");
  writeFileSync(schemaFile, await schemaSdl());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLIENT = `
import type { AuthorizeMutationVariables, ChangeHomePhoneMutationVariables, PortalCustomersQuery, RecordPaymentMutation, WatchPaymentsSubscription } from "./operations.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Payment = PortalCustomersQuery["customers"][number]["accounts"][number]["payments"][number];

export const decimalOut: Equal<NonNullable<Payment["totalAmount"]>["value"], number | null> = true;
export const decimalIn: Equal<AuthorizeMutationVariables["amount"], string | number> = true;
export const dateTimeOut: Equal<RecordPaymentMutation["createPayment"]["paymentDate"], string> = true;
export const subscribed: Equal<WatchPaymentsSubscription["paymentCreated"]["paymentDate"], string> = true;
export const json: ChangeHomePhoneMutationVariables["phone"] = { number: "+44 20 7946 0000", tags: ["home", 1, true, null, { nested: [] }] };
// @ts-expect-error undefined is no JSON value
export const notJson: ChangeHomePhoneMutationVariables["phone"] = undefined;
export const total = (payments: Payment[]) => payments.reduce((sum, p) => sum + (p.totalAmount?.value ?? 0), 0);
`;

describe("GraphQL Code Generator (graphql/codegen.ts)", () => {
  it("types every example operation, and the output and a client using it pass tsc --strict", async () => {
    const output = path.join(dir, "operations.ts");
    await generate(codegenConfig(schemaFile, EXAMPLES, output), true);
    const generated = readFileSync(output, "utf8");
    for (const name of [
      "PortalCustomersQuery",
      "RecordPaymentMutation",
      "AuthorizeMutation",
      "PayMutation",
      "BillNowMutation",
      "CustomerV5Query",
      "ChangeHomePhoneMutation",
      "WatchPaymentsSubscription",
    ]) {
      expect(generated).toContain(`export type ${name} = `);
    }
    expect(generated).not.toMatch(/\bany\b/);
    expect(generated).toContain("export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };");
    expect(generated).toMatch(/export type AuthorizeMutationVariables = Exact<\{\s*account: string;\s*amount: string \| number;/);
    writeFileSync(path.join(dir, "client.ts"), CLIENT);
    const tsc = promisify(execFile)(
      process.execPath,
      [
        TSC,
        "--strict",
        "--noEmit",
        "--isolatedModules",
        "--target",
        "ES2022",
        "--module",
        "NodeNext",
        "--moduleResolution",
        "NodeNext",
        output,
        path.join(dir, "client.ts"),
      ],
      { cwd: dir, timeout: 50_000 },
    );
    await expect(tsc.catch((err: { stdout?: string }) => Promise.reject(new Error(err.stdout)))).resolves.toMatchObject({ stdout: "" });
  }, 60_000);

  it("stops on a scalar of the schema the config does not map (strictScalars)", async () => {
    const { Decimal: _decimal, ...withoutDecimal } = SCALARS;
    const output = path.join(dir, "unmapped.ts");
    await expect(generate(codegenConfig(schemaFile, EXAMPLES, output, withoutDecimal), true)).rejects.toThrow(/Decimal/);
  }, 30_000);
});
