import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { rendreAccuse } from './accuse/accuse.pdf.ts';
import type { Demande, Reponse } from './accuse/worker.ts';
import type { DonneesAccuse, DonneesFiche } from './contrats.ts';
import { rendreDepot, type DocumentsDepot, type DonneesDepot } from './depot.ts';
import { rendreFiche } from './fiche/fiche.pdf.ts';

/**
 * Batch rendering of accusés de réception on every core: a small pool of worker threads running the same renderer
 * (accuse/worker.ts). Data cross the thread boundary by structured clone, which keeps `Date` instants; the PDF bytes
 * come back transferred. A rendering error rejects that one promise with the worker's error (same class and message);
 * a crashed thread rejects its own requests and is replaced when work waits. With `taille: 1` everything runs in the calling thread.
 */

export type PoolAccuses = {
  readonly taille: number;
  rendre(d: DonneesAccuse): Promise<Buffer>;
  /** The fiche archived with the accusé at closing, rendered by the same threads. */
  rendreFiche(d: DonneesFiche): Promise<Buffer>;
  /** At closing: the fiche as deposited, then the accusé quoting its fingerprint, in one request (depot.ts). */
  deposer(d: DonneesDepot): Promise<DocumentsDepot>;
  /** Refuses new requests, lets the accepted ones finish, then stops the threads. */
  fermer(): Promise<void>;
};

/**
 * The thread's first code: register tsx, then load the renderer. Why not `execArgv: ['--import', 'tsx']`: Node 20
 * does not apply module hooks given to a worker that way (nodejs/node#47747; tsx#354), the .ts file is refused with
 * ERR_UNKNOWN_FILE_EXTENSION. Both specifiers are resolved here, so the current directory does not matter.
 */
const AMORCE = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./accuse/worker.ts', import.meta.url).href)}); });`;

/** Requests in flight per thread: the second one is ready when the first ends, so a thread never waits on the main one. */
const EN_VOL = 2;

type Tache = { id: number; demande: Demande; resoudre: (r: Reponse) => void; rejeter: (e: unknown) => void };
type Ouvrier = { worker: Worker; enCours: Map<number, Tache> };

export function creerPoolAccuses(o: { taille?: number } = {}): PoolAccuses {
  const taille = o.taille ?? os.availableParallelism();
  if (!Number.isInteger(taille) || taille < 1) throw new RangeError(`Taille de pool invalide : ${taille}`);
  if (taille === 1) return poolEnLigne();

  const file: Tache[] = [];
  const ouvriers: Ouvrier[] = [];
  let prochainId = 0;
  let fermeture: { fini: () => void; promesse: Promise<void> } | null = null;

  const demarrer = (): Ouvrier => {
    const worker = new Worker(AMORCE, { eval: true, execArgv: [] });
    const ouvrier: Ouvrier = { worker, enCours: new Map() };
    worker.unref();
    worker.on('message', (r: Reponse) => {
      const tache = ouvrier.enCours.get(r.id);
      if (!tache) return;
      ouvrier.enCours.delete(r.id);
      if ('erreur' in r) tache.rejeter(reconstruire(r.erreur));
      else tache.resoudre(r);
      distribuer();
    });
    const perdu = (cause: Error) => {
      const i = ouvriers.indexOf(ouvrier);
      if (i < 0) return;
      ouvriers.splice(i, 1);
      for (const t of ouvrier.enCours.values()) t.rejeter(cause);
      ouvrier.enCours.clear();
      // Replaced by distribuer() when work waits: a thread that cannot even start fails the requests it took, no loop.
      distribuer();
    };
    worker.on('error', (e) => perdu(e));
    worker.on('exit', (code) => perdu(new Error(`Le thread de rendu des accusés s’est arrêté (code ${code}).`)));
    return ouvrier;
  };

  const distribuer = () => {
    while (file.length > 0 && ouvriers.length < taille) ouvriers.push(demarrer());
    for (const ouvrier of ouvriers) {
      while (ouvrier.enCours.size < EN_VOL && file.length > 0) {
        const tache = file.shift()!;
        try {
          ouvrier.worker.postMessage(tache.demande);
          ouvrier.enCours.set(tache.id, tache);
        } catch (e) {
          // Data that cannot be cloned (a function, a symbol) fail here, before reaching the thread.
          tache.rejeter(e);
        }
      }
      // A thread holds the process open only while it has work: a forgotten pool does not hang the process.
      if (ouvrier.enCours.size > 0) ouvrier.worker.ref();
      else ouvrier.worker.unref();
    }
    if (fermeture && file.length === 0 && ouvriers.every((w) => w.enCours.size === 0)) fermeture.fini();
  };

  for (let i = 0; i < taille; i++) ouvriers.push(demarrer());

  const soumettre = (faire: (id: number) => Demande): Promise<Reponse> => {
    if (fermeture) return Promise.reject(new Error('Le pool de rendu des accusés est fermé.'));
    return new Promise<Reponse>((resoudre, rejeter) => {
      const id = prochainId++;
      file.push({ id, demande: faire(id), resoudre, rejeter });
      distribuer();
    });
  };

  return {
    taille,
    rendre: (donnees) => soumettre((id) => ({ id, donnees })).then(octetsDe),
    rendreFiche: (donnees) => soumettre((id) => ({ id, type: 'FICHE', donnees })).then(octetsDe),
    deposer: (donnees) =>
      soumettre((id) => ({ id, type: 'DEPOT', donnees })).then((r) => {
        if (!('depot' in r)) throw new Error('Réponse inattendue du thread de rendu des accusés.');
        const d = r.depot;
        return { fiche: enBuffer(d.fiche), sha256Fiche: d.sha256Fiche, accuse: enBuffer(d.accuse), sha256Accuse: d.sha256Accuse };
      }),
    async fermer() {
      if (!fermeture) {
        let fini = () => {};
        const promesse = new Promise<void>((r) => (fini = r));
        fermeture = { fini, promesse };
        distribuer();
      }
      await fermeture.promesse;
      // Stopping is not a loss: detach the handlers that would reject or replace.
      const restants = ouvriers.splice(0);
      await Promise.all(restants.map((w) => w.worker.removeAllListeners('exit').removeAllListeners('error').terminate()));
    },
  };
}

/** The transferred bytes seen as a Buffer, without a copy. */
const enBuffer = (o: Uint8Array): Buffer => Buffer.from(o.buffer, o.byteOffset, o.byteLength);

function octetsDe(r: Reponse): Buffer {
  if (!('pdf' in r)) throw new Error('Réponse inattendue du thread de rendu des accusés.');
  return enBuffer(r.pdf);
}

/** Same interface, no thread: for one core, and for the tests that compare both. */
function poolEnLigne(): PoolAccuses {
  let ferme = false;
  let enCours = new Set<Promise<unknown>>();
  const suivre = <T>(faire: () => Promise<T>): Promise<T> => {
    if (ferme) return Promise.reject(new Error('Le pool de rendu des accusés est fermé.'));
    const p = faire();
    const suivi = p.catch(() => {}).finally(() => enCours.delete(suivi));
    enCours.add(suivi);
    return p;
  };
  return {
    taille: 1,
    rendre: (d) => suivre(() => rendreAccuse(d)),
    rendreFiche: (d) => suivre(() => rendreFiche(d)),
    deposer: (d) => suivre(() => rendreDepot(d)),
    async fermer() {
      ferme = true;
      await Promise.all(enCours);
      enCours = new Set();
    },
  };
}

const CLASSES: Record<string, new (message: string) => Error> = { RangeError, TypeError, SyntaxError, ReferenceError };

/** The worker's error as an instance of the same standard class, with the worker's stack. */
function reconstruire(e: { name: string; message: string; stack?: string }): Error {
  const erreur = new (CLASSES[e.name] ?? Error)(e.message);
  erreur.name = e.name;
  if (e.stack) erreur.stack = e.stack;
  return erreur;
}
