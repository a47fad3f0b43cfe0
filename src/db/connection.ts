import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema.ts';
import { classeClientPrepare } from './preparees.ts';

export type Database = Kysely<DB>;

export type DatabaseHandle = {
  db: Database;
  pool: pg.Pool;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
};

const DATE_OID = 1082;

/** Keep DATE columns as 'YYYY-MM-DD' strings on both backends (pg would build a local-midnight Date). */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export class DataDirLockedError extends Error {}

/**
 * One code path for both backends: a pg.Pool handed to Kysely's PostgresDialect.
 * PGlite is reached through its own node-postgres adapter (one connection: see STACK.md). On both, parameterised
 * queries run as named prepared statements (preparees.ts).
 */
export async function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string; poolSize?: number }): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, types, Client: classeClientPrepare() });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, pool, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const memory = options.dataDir.startsWith('memory://');
  const release = memory ? () => {} : lockDataDir(options.dataDir);
  try {
    const pglite = memory ? await PGlite.create() : await PGlite.create(path.resolve(options.dataDir, 'pglite'));
    const pgConfig = createPgConfig(pglite);
    // The one connection is kept for the life of the process (no idle timeout): PGlite is a single session, and its
    // prepared statements (preparees.ts) stay known to the client that prepared them.
    const pool = new pg.Pool({ connection: pgConfig.connection, max: 1, idleTimeoutMillis: 0, types, Client: classeClientPrepare() } as pg.PoolConfig);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      pool,
      kind: 'pglite',
      async close() {
        await db.destroy();
        await pglite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** Only one process may open a PGlite folder: a lock file with the owner's pid guards it. */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'vivier.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lockPath, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(
          `Le dossier de données ${path.resolve(dataDir)} est déjà ouvert par le processus ${owner} (serveur en cours ?). ` +
            'Arrêtez-le avant de lancer cette commande, ou utilisez DATABASE_URL avec PostgreSQL.',
        );
      }
      fs.rmSync(lockPath, { force: true }); // stale lock left by a crashed process
    }
  }
  throw new DataDirLockedError(`Impossible de verrouiller ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
