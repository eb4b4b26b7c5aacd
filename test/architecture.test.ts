import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The import directions of src/ (.dependency-cruiser.cjs): no cycle between files, and each layer
// imports only the layers below it. dependency-cruiser resolves the TypeScript imports itself.
interface Cruise {
  summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number; totalDependenciesCruised: number };
}

describe("architecture", () => {
  it("src/ has no import cycle and no import against the layer directions", () => {
    const bin = path.resolve("node_modules/.bin/depcruise");
    const output = execFileSync(bin, ["src", "--config", ".dependency-cruiser.cjs", "--output-type", "json"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const { summary } = JSON.parse(output) as Cruise;
    // The TypeScript imports were resolved: the gateway's own files, and their imports of one another.
    expect(summary.totalCruised).toBeGreaterThan(100);
    expect(summary.totalDependenciesCruised).toBeGreaterThan(400);
    expect(summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });
});
