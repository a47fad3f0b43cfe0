import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Database } from '../../db/connection.ts';
import { AccesRefuseError, CsrfError, IntrouvableError } from '../../shared/errors.ts';
import { contextePage, verifierJetonCsrf } from '../../shared/http/plumbing.ts';
import { idDe } from '../../shared/http/parametres.ts';
import type { ImportService } from './import.service.ts';
import { listerImports, trouverImport } from './import.repository.ts';
import { PageImport, PageImports, texteProgression } from './import.views.tsx';
import { urlsImport } from './import.urls.ts';
import { FICHIERS } from './fichiers.ts';
import { couvreLAcademie } from '../dossier/perimetre.rules.ts';

const GESTION = { acces: ['GESTIONNAIRE'] as const };

/**
 * The HR import rewrites the data of every agent of the académie, and its reports quote lines of any of them: it is for
 * a gestionnaire whose perimetre covers the whole académie. Another one is refused the feature (403, like a role they
 * lack), before anything is read or received.
 */
async function reserveALAcademie(request: FastifyRequest): Promise<void> {
  if (!couvreLAcademie(request.session!.utilisateur.perimetre)) {
    throw new AccesRefuseError('IMPORT_RESERVE', 'L’import des données RH concerne toute l’académie : il est réservé aux gestionnaires dont le périmètre couvre toute l’académie.');
  }
}
const NOMS_ATTENDUS = new Set<string>(FICHIERS.map((f) => f.fichier));

export type LimitesDepot = { tailleFichierMax: number; fichiersMax: number };

class DepotRefuse extends Error {}

/** Gestionnaire pages of the HR import: upload a folder's CSV files, follow the import, read its report. */
export async function importRoutes(app: FastifyInstance, deps: { db: Database; imports: ImportService; limites?: LimitesDepot }) {
  const { db, imports } = deps;
  const limites = deps.limites ?? { tailleFichierMax: 2 * 1024 ** 3, fichiersMax: 12 };

  app.get(urlsImport.liste(), { config: GESTION }, async (request, reply) => {
    await reserveALAcademie(request);
    return reply.html(PageImports({ ctx: contextePage(request), imports: await listerImports(db, 20), erreur: null }));
  });

  app.get(`${urlsImport.liste()}/:id`, { config: GESTION }, async (request, reply) => {
    await reserveALAcademie(request);
    const introuvable = () => new IntrouvableError('IMPORT_INTROUVABLE', 'Cet import n’existe pas.');
    const imp = await trouverImport(db, idDe(request.params, 'id', introuvable));
    if (!imp) throw introuvable();
    if ((request.headers.accept ?? '').startsWith('application/json')) {
      return reply.send({ statut: imp.statut, pourcent: imp.progression?.pourcent ?? 0, texte: texteProgression(imp) });
    }
    return reply.html(PageImport({ ctx: contextePage(request), imp }));
  });

  // Streamed upload: multipart is registered for this route only, and the CSRF token is its first field.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: limites.tailleFichierMax, files: limites.fichiersMax, fields: 5, fieldSize: 1000, parts: limites.fichiersMax + 5 } });
    scope.post(urlsImport.liste(), { config: { ...GESTION, csrfDansLeFlux: true } }, async (request, reply) => {
      await reserveALAcademie(request);
      const dossier = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'vivier-import-'));
      let enregistres: string[];
      try {
        enregistres = await enregistrerDepot(request, dossier, limites);
      } catch (err) {
        await fs.promises.rm(dossier, { recursive: true, force: true });
        if (err instanceof CsrfError) throw err;
        const message = err instanceof DepotRefuse ? err.message : messageLimite(err, limites);
        if (!message) throw err;
        return reply.html(PageImports({ ctx: contextePage(request), imports: await listerImports(db, 20), erreur: message }), 400);
      }
      const u = request.session!.utilisateur;
      const libelle = `Dépôt web : ${enregistres.join(', ')}`;
      const importId = await imports.ouvrir(libelle, u.compteId);
      const fichiers = enregistres.map((nom) => {
        const chemin = path.join(dossier, nom);
        return { nom, taille: fs.statSync(chemin).size, lire: () => fs.createReadStream(chemin, { highWaterMark: 1 << 20 }) };
      });
      // Runs after the response: the page follows it; the temporary folder goes when it ends.
      void imports
        .importer({ libelle, fichiers }, { lanceParCompteId: u.compteId, importId })
        .catch((err: unknown) => request.log.error({ err, importId }, 'import RH en échec'))
        .finally(() => fs.promises.rm(dossier, { recursive: true, force: true }));
      return reply.redirect(urlsImport.detail(importId), 303);
    });
  });
}

async function enregistrerDepot(request: FastifyRequest, dossier: string, limites: LimitesDepot): Promise<string[]> {
  const noms: string[] = [];
  let csrfVu = false;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === '_csrf' && !csrfVu) {
        verifierJetonCsrf(request, part.value);
        csrfVu = true;
      }
      continue;
    }
    if (!csrfVu) throw new CsrfError();
    if (part.fieldname !== 'fichiers') throw new DepotRefuse('Champ de fichier inattendu.');
    if (part.filename === '') {
      part.file.resume();
      continue;
    }
    const nom = path.basename(part.filename).toLowerCase();
    if (!NOMS_ATTENDUS.has(nom)) {
      part.file.resume();
      throw new DepotRefuse(`Fichier inattendu : « ${part.filename.slice(0, 100)} ». Fichiers attendus : ${[...NOMS_ATTENDUS].join(', ')}.`);
    }
    if (noms.includes(nom)) {
      part.file.resume();
      throw new DepotRefuse(`Le fichier ${nom} est déposé deux fois.`);
    }
    await pipeline(part.file, fs.createWriteStream(path.join(dossier, nom), { flags: 'wx' }));
    if (part.file.truncated) throw new DepotRefuse(`Le fichier ${nom} dépasse la taille maximale de ${Math.round(limites.tailleFichierMax / 1024 ** 2)} Mo.`);
    noms.push(nom);
  }
  if (!csrfVu) throw new CsrfError();
  if (noms.length === 0) throw new DepotRefuse('Aucun fichier déposé : choisissez les fichiers CSV du dossier d’import.');
  return noms;
}

function messageLimite(err: unknown, limites: LimitesDepot): string | null {
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return `Un fichier dépasse la taille maximale de ${Math.round(limites.tailleFichierMax / 1024 ** 2)} Mo.`;
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') return `Trop de fichiers : ${limites.fichiersMax} au plus.`;
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return 'Le formulaire doit être envoyé avec des fichiers.';
  return null;
}

