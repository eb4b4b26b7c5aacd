import pg from "pg";
import { badInput } from "../errors.js";
import { Decimal } from "./decimal.js";
import { asInputError, rethrowAsInputError } from "./pg-errors.js";
import { inSpan, linkTo, tracingOn, type SpanLink, type TraceParent } from "../telemetry/tracing.js";

export type Row = Record<string, unknown>;

/** One SQL statement and the values of its `$n` parameters. */
export interface Statement {
  text: string;
  values: readonly unknown[];
}

/**
 * One SQL statement at a time, with bound parameters (never interpolated): what the domain's hot
 * paths use instead of Prisma's query compiler, which costs several times the statement itself
 * (bench/README.md). NUMERIC reads back as Decimal, as through Prisma; Decimal parameters go as
 * exact text.
 */
export interface Sql {
  /** `trace`: what the statement's span belongs to, when it is not in the async context (see telemetry/tracing.ts). */
  query<R = Row>(text: string, values?: readonly unknown[], trace?: StatementTrace): Promise<R[]>;
}

/** A statement's span: its parent (the operation that runs it), and links to the requests it serves (coalesced). */
export interface StatementTrace {
  parent?: TraceParent;
  links?: SpanLink[];
}

const NUMERIC_OID = 1700;
const parseDecimal = (text: string) => new Decimal(text);
const TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === NUMERIC_OID && format !== "binary" ? parseDecimal : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Statement texts come from code, so there are few of them: each gets a name and is parsed and
 * planned once per connection (a prepared statement), as the floor of the benchmark does — unless
 * the connections are a pooler's that cannot keep them (PgBouncer < 1.21 in transaction pooling:
 * DATABASE_PREPARED_STATEMENTS=false), where every statement is sent unnamed.
 */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2_000;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `s${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A statement's span: PostgreSQL, its text (never its values), and what it is part of. */
const traced = <T>(text: string, work: () => Promise<T>, extra: Record<string, string | number> = {}, trace?: StatementTrace) =>
  !tracingOn()
    ? work()
    : inSpan(
        `db ${/^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "statement"}`,
        () => ({ "db.system.name": "postgresql", "db.query.text": text.length > 2000 ? `${text.slice(0, 2000)}…` : text, ...extra }),
        work,
        { links: trace?.links, parent: trace?.parent, leaf: true },
      );

const parameter = (value: unknown): unknown => (Decimal.isDecimal(value) ? value.toString() : Array.isArray(value) ? value.map(parameter) : value);

function config(text: string, values: readonly unknown[], prepared: boolean): pg.QueryConfig {
  return { name: prepared ? statementName(text) : undefined, text, values: values.map(parameter), types: TYPES };
}

/** A parameter value as an escaped SQL literal (pg's own escaping), for a message of several statements. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (Decimal.isDecimal(value)) return pg.escapeLiteral(value.toString());
  if (typeof value === "string") {
    // PostgreSQL text cannot hold U+0000, and a message's text would end at it.
    if (value.includes("\0")) throw badInput("Text must not contain NUL (U+0000) characters");
    return pg.escapeLiteral(value);
  }
  throw new TypeError(`no SQL literal for ${typeof value} parameters`);
}

const inline = ({ text, values }: Statement) => text.replace(/\$(\d+)/g, (_placeholder, n: string) => literal(values[Number(n) - 1]));

/** Statements as the text of one message (values inlined); see `runAsOneMessage`. */
const asOneText = (statements: readonly Statement[]) => statements.map(inline).join(";\n");

/**
 * Several statements as ONE message to PostgreSQL, which runs them one after the other without
 * waiting for this process, and answers once: one round trip and one write instead of one per
 * statement. Parameters cannot travel with such a message, so values are inlined as escaped
 * literals. Returns the rows of each statement.
 */
async function runAsOneMessage(client: pg.Pool | pg.ClientBase, text: string): Promise<Row[][]> {
  const results = (await client.query({ text, types: TYPES })) as unknown as pg.QueryResult | pg.QueryResult[];
  return (Array.isArray(results) ? results : [results]).map((r) => r.rows);
}

interface PendingBatch {
  /** The statements as one text, values inlined. */
  text: string;
  count: number;
  order: string;
  resolve(rows: Row[][]): void;
  reject(err: unknown): void;
  /** The request it books for (when tracing): the commit's span links to every request it served. */
  link?: SpanLink;
}

/** Most batches committed together: bounds the size of one message. */
const MAX_GROUP = 100;

/** Statements on any connection of the pool (autocommit). */
export class PoolSql implements Sql {
  private pending: PendingBatch[] = [];
  private flushScheduled = false;

  /** `prepared`: statements are prepared once per connection (see `statementName`). */
  constructor(
    private readonly pool: pg.Pool,
    private readonly prepared = true,
  ) {}

  /** `trace.links`: the requests a coalesced statement serves (its span links to each). */
  async query<R = Row>(text: string, values: readonly unknown[] = [], trace?: StatementTrace): Promise<R[]> {
    return traced(
      text,
      async () => (await this.pool.query(config(text, values, this.prepared)).catch(rethrowAsInputError)).rows as R[],
      trace?.links && { "db.coalesced.requests": trace.links.length },
      trace,
    );
  }

  /**
   * The statements as a transaction of their own, in one round trip: all of them are committed, or
   * none when one fails (its error is thrown). Returns the rows of each statement.
   *
   * Batches submitted in the same turn of the event loop are committed together (group commit):
   * one message, one transaction, one WAL flush for all of them, in the order of their `order` key
   * (e.g. the account they lock, so two groups never deadlock). When PostgreSQL rejects the group,
   * nothing of it was committed and each batch runs again on its own, so only the failing one
   * fails. Any other failure (a lost connection: the outcome is unknown) fails them all, and
   * nothing is run twice.
   */
  batch(statements: readonly Statement[], order = ""): Promise<Row[][]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ text: asOneText(statements), count: statements.length, order, resolve, reject, link: linkTo() });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const group = this.pending.splice(0, MAX_GROUP);
    this.flushScheduled = this.pending.length > 0;
    if (this.flushScheduled) setImmediate(() => this.flush());
    if (group.length === 1) void this.commitAlone(group[0]!);
    else void this.commitGroup(group);
  }

  private commitAlone(batch: PendingBatch): Promise<void> {
    const links = batch.link ? [batch.link] : undefined;
    return traced(batch.text, () => runAsOneMessage(this.pool, batch.text), { "db.operation.batch.size": 1 }, { links }).then(batch.resolve, (err) =>
      batch.reject(asInputError(err)),
    );
  }

  private async commitGroup(group: PendingBatch[]): Promise<void> {
    group.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    let results: Row[][];
    try {
      const text = group.map((batch) => batch.text).join(";\n");
      const links = group.flatMap((batch) => (batch.link ? [batch.link] : []));
      results = await traced(text, () => runAsOneMessage(this.pool, text), { "db.operation.batch.size": group.length }, { links });
    } catch (err) {
      if (err instanceof pg.DatabaseError) await Promise.all(group.map((batch) => this.commitAlone(batch)));
      else for (const batch of group) batch.reject(err);
      return;
    }
    let first = 0;
    for (const batch of group) {
      batch.resolve(results.slice(first, first + batch.count));
      first += batch.count;
    }
  }
}

/** A transaction on one connection; see `transactionOn` (transaction.ts). */
export class Transaction implements Sql {
  finished = false;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly prepared = true,
  ) {}

  async query<R = Row>(text: string, values: readonly unknown[] = [], trace?: StatementTrace): Promise<R[]> {
    return traced(text, async () => (await this.client.query(config(text, values, this.prepared)).catch(rethrowAsInputError)).rows as R[], {}, trace);
  }

  /** Several statements of the transaction as one message (one round trip); returns the rows of each. */
  async run(statements: readonly Statement[]): Promise<Row[][]> {
    const text = asOneText(statements);
    return traced(text, () => runAsOneMessage(this.client, text)).catch(rethrowAsInputError);
  }

  /**
   * Runs the last statements of the transaction and COMMIT as one message: a lock they take (an
   * account's balance row) is held for those statements and the commit only, however busy this
   * process is when their answer arrives. When one fails, nothing after it runs, its error is
   * thrown, and the caller rolls back. Returns the rows of each statement.
   */
  async commitWith(statements: readonly Statement[]): Promise<Row[][]> {
    const text = `${asOneText(statements)};\nCOMMIT`;
    const results = await traced(text, () => runAsOneMessage(this.client, text)).catch(rethrowAsInputError);
    this.finished = true;
    return results.slice(0, statements.length);
  }

  async commit(): Promise<void> {
    this.finished = true;
    await this.client.query("COMMIT");
  }

  async rollback(): Promise<void> {
    this.finished = true;
    await this.client.query("ROLLBACK");
  }
}
