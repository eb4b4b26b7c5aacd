import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startListener } from "./support/listener.js";
import { exited, startService } from "./support/service-process.js";

// The dispatcher dies (kill -9 of the service) while a delivery is in flight; after a restart every
// event still arrives, in order, the interrupted one again with the same eventId.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

const env = () => ({ DATABASE_URL: db.url, AUTH: "false", EVENTS_CALLBACK_ALLOW: "*", EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50" });

describe("event delivery across a crash", () => {
  it("delivers the remaining events after a restart, exactly as expected", async () => {
    let hang = true;
    const interrupted: string[] = [];
    let sawHangingRequest!: () => void;
    const hanging = new Promise<void>((resolve) => (sawHangingRequest = resolve));
    const listener = await startListener(async (event) => {
      if (hang) {
        interrupted.push(event.eventId);
        sawHangingRequest();
        await new Promise(() => undefined); // never answers: the delivery is in flight when the service dies
      }
      return 200;
    });

    const first = await startService(env());
    const post = (path: string, body: unknown, method = "POST") =>
      fetch(`${first.url}${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<{ id: string }>,
      );
    await post("/tmf-api/customerManagement/v4/hub", { callback: listener.url });
    const customer = await post("/tmf-api/customerManagement/v4/customer", { name: "n1", engagedParty: { id: "p", "@referredType": "Individual" } });
    for (const name of ["n2", "n3", "n4", "n5"]) await post(`/tmf-api/customerManagement/v4/customer/${customer.id}`, { name }, "PATCH");
    await hanging;
    first.child.kill("SIGKILL");
    await exited(first.child);

    hang = false;
    const second = await startService(env());
    try {
      const events = await listener.waitFor(5);
      expect(events.map((e) => e.event.customer!.name)).toEqual(["n1", "n2", "n3", "n4", "n5"]);
      expect(events[0]!.eventId).toBe(interrupted[0]);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(5);
    } finally {
      second.child.kill("SIGTERM");
      await exited(second.child);
      await listener.close();
    }
  });
});
