import pg from "pg";
import { Decimal } from "./decimal.js";

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
  query<R = Row>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

const NUMERIC_OID = 1700;
const parseDecimal = (text: string) => new Decimal(text);
const TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === NUMERIC_OID && format !== "binary" ? parseDecimal : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Statement texts come from code, so there are few of them: each gets a name and is parsed and
 * planned once per connection (a prepared statement), as the floor of the benchmark does.
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

const parameter = (value: unknown) => (Decimal.isDecimal(value) ? value.toString() : value);

function config(text: string, values: readonly unknown[]): pg.QueryConfig {
  return { name: statementName(text), text, values: values.map(parameter), types: TYPES };
}

/** A parameter value as an escaped SQL literal (pg's own escaping), for a message of several statements. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (Decimal.isDecimal(value)) return pg.escapeLiteral(value.toString());
  if (typeof value === "string") return pg.escapeLiteral(value);
  throw new TypeError(`no SQL literal for ${typeof value} parameters`);
}

const inline = ({ text, values }: Statement) => text.replace(/\$(\d+)/g, (_placeholder, n: string) => literal(values[Number(n) - 1]));

/**
 * Several statements as ONE message to PostgreSQL, which runs them one after the other without
 * waiting for this process, and answers once: one round trip and one write instead of one per
 * statement. Parameters cannot travel with such a message, so values are inlined as escaped
 * literals. Returns the rows of each statement.
 */
async function runAsOneMessage(client: pg.Pool | pg.PoolClient, statements: readonly Statement[], suffix = ""): Promise<Row[][]> {
  const text = statements.map(inline).join(";\n") + suffix;
  const results = (await client.query({ text, types: TYPES })) as unknown as pg.QueryResult | pg.QueryResult[];
  return (Array.isArray(results) ? results : [results]).map((r) => r.rows);
}

/** Statements on any connection of the pool (autocommit). */
export class PoolSql implements Sql {
  constructor(private readonly pool: pg.Pool) {}

  async query<R = Row>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return (await this.pool.query(config(text, values))).rows as R[];
  }

  /**
   * The statements as one implicit transaction, in one round trip: all of them are committed, or
   * none when one fails (its error is thrown).
   */
  batch(statements: readonly Statement[]): Promise<Row[][]> {
    return runAsOneMessage(this.pool, statements);
  }
}

/** A transaction on one connection; see `Db.transaction`. */
export class Transaction implements Sql {
  finished = false;

  constructor(private readonly client: pg.PoolClient) {}

  async query<R = Row>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return (await this.client.query(config(text, values))).rows as R[];
  }

  /**
   * Runs the last statements of the transaction and COMMIT as one message: a lock they take (an
   * account's balance row) is held for those statements and the commit only, however busy this
   * process is when their answer arrives. When one fails, nothing after it runs, its error is
   * thrown, and the caller rolls back. Returns the rows of each statement.
   */
  async commitWith(statements: readonly Statement[]): Promise<Row[][]> {
    const results = await runAsOneMessage(this.client, statements, ";\nCOMMIT");
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
