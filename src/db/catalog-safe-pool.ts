import pg from "pg";

const NAME_OID = 19;
const TEXT_OID = 25;

/**
 * A pg.Pool whose results report the catalog type `name` (OID 19) as `text`: @prisma/adapter-pg 6.19
 * cannot deserialize `name` columns, which `prisma migrate` reads from the catalog (prisma/orm#27403).
 * Only the Prisma CLI config uses it.
 */
export class CatalogSafePool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg.Pool.query is overloaded; this override forwards every form
  override query(...args: any[]): any {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      return (result as Promise<pg.QueryResult>).then((res) => {
        for (const field of res?.fields ?? []) if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
        return res;
      });
    }
    return result;
  }
}
