/**
 * The baseline of the closing rush (issue 15): pgbench replaying **the SQL statements of one validation**, as the
 * application's SQL journal recorded them (journaliserPg in the server, around one POST valider), on candidatures of
 * their own in the same state (BROUILLON), with the same number of database clients as the application's pool.
 *
 * Each recorded parameter that is the agent's (campaign, agent, account, candidature) becomes a pgbench variable read
 * from a prepared row; every other one (the session id, timestamps, states) keeps its recorded value, read from the
 * same row (pgbench's `\set` holds no text). One row per transaction: each transaction validates a candidature of its
 * own, never validated before, as each validation of the rush does. The row is read by one extra primary-key SELECT
 * (`\gset`) per transaction: the baseline does slightly more than the application's statements.
 */
import type { InstructionJournal } from './chrono-pg.ts';

/** The values of one validation that belong to its agent. */
export type ValeursAgent = { campagneId: string; agentId: string; compteId: string; candidatureId: string };
const CLES: ReadonlyArray<keyof ValeursAgent> = ['campagneId', 'agentId', 'compteId', 'candidatureId'];
const COLONNE: Record<keyof ValeursAgent, string> = { campagneId: 'campagne_id', agentId: 'agent_id', compteId: 'compte_id', candidatureId: 'candidature_id' };

export type ScriptValidation = {
  /** The pgbench script: the row of the transaction, then the recorded statements. */
  script: string;
  /** CREATE TABLE of the rows (one per transaction). */
  creerTable: string;
  /** The constant columns and their recorded values. */
  constantes: Array<{ colonne: string; valeur: string | null }>;
  /** The recorded statements, one line each (for the report). */
  instructions: string[];
};

export const TABLE_LIGNES = 'banc_validation';

/** The recorded statements of one validation become a pgbench script and the table of its rows. */
export function scriptValidation(journal: readonly InstructionJournal[], capture: ValeursAgent): ScriptValidation {
  const constantes: ScriptValidation['constantes'] = [];
  const lignes: string[] = [];
  journal.forEach((instr, j) => {
    const parametre = (k: number): string => {
      const v = instr.parametres[k - 1];
      if (v === undefined) throw new Error(`instruction ${j + 1} : paramètre $${k} absent du journal`);
      // A LIMIT or OFFSET of 1 is not campaign 1.
      const avant = instr.texte.slice(0, instr.texte.indexOf(`$${k}`)).trimEnd().toLowerCase();
      const cle = /\b(limit|offset)$/.test(avant) ? undefined : CLES.find((c) => v === capture[c]);
      if (cle) return `:${COLONNE[cle]}`;
      const colonne = `c${j + 1}_${k}`;
      if (!constantes.some((c) => c.colonne === colonne)) constantes.push({ colonne, valeur: v });
      return `:${colonne}`;
    };
    // One line per statement (pgbench ends a statement at its semicolon; one line reads better in the report).
    const texte = instr.texte.replace(/\s+/g, ' ').trim().replace(/;$/, '');
    lignes.push(texte.replace(/\$(\d+)/g, (_m, k: string) => parametre(Number(k))));
  });
  const colonnes = [...CLES.map((c) => `${COLONNE[c]} text NOT NULL`), ...constantes.map((c) => `${c.colonne} text`)];
  const script = [
    '\\set i :base + :client_id * :par_client + :n',
    '\\set n :n + 1',
    `SELECT ${[...CLES.map((c) => COLONNE[c]), ...constantes.map((c) => c.colonne)].join(', ')} FROM ${TABLE_LIGNES} WHERE i = :i \\gset`,
    ...lignes.map((l) => `${l};`),
    '',
  ].join('\n');
  return { script, creerTable: `CREATE TABLE ${TABLE_LIGNES} (i integer PRIMARY KEY, ${colonnes.join(', ')})`, constantes, instructions: lignes };
}

/** INSERT … SELECT of the rows: `source` is a query of (i, campagne_id, agent_id, compte_id, candidature_id). */
export function remplirLignes(s: ScriptValidation, source: string): { texte: string; valeurs: Array<string | null> } {
  return {
    texte: `INSERT INTO ${TABLE_LIGNES} (i, ${CLES.map((c) => COLONNE[c]).join(', ')}${s.constantes.map((c) => `, ${c.colonne}`).join('')})
      SELECT s.i, s.campagne_id, s.agent_id, s.compte_id, s.candidature_id${s.constantes.map((_c, k) => `, $${k + 1}::text`).join('')} FROM (${source}) s`,
    valeurs: s.constantes.map((c) => c.valeur),
  };
}
