import { describe, expect, it } from "vitest";
import { parseMultiHost } from "../../src/db/multi-host.js";

// libpq's multi-host URLs, which node-postgres does not parse (src/db/multi-host.ts).

describe("parseMultiHost", () => {
  it("splits the hosts into one URL each, keeping user, database and the other parameters", () => {
    expect(parseMultiHost("postgresql://gw:s3cret@db1:5432,db2:5433/tmf?target_session_attrs=read-write&sslmode=require")).toEqual({
      urls: ["postgresql://gw:s3cret@db1:5432/tmf?sslmode=require", "postgresql://gw:s3cret@db2:5433/tmf?sslmode=require"],
      attrs: "read-write",
    });
    expect(parseMultiHost("postgres://h1,h2/db")).toEqual({ urls: ["postgres://h1/db", "postgres://h2/db"], attrs: "any" });
  });

  it("leaves a plain one-host URL alone, and checks one host for attributes when asked", () => {
    expect(parseMultiHost("postgresql://postgres@127.0.0.1:5432/test")).toBeUndefined();
    expect(parseMultiHost("postgresql://u@h:1/d?target_session_attrs=primary")).toEqual({ urls: ["postgresql://u@h:1/d"], attrs: "primary" });
  });

  it("refuses session attributes it does not know", () => {
    expect(() => parseMultiHost("postgresql://h1,h2/db?target_session_attrs=prefer-standby")).toThrow(/target_session_attrs=prefer-standby is not one of/);
  });
});
