import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import { AccesRefuseError, IntrouvableError } from '../../shared/errors.ts';
import { z } from 'zod';
import { texte } from '../../shared/http/formulaire.ts';
import { dispositionPiece } from '../../shared/pieces/pieces.rules.ts';
import type { ContestationService } from './contestation.service.ts';
import { PageContestation, PageContestations } from './contestation.views.tsx';
import { analyserFormulaire, valeursSaisies } from '../../shared/http/formulaire.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { parisVersInstant } from '../admin/bandeaux.rules.ts';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { chargerLabels, parcourirDossiers } from '../dossier/eligibilite.repository.ts';
import type { Corps } from '../import/vocabulaire.ts';
import { nouvelleCampagne } from './campagne.schemas.ts';
import { intituleCampagne, type CampagneService } from './campagne.service.ts';
import { STATUTS_CANDIDATURE } from './candidature.machine.ts';
import { PageCampagnes, PageTableauDeBord } from './gestion.views.tsx';
import { urlsCampagnes as u } from './campagnes.urls.ts';

const GESTION = { config: { acces: ['GESTIONNAIRE'] as const } };
const CHAMPS = ['corps', 'annee', 'ouverture', 'fermeture', 'promotions', 'ratio'] as const;

function dansLePerimetre(user: Utilisateur, corps: string): boolean {
  const c = user.perimetre.corps;
  return !c || c.length === 0 || c.includes(corps);
}

/** The page's Paris-time fields become ISO instants before the shared campaign schema reads them. */
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
    const r = parisVersInstant(v);
    if (r.ok) valeurs[champ] = r.instant.toISOString();
    else erreurs[champ] = r.raison === 'HEURE_INEXISTANTE' ? 'Cette heure n’existe pas à Paris (passage à l’heure d’été).' : 'Date et heure attendues (JJ/MM/AAAA HH:MM).';
  }
  return { valeurs, erreurs };
}

export function gestionCampagnesRoutes(app: FastifyInstance, deps: { db: Database; campagnes: CampagneService; contestations: ContestationService }) {
  const { db, campagnes, contestations } = deps;

  async function campagneDe(request: FastifyRequest) {
    const c = await campagnes.trouver(String((request.params as Record<string, unknown>).id));
    if (!dansLePerimetre(request.session!.utilisateur, c.corps)) throw new AccesRefuseError('HORS_PERIMETRE', 'Ce corps n’est pas dans votre périmètre de gestion.');
    return c;
  }

  app.get(`${u.gestion()}/:id/contestations`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    return reply.html(PageContestations({ ctx: contextePage(request), campagneId: c.id, intitule: intituleCampagne(c), lignes: await contestations.listerPourCampagne(c.id) }));
  });

  async function pageContestation(request: FastifyRequest, saisie: Record<string, string>, erreurs: Record<string, string>) {
    const c = await campagneDe(request);
    const detail = await contestations.detail(c.id, String((request.params as Record<string, unknown>).cid));
    const fait = (request.query as Record<string, unknown>)?.fait === 'decidee' ? 'La décision est enregistrée et l’agent en est informé.' : null;
    return PageContestation({ ctx: contextePage(request), campagneId: c.id, intitule: intituleCampagne(c), c: detail, saisie, erreurs, message: fait });
  }

  app.get(`${u.gestion()}/:id/contestations/:cid`, GESTION, async (request, reply) => reply.html(await pageContestation(request, {}, {})));

  app.post(`${u.gestion()}/:id/contestations/:cid/decider`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const cid = String((request.params as Record<string, unknown>).cid);
    const f = analyserFormulaire(
      z.object({ decision: z.enum(['ACCEPTEE', 'REJETEE'], { error: 'Choisissez la décision.' }), motif: texte('Le motif', { min: 1, max: 2000, multiligne: true }) }),
      request.body,
    );
    if (!f.ok) return reply.html(await pageContestation(request, valeursSaisies(request.body, ['decision', 'motif']), f.erreurs), 400);
    await contestations.decider(request.session!.utilisateur, c.id, cid, f.valeurs.decision, f.valeurs.motif);
    return reply.redirect(`${u.contestation(c.id, cid)}?fait=decidee`, 303);
  });

  app.get(`${u.gestion()}/:id/contestations/:cid/pieces/:pid`, GESTION, async (request, reply) => {
    await campagneDe(request);
    const p = request.params as Record<string, string>;
    const piece = await contestations.piece(p.cid ?? '', p.pid ?? '');
    if (!piece) throw new IntrouvableError('PIECE_INTROUVABLE', 'Cette pièce justificative n’existe pas.');
    return reply.type(piece.type_contenu).header('content-disposition', dispositionPiece(piece.nom_fichier)).header('x-content-type-options', 'nosniff').send(piece.contenu);
  });

  async function liste(request: FastifyRequest, saisie: Record<string, string>, erreurs: Record<string, string>, message: string | null) {
    const user = request.session!.utilisateur;
    const toutes = (await campagnes.lister()).filter((c) => dansLePerimetre(user, c.corps));
    return PageCampagnes({ ctx: contextePage(request), campagnes: toutes, saisie, erreurs, message });
  }

  app.get(u.gestion(), GESTION, async (request, reply) => {
    const cree = (request.query as Record<string, unknown>).fait === 'creee';
    return reply.html(await liste(request, { corps: 'PE', promotions: '' }, {}, cree ? 'La campagne est créée.' : null));
  });

  app.post(u.gestion(), GESTION, async (request, reply) => {
    const saisie = valeursSaisies(request.body, CHAMPS);
    const { valeurs, erreurs } = versInstants(request.body);
    const f = analyserFormulaire(nouvelleCampagne, valeurs);
    const toutes = { ...(f.ok ? {} : f.erreurs), ...erreurs };
    if (!f.ok || Object.keys(erreurs).length > 0) return reply.html(await liste(request, saisie, toutes, null), 400);
    if (!dansLePerimetre(request.session!.utilisateur, f.valeurs.corps)) throw new AccesRefuseError('HORS_PERIMETRE', 'Ce corps n’est pas dans votre périmètre de gestion.');
    const id = await campagnes.creer(f.valeurs, request.session!.utilisateur.compteId);
    return reply.redirect(`${u.gestionCampagne(id)}?fait=creee`, 303);
  });

  app.get(`${u.gestion()}/:id`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const regles = reglesPour(c.annee);
    let promouvables = 0;
    let vivier1 = 0;
    for await (const page of parcourirDossiers(db, c.corps as Corps, await chargerLabels(db))) {
      for (const d of page) {
        const v = evaluerEligibilite(d, regles, { detail: false });
        if (v.promouvable) promouvables++;
        if (v.vivier1) vivier1++;
      }
    }
    const compte = await db.selectFrom('candidature').select(['statut', sql<string>`count(*)`.as('n')]).where('campagne_id', '=', c.id).groupBy('statut').execute();
    const n = new Map(compte.map((x) => [x.statut, Number(x.n)]));
    const jours = await sql<{ jour: string; brouillons: string; validations: string; annulations: string }>`
      SELECT to_char(h.le AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS jour,
        count(*) FILTER (WHERE h.evenement = 'CREER') AS brouillons,
        count(*) FILTER (WHERE h.evenement = 'VALIDER') AS validations,
        count(*) FILTER (WHERE h.evenement = 'ANNULER') AS annulations
      FROM candidature_historique h JOIN candidature c ON c.id = h.candidature_id
      WHERE c.campagne_id = ${c.id}::bigint
      GROUP BY 1 ORDER BY 1`.execute(db);
    return reply.html(
      PageTableauDeBord({
        ctx: contextePage(request),
        campagne: { ...c, intitule: intituleCampagne(c) },
        promouvables,
        vivier1,
        parStatut: STATUTS_CANDIDATURE.filter((s) => n.has(s)).map((s) => ({ statut: s, nombre: n.get(s)! })),
        series: jours.rows.map((j) => ({ jour: j.jour, brouillons: Number(j.brouillons), validations: Number(j.validations), annulations: Number(j.annulations) })),
      }),
    );
  });
}
