import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/connection.ts';
import { AccesRefuseError, EnvoiRefuseError, IntrouvableError } from '../../shared/errors.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { idDe } from '../../shared/http/parametres.ts';
import { envoiMaxPour, type Depots, type LecteurDepot } from '../../shared/pieces/depot.ts';
import { nomDeFichier, tailleLisible } from '../../shared/pieces/pieces.rules.ts';
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
export async function importRoutes(app: FastifyInstance, deps: { db: Database; imports: ImportService; depots: Depots; limites?: LimitesDepot }) {
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

  // Streamed upload, read in a scope of its own (shared/pieces/depot.ts): the CSRF token is the first field, checked
  // before any file is read; each file goes to a temporary folder as it arrives.
  await app.register(async (scope) => {
    const lecteur = await deps.depots.installer(scope, {
      tailleFichierMax: limites.tailleFichierMax,
      fichiersMax: limites.fichiersMax,
      champsMax: 5,
      tailleChampMax: 1000,
      envoiMax: envoiMaxPour(limites.tailleFichierMax, limites.fichiersMax),
    });
    scope.post(urlsImport.liste(), { config: GESTION }, async (request, reply) => {
      // Before any part is read: a gestionnaire of a part of the académie sends nothing here.
      await reserveALAcademie(request);
      const dossier = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'vivier-import-'));
      let enregistres: string[];
      try {
        enregistres = await enregistrerDepot(lecteur, request, dossier, limites);
      } catch (err) {
        await fs.promises.rm(dossier, { recursive: true, force: true });
        // A refused or malformed upload is shown on the import page; anything else is a defect.
        if (!(err instanceof DepotRefuse) && !(err instanceof EnvoiRefuseError && err.statusCode === 400)) throw err;
        return reply.html(PageImports({ ctx: contextePage(request), imports: await listerImports(db, 20), erreur: err.message }), 400);
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

async function enregistrerDepot(lecteur: LecteurDepot, request: FastifyRequest, dossier: string, limites: LimitesDepot): Promise<string[]> {
  const noms: string[] = [];
  for await (const part of lecteur.parties(request)) {
    if (part.type === 'champ') continue;
    if (part.champ !== 'fichiers') throw new DepotRefuse('Champ de fichier inattendu.');
    if (part.nom === '') {
      // A file input left empty sends a part with no name and no content; a nameless part with content is refused.
      if (!(await part.estVide())) throw new DepotRefuse('Un des fichiers déposés n’a pas de nom : choisissez-le à nouveau dans le formulaire.');
      continue;
    }
    const affiche = nomDeFichier(part.nom).slice(0, 100);
    const nom = affiche.toLowerCase();
    if (!NOMS_ATTENDUS.has(nom)) throw new DepotRefuse(`Fichier inattendu : « ${affiche} ». Fichiers attendus : ${[...NOMS_ATTENDUS].join(', ')}.`);
    if (noms.includes(nom)) throw new DepotRefuse(`Le fichier ${nom} est déposé deux fois.`);
    if (noms.length === limites.fichiersMax) throw new DepotRefuse(`Trop de fichiers : ${limites.fichiersMax} au plus.`);
    const { tronque } = await part.copierVers(fs.createWriteStream(path.join(dossier, nom), { flags: 'wx' }));
    if (tronque) throw new DepotRefuse(`Le fichier ${nom} dépasse la taille maximale de ${tailleLisible(limites.tailleFichierMax)}.`);
    noms.push(nom);
  }
  if (noms.length === 0) throw new DepotRefuse('Aucun fichier déposé : choisissez les fichiers CSV du dossier d’import.');
  return noms;
}
