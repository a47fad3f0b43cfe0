import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';

export const URL_ADMIN = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function repond(): Promise<boolean> {
  const c = new pg.Client({ connectionString: URL_ADMIN, connectionTimeoutMillis: 2_000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false; // not started yet: the caller starts it or gives up
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Starts the machine's PostgreSQL cluster if it does not answer (Debian's pg_ctlcluster). */
export async function assurerPostgres(): Promise<void> {
  if (await repond()) return;
  const versions = fs.readdirSync('/etc/postgresql');
  if (versions.length === 0) throw new Error('PostgreSQL n’est pas installé (/etc/postgresql est vide).');
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0]!, 'main', 'start'], { stdio: 'inherit' });
  for (let i = 0; i < 30; i++) {
    if (await repond()) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`PostgreSQL ne répond pas sur ${URL_ADMIN}`);
}

/** A scratch database for one bench run; `supprimer` drops it (WITH FORCE: the app's pool may still hold connections). */
export async function baseJetable(): Promise<{ url: string; supprimer(): Promise<void> }> {
  const nom = `vivier_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: URL_ADMIN });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${nom}`);
  const url = new URL(URL_ADMIN);
  url.pathname = `/${nom}`;
  return { url: url.toString(), supprimer: () => admin(`DROP DATABASE IF EXISTS ${nom} WITH (FORCE)`) };
}
