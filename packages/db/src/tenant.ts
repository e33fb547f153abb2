import type { Sql, TransactionSql } from './connection.ts';

/** Raised when code keeps querying a transaction that has already ended (or died). */
export class TransactionClosedError extends Error {
  constructor() {
    super('The request transaction has ended; no further query may run for it.');
  }
}

/**
 * postgres.js (porsager/postgres#1216, #1204): when the connection dies inside
 * `sql.begin`, the begin promise rejects while the callback may go on, and its later
 * queries could reach a replacement connection outside the transaction. This proxy
 * refuses every query once the transaction is over.
 */
function guard(tx: TransactionSql, isOver: () => boolean): TransactionSql {
  const check = () => {
    if (isOver()) throw new TransactionClosedError();
  };
  return new Proxy(tx, {
    apply(target, thisArg, args) {
      check();
      return Reflect.apply(target as unknown as (...a: unknown[]) => unknown, thisArg, args);
    },
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value === 'function' && (prop === 'unsafe' || prop === 'file' || prop === 'savepoint')) {
        return (...args: unknown[]) => {
          check();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value;
    },
  });
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));
const never = () => new Promise<never>(() => {});

/**
 * Runs `fn` in one transaction with the territory set transaction-locally
 * (`set_config(…, true)`): a pooled connection never carries it to the next request, and
 * a query that escaped the transaction would see no tenant row at all.
 *
 * When the connection dies mid-transaction, `sql.begin` rejects at once; postgres.js would
 * then still send COMMIT or ROLLBACK on the dead connection once `fn` settles, which
 * throws an uncaught TypeError (a write on a null socket). So once the transaction is over
 * we never hand control back to postgres.js: the abandoned scope is garbage-collected.
 */
export async function withTerritory<T>(
  sql: Sql,
  territoryId: string,
  fn: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  let over = false;
  try {
    return (await sql.begin(async (rawTx) => {
      await rawTx`SELECT set_config('app.territory_id', ${territoryId}, true)`;
      let result: T;
      try {
        result = await fn(guard(rawTx, () => over));
      } catch (error) {
        await nextMacrotask(); // a connection-death rejection lands before we decide
        if (over) return never();
        throw error;
      }
      await nextMacrotask();
      if (over) return never();
      return result;
    })) as T;
  } finally {
    over = true;
  }
}
