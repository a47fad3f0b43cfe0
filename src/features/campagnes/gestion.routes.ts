import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AccesRefuseError } from '../../shared/errors.ts';
import { analyserFormulaire, texte, valeursSaisies } from '../../shared/saisie.ts';
import { idDe } from '../../shared/http/parametres.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { dispositionPiece } from '../../shared/pieces/pieces.rules.ts';
import { corpsDansPerimetre, couvreLeCorps, estPartiel } from '../dossier/perimetre.rules.ts';
import { instantVersSaisieParis, saisieParisVersInstant } from '../admin/bandeaux.rules.ts';
import { CORPS } from '../../carriere/vocabulaire.ts';
import type { ContestationService } from './contestation.service.ts';
import { PageContestation, PageContestations } from './contestation.views.tsx';
import { nouvelleCampagne } from './campagne.schemas.ts';
import { intituleCampagne, type CampagneService } from './campagne.service.ts';
import { STATUTS_CANDIDATURE } from './candidature.machine.ts';
import { PageCampagnes, PageTableauDeBord } from './gestion.views.tsx';
import { urlsCampagnes as u } from './campagnes.urls.ts';

const GESTION = { config: { acces: ['GESTIONNAIRE'] as const } };
const CHAMPS = ['corps', 'annee', 'ouverture', 'fermeture', 'promotions', 'ratio'] as const;
const FORMAT_DATE_HEURE = 'Date et heure attendues au format JJ/MM/AAAA HH:MM, heure de Paris (par exemple 15/12/2026 17:00).';

/** The page's Paris-time fields (datetime-local, or typed by hand) become ISO instants before the shared campaign schema reads them. */
function versInstants(corps: unknown): { valeurs: Record<string, unknown>; erreurs: Record<string, string> } {
  const c = (corps && typeof corps === 'object' ? corps : {}) as Record<string, unknown>;
  const erreurs: Record<string, string> = {};
  const valeurs: Record<string, unknown> = { ...c, ratio: typeof c.ratio === 'string' && c.ratio.trim() !== '' ? c.ratio.replace(',', '.') : undefined };
  for (const champ of ['ouverture', 'fermeture'] as const) {
    const v = c[champ];
    if (typeof v !== 'string' || v.trim() === '') {
      erreurs[champ] = `${champ === 'ouverture' ? 'L’ouverture' : 'La fermeture'} est obligatoire.`;
      continue;
    }
    const r = saisieParisVersInstant(v);
    if (r.ok) valeurs[champ] = r.instant.toISOString();
    else erreurs[champ] = r.raison === 'HEURE_INEXISTANTE' ? 'Cette heure n’existe pas à Paris (passage à l’heure d’été).' : FORMAT_DATE_HEURE;
  }
  return { valeurs, erreurs };
}

/** The contestation id of the URL, checked as a bigint before any query (a malformed one is a 404). */
const cidDe = (request: FastifyRequest) => idDe(request.params, 'cid');

export function gestionCampagnesRoutes(app: FastifyInstance, deps: { campagnes: CampagneService; contestations: ContestationService }) {
  const { campagnes, contestations } = deps;

  /** The campaign of the URL, if its corps is within the gestionnaire's perimetre (else 404, as a dossier out of scope). */
  const campagneDe = (request: FastifyRequest) => campagnes.trouverPour(request.session!.utilisateur, idDe(request.params, 'id'));

  app.get(`${u.gestion()}/:id/contestations`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const lignes = await contestations.lister(request.session!.utilisateur, c.id);
    return reply.html(PageContestations({ ctx: contextePage(request), campagneId: c.id, intitule: intituleCampagne(c), lignes }));
  });

  async function pageContestation(request: FastifyRequest, saisie: Record<string, string>, erreurs: Record<string, string>) {
    const c = await campagneDe(request);
    const detail = await contestations.detail(request.session!.utilisateur, c.id, cidDe(request));
    const fait = (request.query as Record<string, unknown>)?.fait === 'decidee' ? 'La décision est enregistrée et l’agent en est informé.' : null;
    return PageContestation({ ctx: contextePage(request), campagneId: c.id, intitule: intituleCampagne(c), c: detail, saisie, erreurs, message: fait });
  }

  app.get(`${u.gestion()}/:id/contestations/:cid`, GESTION, async (request, reply) => reply.html(await pageContestation(request, {}, {})));

  app.post(`${u.gestion()}/:id/contestations/:cid/decider`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const cid = cidDe(request);
    const f = analyserFormulaire(
      z.object({ decision: z.enum(['ACCEPTEE', 'REJETEE'], { error: 'Choisissez la décision.' }), motif: texte('Le motif', { min: 1, max: 2000, multiligne: true }) }),
      request.body,
    );
    if (!f.ok) return reply.html(await pageContestation(request, valeursSaisies(request.body, ['decision', 'motif']), f.erreurs), 400);
    await contestations.decider(request.session!.utilisateur, c.id, cid, f.valeurs.decision, f.valeurs.motif);
    return reply.redirect(`${u.contestation(c.id, cid)}?fait=decidee`, 303);
  });

  app.get(`${u.gestion()}/:id/contestations/:cid/pieces/:pid`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const piece = await contestations.piece(request.session!.utilisateur, c.id, cidDe(request), idDe(request.params, 'pid'));
    return reply.type(piece.type_contenu).header('content-disposition', dispositionPiece(piece.nom_fichier)).header('x-content-type-options', 'nosniff').send(piece.contenu);
  });

  async function liste(request: FastifyRequest, saisie: Record<string, string>, erreurs: Record<string, string>, message: string | null) {
    const user = request.session!.utilisateur;
    return PageCampagnes({
      ctx: contextePage(request),
      campagnes: await campagnes.listerPour(user),
      // Creating a campaign notifies every agent of the corps: only a perimetre covering the whole corps may.
      corpsCreables: CORPS.filter((c) => couvreLeCorps(user.perimetre, c)),
      saisie,
      erreurs,
      message,
    });
  }

  app.get(u.gestion(), GESTION, async (request, reply) => {
    const cree = (request.query as Record<string, unknown>).fait === 'creee';
    return reply.html(await liste(request, { corps: 'PE', promotions: '' }, {}, cree ? 'La campagne est créée.' : null));
  });

  app.post(u.gestion(), GESTION, async (request, reply) => {
    const user = request.session!.utilisateur;
    if (estPartiel(user.perimetre)) {
      throw new AccesRefuseError(
        'PERIMETRE_PARTIEL',
        'Une campagne concerne tous les agents du corps dans toute l’académie : seul un gestionnaire dont le périmètre couvre toute l’académie pour ce corps peut la créer. Rien n’a été enregistré.',
      );
    }
    const saisie = valeursSaisies(request.body, CHAMPS);
    const { valeurs, erreurs } = versInstants(request.body);
    const f = analyserFormulaire(nouvelleCampagne, valeurs);
    const toutes = { ...(f.ok ? {} : f.erreurs), ...erreurs };
    if (f.ok && !corpsDansPerimetre(user.perimetre, f.valeurs.corps)) toutes.corps = 'Ce corps n’est pas dans votre périmètre de gestion.';
    if (!f.ok || Object.keys(toutes).length > 0) return reply.html(await liste(request, saisie, toutes, null), 400);
    const id = await campagnes.creer(f.valeurs, user.compteId);
    return reply.redirect(`${u.gestionCampagne(id)}?fait=creee`, 303);
  });

  async function tableauDeBord(request: FastifyRequest, avis: { saisie: string; erreur?: string }, message: string | null) {
    const c = await campagneDe(request);
    const user = request.session!.utilisateur;
    const t = await campagnes.tableauDeBord(user, c);
    return PageTableauDeBord({
      ctx: contextePage(request),
      campagne: { ...c, intitule: intituleCampagne(c) },
      perimetre: t.partiel ? user.perimetre : null,
      promouvables: t.promouvables,
      vivier1: t.vivier1,
      parStatut: STATUTS_CANDIDATURE.filter((s) => t.parStatut.has(s)).map((s) => ({ statut: s, nombre: t.parStatut.get(s)! })),
      series: t.series,
      avisVisibles: { saisie: avis.saisie, erreur: avis.erreur, modifiable: c.statut !== 'PUBLIEE' && couvreLeCorps(user.perimetre, c.corps) },
      message,
    });
  }

  app.get(`${u.gestion()}/:id`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const fait = (request.query as Record<string, unknown>).fait === 'avis-visibles' ? 'La date de communication des avis est enregistrée.' : null;
    return reply.html(await tableauDeBord(request, { saisie: c.avis_visibles_le ? instantVersSaisieParis(c.avis_visibles_le) : '' }, fait));
  });

  // The instant from which agents read the avis and appreciations on their dossier; empty: with the published table.
  app.post(`${u.gestion()}/:id/avis-visibles`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const saisie = valeursSaisies(request.body, ['avis_visibles']).avis_visibles!;
    let le: Date | null = null;
    if (saisie.trim() !== '') {
      const r = saisieParisVersInstant(saisie);
      if (!r.ok) return reply.html(await tableauDeBord(request, { saisie, erreur: r.raison === 'HEURE_INEXISTANTE' ? 'Cette heure n’existe pas à Paris (passage à l’heure d’été).' : FORMAT_DATE_HEURE }, null), 400);
      le = r.instant;
    }
    await campagnes.fixerAvisVisibles(request.session!.utilisateur, c, le);
    return reply.redirect(`${u.gestionCampagne(c.id)}?fait=avis-visibles`, 303);
  });
}
