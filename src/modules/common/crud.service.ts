import type { Db } from "../../db/database.js";
import type { Sql } from "../../db/sql.js";
import type { Outbox } from "../../events/outbox.js";
import type { ResourceDescription } from "../../resource/description.js";
import { completeReferences, type ReferenceTargets } from "../../resource/reference-completion.js";
import { ResourceStore, type Patch } from "../../resource/resource-store.js";
import type { IdempotencyKey, Writer } from "../../resource/service.js";

type Row = Record<string, unknown>;

/**
 * The rules of a resource's attributes beyond its type and swagger, for a create (`current`
 * absent) and for the patched resource of an update: they throw, or return the service-owned
 * columns they decide (written with the resource). `writer`: who writes, where the transport says.
 */
export type AttributeRules<T> = (candidate: T, current: T | undefined, tx: Sql, writer?: Writer) => Promise<Row> | Row;

/**
 * Create, merge-patch and delete of a resource with its events (those its description names), each
 * in one transaction: what a resource without money of its own needs from a service (a customer,
 * a bill format…).
 */
export class CrudService<T extends { id: string }> {
  readonly store: ResourceStore<T>;

  constructor(
    protected readonly db: Db,
    protected readonly outbox: Outbox,
    resource: ResourceDescription<T> | ResourceStore<T>,
    private readonly rules: AttributeRules<T> = () => ({}),
    private readonly beforeDelete?: (tx: Sql, id: string) => Promise<void>,
    /** References whose missing `name` and `@referredType` the resources they name give (reference-completion.ts). */
    private readonly completes: ReferenceTargets = {},
  ) {
    this.store = resource instanceof ResourceStore ? resource : new ResourceStore(db, resource);
  }

  /** Refuses the deletion of `id` (in its transaction) for a reason no foreign key states. */
  protected async checkDelete(tx: Sql, id: string, _writer?: Writer): Promise<void> {
    await this.beforeDelete?.(tx, id);
  }

  /** The events the resource's API defines (a create or delete event only where it names one). */
  private get events(): ResourceDescription["events"] {
    return (this.store.description as ResourceDescription<T>).events;
  }

  /** `_idempotencyKey`: a CrudService's resources declare none (the position is ResourceService's). */
  create(input: object, baseUrl: string, _idempotencyKey?: IdempotencyKey | null, writer?: Writer): Promise<T> {
    return this.db.transaction(async (tx) => {
      const completed = await completeReferences(tx, input as Record<string, unknown>, this.completes);
      const full = Object.keys(completed).length ? { ...input, ...completed } : input;
      const created = await this.store.insert(tx, full, await this.rules(full as T, undefined, tx, writer));
      if (this.events.create) await this.outbox.record(tx, baseUrl, "Create", this.store, created);
      return created;
    });
  }

  /** A merge patch under the same rules as a create; the row is locked first, so writers of it queue. */
  update(id: string, patch: Patch<T>, baseUrl: string, writer?: Writer): Promise<T> {
    return this.db.transaction(async (tx) => {
      await this.store.lock(tx, id);
      const { before, after } = await this.store.patch(tx, id, patch, async (next) => ({
        ...this.store.dataOf(await completeReferences(tx, next as Record<string, unknown>, this.completes)),
        ...(await this.rules(next, next, tx, writer)),
      }));
      await this.outbox.recordChange(tx, baseUrl, this.store, before, after);
      return after;
    });
  }

  /** A resource other rows still refer to cannot be deleted (409). */
  async delete(id: string, baseUrl: string, writer?: Writer): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.checkDelete(tx, id, writer);
      const removed = await this.store.remove(tx, id);
      if (this.events.delete) await this.outbox.record(tx, baseUrl, "Delete", this.store, removed);
    });
  }
}
