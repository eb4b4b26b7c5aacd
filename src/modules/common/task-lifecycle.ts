import type { Db } from "../../db/database.js";
import type { Row, Statement, Transaction } from "../../db/sql.js";
import type { Outbox } from "../../events/outbox.js";
import { referenceGone, type ResourceStore } from "../../resource/resource-store.js";
import { idempotentCreate, type IdempotencyKey } from "./idempotency.js";

type Task = { id: string; state: string };

/** A task's decision: its new state, and the other attributes the service sets with it. */
export type Decision = { state: string; stateReason?: string } & Record<string, unknown>;

/** Commits a decision: its statements, `columns` (service-owned, not attributes) written with it. */
export type Commit = (decision: Decision, columns?: Row) => Promise<Statement[]>;

/**
 * The life of a TMF task decided in the request that creates it: in one transaction, the task is
 * recorded in its first state (`acknowledged`; a bill on demand `inProgress`) with its create event,
 * the service decides, and the decision is written with its state change event. With an idempotency
 * key, a repeat of the request returns the first task.
 */
export class TaskLifecycle<T extends Task> {
  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    readonly store: ResourceStore<T>,
    /** The idempotency keys' kind (`authorizePayment`). */
    private readonly kind: string,
    private readonly firstState = "acknowledged",
  ) {}

  /**
   * Runs `decide`, which locks what it decides on, then `open`s the task (recorded acknowledged,
   * with its create event: its row refers to what was locked, so it comes after the locks) and
   * commits its decision with the statements `commit` gives (in a booking's message, or alone).
   */
  async run(
    input: object,
    columns: Row,
    baseUrl: string,
    idempotencyKey: IdempotencyKey | null,
    decide: (tx: Transaction, open: () => Promise<Commit>) => Promise<void>,
  ): Promise<T> {
    const row = this.store.newRow(input, { ...columns, state: this.firstState });
    const create = async (tx: Transaction, completes: (id: string) => Statement[]): Promise<T> => {
      let decided: T | undefined;
      const open = async () => {
        const { text, values } = this.store.insertion(row);
        const task = this.store.toResource((await tx.query(text, values).catch(referenceGone))[0]!);
        await this.outbox.record(tx, baseUrl, "Create", this.store, task);
        return async (decision: Decision, columns: Row = {}) => {
          // One stamp for the row and for the event that shows it.
          const stamped = { ...columns, ...(this.store.storage.updatedAt && { [this.store.storage.updatedAt]: new Date() }) };
          decided = { ...task, ...decision, ...stamped } as T;
          return [
            this.store.updating(task.id, decision, stamped),
            await this.outbox.statement(tx, baseUrl, "StateChange", this.store, decided),
            ...completes(task.id),
          ];
        };
      };
      await decide(tx, open);
      return decided!;
    };
    return idempotentCreate(this.db, this.kind, idempotencyKey, input, create, (id) => this.store.getById(id));
  }
}
