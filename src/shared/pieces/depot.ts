import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type Multipart, type MultipartFile } from '@fastify/multipart';
import { CsrfError, EnvoiRefuseError, ErreurMetier } from '../errors.ts';
import { verifierJetonCsrf } from '../http/plumbing.ts';
import { NOMBRE_MAX_PIECES, TAILLE_MAX_PIECE, tailleLisible, type FichierRecu } from './pieces.rules.ts';

/**
 * Reading of uploaded files (multipart bodies), for every form that sends some: error reports, candidature
 * periods, contestations, the HR import (ADR 8). The body is read after the access check and in order:
 *
 * 1. the plumbing's preHandler has loaded the session and checked the route's access: an anonymous or
 *    unauthorised post is answered without reading a byte of its body;
 * 2. this scope's preHandler refuses a body that announces no length (411) or more than `envoiMax` (413), then a
 *    third upload of the same session while two are still in progress (429);
 * 3. it reads the first part, which must be the `_csrf` field (forms render it first), and checks it before any
 *    file is read;
 * 4. the handler then reads the remaining parts, one after another (`formulaire` or `parties`).
 *
 * A response sent before step 3 passed closes the connection: the rest of the body is never read. After it, the
 * rest (within the announced length) is read and dropped, so that the sender's browser shows the page.
 */

export type LimitesDepot = {
  /** Bytes kept of one file; beyond, the file is cut and marked `tronque`. */
  tailleFichierMax: number;
  /** Files the form accepts; one more is still read, so that the page can say "N au plus". */
  fichiersMax: number;
  champsMax: number;
  /** Bytes of one text field (longer values are cut). */
  tailleChampMax: number;
  /** Bytes of the whole body, as announced by Content-Length (files, fields and multipart framing). */
  envoiMax: number;
};

/** Room for the fields and the multipart framing around the files, in the announced length. */
const MARGE_ENVOI = 1024 * 1024;

/** The whole body allowed for `fichiersMax` files of `tailleFichierMax` bytes. */
export function envoiMaxPour(tailleFichierMax: number, fichiersMax: number): number {
  return fichiersMax * tailleFichierMax + MARGE_ENVOI;
}

/** The forms that carry pièces justificatives (PDF, JPEG, PNG): 5 files of 10 Mio, so 51 Mio at most per request. */
export const LIMITES_PIECES: LimitesDepot = {
  tailleFichierMax: TAILLE_MAX_PIECE,
  fichiersMax: NOMBRE_MAX_PIECES,
  champsMax: 10,
  tailleChampMax: 20_000,
  envoiMax: envoiMaxPour(TAILLE_MAX_PIECE, NOMBRE_MAX_PIECES),
};

/**
 * Uploads one session may have in progress at once: a form sent twice (two tabs, a double click) passes, a
 * script sending many in parallel does not hold many bodies in memory.
 */
export const DEPOTS_SIMULTANES_PAR_SESSION = 2;

export type ChampRecu = { type: 'champ'; nom: string; valeur: string };
export type FichierEnFlux = {
  type: 'fichier';
  champ: string;
  /** The name the browser sent, as is ('' when the part had none): show it only through nomDeFichier(). */
  nom: string;
  /** Reads the file into memory (at most tailleFichierMax bytes are kept; `tronque` says it was cut). */
  lire(): Promise<FichierRecu>;
  /** Streams the file to `destination`; `tronque` says it was cut at tailleFichierMax. */
  copierVers(destination: Writable): Promise<{ tronque: boolean }>;
  /** Whether the file has no content, read without keeping anything (stops at its first byte). */
  estVide(): Promise<boolean>;
};
export type PartieRecue = ChampRecu | FichierEnFlux;

export type FormulaireRecu = { champs: Record<string, string | string[]>; fichiers: FichierRecu[] };

export type LecteurDepot = {
  /** A form with its files read into memory; a form posted without files (urlencoded) gives its fields and no file. */
  formulaire(request: FastifyRequest): Promise<FormulaireRecu>;
  /** The parts after the token, in the order sent; a file skipped by the caller is read to its end and dropped. */
  parties(request: FastifyRequest): AsyncGenerator<PartieRecue, void, undefined>;
};

const MAL_FORME = 'Le formulaire envoyé est incomplet ou mal formé : rien n’a été enregistré. Rechargez la page et recommencez.';

/** The upload capability of one app: the per-session count of uploads in progress lives here, not in a module. */
export function createDepots() {
  const maxParSession = DEPOTS_SIMULTANES_PAR_SESSION;
  const enCours = new Map<string, number>();

  /** Takes one of the session's upload slots until the response is sent or the connection closes. */
  function reserver(request: FastifyRequest, reply: FastifyReply): void {
    const cle = request.session?.id ?? `adresse:${request.ip}`;
    const n = enCours.get(cle) ?? 0;
    if (n >= maxParSession) {
      throw new EnvoiRefuseError(
        429,
        'ENVOIS_SIMULTANES',
        `Vous avez déjà ${maxParSession} envois de fichiers en cours : attendez qu’ils se terminent, puis recommencez. Rien n’a été enregistré.`,
      );
    }
    enCours.set(cle, n + 1);
    let rendu = false;
    const rendre = () => {
      if (rendu) return;
      rendu = true;
      const reste = (enCours.get(cle) ?? 1) - 1;
      if (reste > 0) enCours.set(cle, reste);
      else enCours.delete(cle);
    };
    reply.raw.once('finish', rendre);
    reply.raw.once('close', rendre);
  }

  return {
    /**
     * Makes `scope` (an encapsulated plugin holding only upload routes) read multipart bodies under `limites`. Its
     * routes get `csrfDansLeFlux`: the token is checked here (first part of a multipart body, parsed field of any
     * other form), not by the plumbing, which has no body to read it from.
     */
    async installer(scope: FastifyInstance, limites: LimitesDepot): Promise<LecteurDepot> {
      await scope.register(multipart, {
        throwFileSizeLimit: false,
        limits: {
          fileSize: limites.tailleFichierMax,
          files: limites.fichiersMax + 1,
          fields: limites.champsMax,
          fieldSize: limites.tailleChampMax,
          parts: limites.fichiersMax + 1 + limites.champsMax,
          headerPairs: 100,
        },
      });
      const lectures = new WeakMap<FastifyRequest, AsyncIterator<Multipart>>();
      /** Requests whose session, length and token were checked: their unread rest may be drained. */
      const admis = new WeakSet<FastifyRequest>();

      // A copy, not a change: route options often share one `config` object (`{ acces: [...] }`) with other routes.
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, csrfDansLeFlux: true };
      });

      scope.addHook('preHandler', async (request, reply) => {
        if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
        if (!request.isMultipart()) {
          const corps = request.body as Record<string, unknown> | undefined;
          verifierJetonCsrf(request, typeof corps?._csrf === 'string' ? corps._csrf : request.headers['x-csrf-token']);
          return;
        }
        // Node's HTTP parser never delivers more than the announced length: checking it bounds the whole body.
        const annonce = request.headers['content-length'];
        if (annonce === undefined) {
          throw new EnvoiRefuseError(411, 'LONGUEUR_REQUISE', 'Un envoi de fichiers doit annoncer sa taille (en-tête Content-Length) : rien n’a été enregistré.');
        }
        if (Number(annonce) > limites.envoiMax) {
          throw new EnvoiRefuseError(413, 'ENVOI_TROP_VOLUMINEUX', `L’envoi dépasse ${tailleLisible(limites.envoiMax)} au total : rien n’a été enregistré.`);
        }
        reserver(request, reply);
        const lecture = request.parts()[Symbol.asyncIterator]();
        const premiere = await suivante(lecture, limites);
        if (premiere?.type !== 'field' || premiere.fieldname !== '_csrf') throw new CsrfError();
        verifierJetonCsrf(request, premiere.value);
        lectures.set(request, lecture);
        admis.add(request);
      });

      scope.addHook('onSend', async (request, reply) => {
        if (!request.isMultipart() || request.raw.complete) return;
        if (admis.has(request)) {
          // Refused while reading (a file the form does not take, an item not found): the sender is known and its
          // announced length was checked. The rest is read and dropped, so that the browser, still sending, gets
          // the page instead of a connection reset.
          request.raw.unpipe();
          request.raw.resume();
          return;
        }
        // Refused before the body was read (anonymous, no token, too long, too many at once): the rest is never
        // read, the connection is closed after the response (Node would otherwise read it all to reuse it).
        reply.header('connection', 'close');
      });

      async function* parties(request: FastifyRequest): AsyncGenerator<PartieRecue, void, undefined> {
        if (!request.isMultipart()) throw new EnvoiRefuseError(400, 'ENVOI_SANS_FICHIERS', 'Le formulaire doit être envoyé avec des fichiers.');
        const lecture = lectures.get(request);
        if (!lecture) throw new Error('lecture d’un envoi hors d’une portée de dépôt, ou deux fois');
        lectures.delete(request);
        for (let p = await suivante(lecture, limites); p; p = await suivante(lecture, limites)) {
          if (p.type === 'field') {
            // A field declared application/json arrives parsed: a form sends text only.
            if (typeof p.value === 'string') yield { type: 'champ', nom: p.fieldname, valeur: p.value };
            continue;
          }
          yield fichier(p, limites);
          // The parser waits for each file to be read before the next part: drop what the caller left.
          if (!p.file.readableEnded && !p.file.destroyed) p.file.resume();
        }
      }

      return {
        parties,
        async formulaire(request) {
          if (!request.isMultipart()) return { champs: champsDe(request.body), fichiers: [] };
          const champs: Record<string, string | string[]> = {};
          const fichiers: FichierRecu[] = [];
          for await (const p of parties(request)) {
            if (p.type === 'champ') {
              const deja = champs[p.nom];
              champs[p.nom] = deja === undefined ? p.valeur : Array.isArray(deja) ? [...deja, p.valeur] : [deja, p.valeur];
              continue;
            }
            const f = await p.lire();
            // A file input left empty still sends a part with no name and no content: it is not a file.
            if (f.nom === '' && f.contenu.length === 0) continue;
            fichiers.push(f);
          }
          return { champs, fichiers };
        },
      };
    },
  };
}

export type Depots = ReturnType<typeof createDepots>;

function fichier(p: MultipartFile, limites: LimitesDepot): FichierEnFlux {
  // A part sent as application/octet-stream without a filename is a file with no name (undefined, not '').
  const nom = typeof p.filename === 'string' ? p.filename : '';
  return {
    type: 'fichier',
    champ: p.fieldname,
    nom,
    async lire() {
      const morceaux: Buffer[] = [];
      try {
        for await (const m of p.file) morceaux.push(m as Buffer);
      } catch (err) {
        throw traduire(err, limites);
      }
      return { nom, contenu: Buffer.concat(morceaux), tronque: p.file.truncated === true };
    },
    async copierVers(destination) {
      try {
        await pipeline(p.file, destination);
      } catch (err) {
        // A failure of the body (truncated, connection closed) is the client's; one of the destination is ours. The
        // body may have failed before this call: `errored` keeps the error.
        throw p.file.errored ? traduire(p.file.errored, limites) : err;
      }
      return { tronque: p.file.truncated === true };
    },
    async estVide() {
      try {
        for await (const m of p.file) if ((m as Buffer).length > 0) return false;
      } catch (err) {
        throw traduire(err, limites);
      }
      return true;
    },
  };
}

async function suivante(lecture: AsyncIterator<Multipart>, limites: LimitesDepot): Promise<Multipart | null> {
  try {
    const r = await lecture.next();
    return r.done ? null : r.value;
  } catch (err) {
    throw traduire(err, limites);
  }
}

/** Errors raised while parsing a body become French refusals; anything else stays a defect (500). */
function traduire(err: unknown, limites: LimitesDepot): unknown {
  if (err instanceof ErreurMetier) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'FST_FILES_LIMIT') return new EnvoiRefuseError(413, 'TROP_DE_FICHIERS', `Trop de fichiers : ${limites.fichiersMax} au plus. Rien n’a été enregistré.`);
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return new EnvoiRefuseError(413, 'TROP_DE_CHAMPS', 'Le formulaire envoyé contient trop de champs : rien n’a été enregistré.');
  // The multipart plugin's own client errors (FST_…: prototype field name, JSON field that is not JSON, connection
  // closed mid-body) and the parser's, which are plain Errors: no boundary, body cut before its closing boundary.
  if ((typeof code === 'string' && code.startsWith('FST_')) || (err instanceof Error && err.constructor === Error)) {
    return new EnvoiRefuseError(400, 'ENVOI_MAL_FORME', MAL_FORME);
  }
  return err;
}

function champsDe(corps: unknown): Record<string, string | string[]> {
  const champs: Record<string, string | string[]> = {};
  if (!corps || typeof corps !== 'object') return champs;
  for (const [nom, v] of Object.entries(corps)) {
    if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) champs[nom] = v as string | string[];
  }
  return champs;
}
