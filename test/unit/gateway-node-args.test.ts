import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GATEWAY_NODE_ARGS } from "../../scripts/launch/service.mjs";

// The gateway runs with the same node flags however it is started: `npm start`, the container image,
// and the launcher the tests, the bench and the CTK runner use.
describe("the gateway's node flags", () => {
  const flags = (command: string[]) => command.slice(command.indexOf("node") + 1, command.indexOf("--import"));

  it("npm start and the Dockerfile's CMD carry GATEWAY_NODE_ARGS", () => {
    const start = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts.start.split(" ");
    expect(flags(start)).toEqual([...GATEWAY_NODE_ARGS]);
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync("Dockerfile", "utf8"))![1]!;
    expect(flags(JSON.parse(cmd) as string[])).toEqual([...GATEWAY_NODE_ARGS]);
    expect(GATEWAY_NODE_ARGS).toContain("--max-semi-space-size=32");
  });
});
