import { describe, expect, it } from "vitest";
import { securityFunctionOf } from "../../src/modules/party-role/party-role.resource.js";
import { TableStatements } from "../../src/resource/statements.js";
import { partitionOf } from "../../src/resource/storage.js";

// A partitioned table (storage.partition): every statement by id is in the deployment's part, and
// an insert writes the part's value whatever the row says.
const partition = partitionOf({ partition: { column: "owner", valueOf: (d) => d.odaComponents.join("+") } }, { odaComponents: ["A'B", "C"] })!;
const statements = new TableStatements("thing", `"id"`, new Set(), partition);

describe("storage partition", () => {
  it("quotes the deployment's value into a constant condition", () => {
    expect(partition).toEqual({ column: "owner", value: "A'B+C", condition: `"owner" = 'A''B+C'` });
    expect(partitionOf({}, { odaComponents: ["X"] })).toBeUndefined();
  });

  it("puts every statement by id in the part, and every insert into it", () => {
    const id = "00000000-0000-4000-8000-000000000000";
    for (const { text } of [statements.update(id, { name: "n" }), statements.update(id, {}), statements.delete(id), statements.lock(id)]) {
      expect(text).toContain(`WHERE id = $1::uuid AND "owner" = 'A''B+C'`);
    }
    const insert = statements.insert({ id, name: "n", owner: "someone else" });
    expect(insert.text).toContain(`"owner"`);
    expect(insert.values).toEqual([id, "n", "A'B+C"]);
  });

  it("names a deployment's security function by its components, whatever their case, order or repetition", () => {
    expect(securityFunctionOf({ odaComponents: [] })).toBe("");
    expect(securityFunctionOf({ odaComponents: ["tmfc030", " TMFC029", "TMFC030"] })).toBe("TMFC029,TMFC030");
  });
});
