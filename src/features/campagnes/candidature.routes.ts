import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/connection.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import { analyserFormulaire, valeursSaisies } from '../../shared/saisie.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { idDe as idDansLUrl } from '../../shared/http/parametres.ts';
import { libelleFonction } from '../eligibilite/explication.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { vueEligibilite } from '../dossier/eligibilite.vue.ts';
import { dansLaFenetre } from './campagne.machine.ts';
import { campagnesDuCorps, prochaineCampagneDuCorps } from './campagne.repository.ts';
import { intituleCampagne } from './campagne.service.ts';
import { LIBELLE_STATUT_CANDIDATURE } from './candidature.machine.ts';
import { periodeDeclaree } from './candidature.schemas.ts';
import type { CandidatureService } from './candidature.service.ts';
import { LIMITES_PIECES, type Depots } from '../../shared/pieces/depot.ts';
import { dispositionPiece, verifierPieces } from '../../shared/pieces/pieces.rules.ts';
import type { ContestationService } from './contestation.service.ts';
import { z } from 'zod';
import { texte } from '../../shared/saisie.ts';
import { PageCandidater, PageCandidature } from './candidature.views.tsx';
import { PageConfirmerAnnulation } from './annulation.views.tsx';
import { PageFiche } from './fiche.views.tsx';
import { urlsCampagnes as u } from './campagnes.urls.ts';
import type { DocumentsService } from './documents.service.ts';

const AGENT = { config: { acces: ['AGENT'] as const } };
const MESSAGES: Record<string, string> = {
  commencee: 'Votre candidature est commencée : vérifiez les périodes reprises de votre dossier et complétez-les si besoin.',
  'periode-ajoutee': 'La période a été ajoutée à votre candidature.',
  'periode-retiree': 'La période a été retirée de votre candidature.',
  annulee: 'Votre candidature est annulée.',
  'deja-validee': 'Votre candidature était déjà enregistrée : rien n’a changé.',
  'deja-annulee': 'Votre candidature était déjà annulée : rien n’a changé.',
  contestee: 'Votre contestation est enregistrée : votre gestionnaire vous répondra dans « Mes messages ».',
};
const CHAMPS_PERIODE = ['du', 'au', 'nature', 'fonction', 'etablissement', 'commentaire'] as const;

const idDe = (request: FastifyRequest, cle = 'id') => idDansLUrl(request.params, cle);

/** The agent's side of the campaign: "Candidater", the fiche, validation, cancellation, the accusé. */
export async function candidatureRoutes(
  app: FastifyInstance,
  deps: { db: Database; candidatures: CandidatureService; documents: DocumentsService; contestations: ContestationService; depots: Depots },
) {
  const { db, candidatures, documents, contestations, depots } = deps;

  async function rendre(request: FastifyRequest, id: string, extra: { saisie?: Record<string, string>; erreurs?: Record<string, string> } = {}) {
    const v = await candidatures.vue(request.session!.utilisateur, id);
    const fait = (request.query as Record<string, unknown>)?.fait;
    return PageCandidature({
      ctx: contextePage(request),
      campagne: { id, intitule: intituleCampagne(v.campagne), ouverture: v.campagne.ouverture, fermeture: v.campagne.fermeture, annee: v.campagne.annee, regime: v.campagne.regime },
      ouverte: v.ouverte,
      eligibilite: v.verdict ? vueEligibilite(v.verdict, v.regles) : null,
      candidature: v.candidature ? { statut: v.candidature.statut, valideeLe: v.candidature.validee_le, reference: v.candidature.reference } : null,
      periodes: v.periodes.map((p) => ({ ...p, pieces: v.pieces.filter((x) => x.periode_id === p.id).map((x) => ({ id: x.id, nom: x.nom_fichier })) })),
      historique: v.historique,
      fonctions: (v.regles.vivier1?.fonctionsEligibles ?? []).map((f) => ({ valeur: f, libelle: libelleFonction(f) })),
      saisie: extra.saisie ?? { nature: 'FONCTION' },
      erreurs: extra.erreurs ?? {},
      // "validee" and "annulee" are said by the state box itself: said once.
      message: typeof fait === 'string' && fait !== 'validee' && fait !== 'annulee' ? (MESSAGES[fait] ?? null) : null,
      accuseDisponible: v.accuseDisponible,
      contestation:
        v.campagne.regime === 'B'
          ? await (async () => {
              const existante = await contestations.de(id, v.agentId);
              return {
                possible: contestations.possible(v.campagne, request.recueLe),
                fin: contestations.finContestation(v.campagne),
                existante: existante ? { statut: existante.statut, creeLe: existante.cree_le, decision: existante.decision } : null,
              };
            })()
          : null,
    });
  }

  app.get(u.candidater(), AGENT, async (request, reply) => {
    const user = request.session!.utilisateur;
    const agent = user.agentId ? await db.selectFrom('agent').select('corps').where('agent_id', '=', user.agentId).executeTakeFirst() : undefined;
    const campagnes = agent ? await campagnesDuCorps(db, agent.corps, request.recueLe) : [];
    const statuts = new Map(
      campagnes.length && user.agentId
        ? (await db.selectFrom('candidature').select(['campagne_id', 'statut']).where('agent_id', '=', user.agentId).execute()).map((c) => [c.campagne_id, c.statut])
        : [],
    );
    const maintenant = request.recueLe;
    const prochaine = agent ? await prochaineCampagneDuCorps(db, agent.corps, maintenant) : undefined;
    return reply.html(
      PageCandidater({
        ctx: contextePage(request),
        prochaine: prochaine ? { intitule: intituleCampagne(prochaine), ouverture: prochaine.ouverture, fermeture: prochaine.fermeture, regime: prochaine.regime } : null,
        campagnes: campagnes.map((c) => ({ id: c.id, intitule: intituleCampagne(c), ouverture: c.ouverture, fermeture: c.fermeture, ouverte: dansLaFenetre(c, maintenant), statutCandidature: statuts.get(c.id) ?? null, regime: c.regime })),
      }),
    );
  });

  app.get(`${u.candidater()}/:id`, AGENT, async (request, reply) => reply.html(await rendre(request, idDe(request))));

  app.post(`${u.candidater()}/:id/commencer`, AGENT, async (request, reply) => {
    const id = idDe(request);
    await candidatures.commencer(request.session!.utilisateur, id, request.recueLe);
    return reply.redirect(`${u.candidature(id)}?fait=commencee`, 303);
  });

  // The period and contest forms carry pièces justificatives: read in a scope of their own (shared/pieces/depot.ts).
  await app.register(async (scope) => {
    const lecteur = await depots.installer(scope, LIMITES_PIECES);
    scope.post(`${u.candidater()}/:id/periodes`, AGENT, async (request, reply) => {
      const id = idDe(request);
      const { campagne } = await candidatures.campagnePour(request.session!.utilisateur, id);
      const { champs, fichiers } = await lecteur.formulaire(request);
      const regles = reglesPour(campagne.annee);
      const f = analyserFormulaire(periodeDeclaree(regles.vivier1?.fonctionsEligibles ?? [], regles.dateObservation), champs);
      const erreurs: Record<string, string> = f.ok ? {} : { ...f.erreurs };
      const pieces = verifierPieces(fichiers, erreurs);
      if (!f.ok || Object.keys(erreurs).length > 0) return reply.html(await rendre(request, id, { saisie: valeursSaisies(champs, CHAMPS_PERIODE), erreurs }), 400);
      await candidatures.ajouterPeriode(request.session!.utilisateur, id, f.valeurs, request.recueLe, pieces);
      return reply.redirect(`${u.candidature(id)}?fait=periode-ajoutee#titre-periodes`, 303);
    });

    scope.post(`${u.candidater()}/:id/contester`, AGENT, async (request, reply) => {
      const id = idDe(request);
      const { agentId } = await candidatures.campagnePour(request.session!.utilisateur, id);
      const { champs, fichiers } = await lecteur.formulaire(request);
      const f = analyserFormulaire(z.object({ message: texte('Le message', { min: 1, max: 4000, multiligne: true }) }), champs);
      const erreurs: Record<string, string> = f.ok ? {} : { ...f.erreurs };
      const pieces = verifierPieces(fichiers, erreurs);
      if (!f.ok || Object.keys(erreurs).length > 0) return reply.html(await rendre(request, id, { saisie: valeursSaisies(champs, ['message']), erreurs }), 400);
      await contestations.deposer(request.session!.utilisateur, agentId, id, f.valeurs.message, pieces, request.recueLe);
      return reply.redirect(`${u.candidature(id)}?fait=contestee`, 303);
    });
  });

  app.get(`${u.candidater()}/:id/pieces/:pid`, AGENT, async (request, reply) => {
    const piece = await candidatures.piece(request.session!.utilisateur, idDe(request), idDe(request, 'pid'));
    if (!piece) throw new IntrouvableError('PIECE_INTROUVABLE', 'Cette pièce justificative n’existe pas.');
    return reply.type(piece.type_contenu).header('content-disposition', dispositionPiece(piece.nom_fichier)).header('x-content-type-options', 'nosniff').send(piece.contenu);
  });

  app.post(`${u.candidater()}/:id/periodes/:pid/supprimer`, AGENT, async (request, reply) => {
    const id = idDe(request);
    await candidatures.supprimerPeriode(request.session!.utilisateur, id, idDe(request, 'pid'), request.recueLe);
    return reply.redirect(`${u.candidature(id)}?fait=periode-retiree#titre-periodes`, 303);
  });

  app.post(`${u.candidater()}/:id/valider`, AGENT, async (request, reply) => {
    const id = idDe(request);
    const r = await candidatures.valider(request.session!.utilisateur, id, request.recueLe);
    return reply.redirect(`${u.candidature(id)}?fait=${r === 'VALIDEE' ? 'validee' : 'deja-validee'}`, 303);
  });

  // The question before cancelling (the candidature page links here; its modal is the same form).
  app.get(`${u.candidater()}/:id/annuler`, AGENT, async (request, reply) => {
    const id = idDe(request);
    const v = await candidatures.vue(request.session!.utilisateur, id);
    // Nothing to cancel (never validated, already cancelled, or the deposit closed): the candidature page says why.
    if (!v.ouverte || v.candidature?.statut !== 'ENREGISTREE') return reply.redirect(u.candidature(id), 303);
    return reply.html(PageConfirmerAnnulation({ ctx: contextePage(request), campagneId: id, annee: v.campagne.annee, intitule: intituleCampagne(v.campagne), fermeture: v.campagne.fermeture }));
  });

  app.post(`${u.candidater()}/:id/annuler`, AGENT, async (request, reply) => {
    const id = idDe(request);
    const r = await candidatures.annuler(request.session!.utilisateur, id, request.recueLe);
    return reply.redirect(`${u.candidature(id)}?fait=${r === 'ANNULEE' ? 'annulee' : 'deja-annulee'}`, 303);
  });

  async function candidatureDe(request: FastifyRequest) {
    const id = idDe(request);
    const v = await candidatures.vue(request.session!.utilisateur, id);
    if (!v.candidature) throw new IntrouvableError('SANS_CANDIDATURE', 'Vous n’avez pas encore commencé de candidature pour cette campagne.');
    return { id, v, candidature: v.candidature };
  }

  app.get(`${u.candidater()}/:id/fiche`, AGENT, async (request, reply) => {
    const { id, v, candidature } = await candidatureDe(request);
    const { donnees } = await documents.ficheActuelle(candidature.id);
    return reply.html(
      PageFiche({
        ctx: contextePage(request),
        campagneId: id,
        annee: v.campagne.annee,
        intitule: donnees.campagne.intitule,
        identite: donnees.identite,
        resume: donnees.eligibilite.resume,
        periodes: donnees.periodes,
        statut: LIBELLE_STATUT_CANDIDATURE[candidature.statut],
        peutValider: v.ouverte && (candidature.statut === 'BROUILLON' || candidature.statut === 'ANNULEE'),
      }),
    );
  });

  app.get(`${u.candidater()}/:id/fiche.pdf`, AGENT, async (request, reply) => {
    const { v, candidature } = await candidatureDe(request);
    // Once deposited, the fiche is the archived one, byte for byte; before, it is rendered as it stands.
    const archive = await documents.documentArchive(candidature.id, 'FICHE');
    const pdf = archive?.pdf ?? (await (await documents.ficheActuelle(candidature.id)).pdf());
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="fiche-candidature-${v.campagne.corps}-${v.campagne.annee}.pdf"`)
      .send(pdf);
  });

  // A document of the agent's own candidatures, by its id (the link of the mailbox message).
  app.get('/iprof/documents/:id', AGENT, async (request, reply) => {
    const id = idDe(request);
    const agentId = request.session!.utilisateur.agentId;
    const doc = agentId
      ? await db
          .selectFrom('candidature_document as d')
          .innerJoin('candidature as c', 'c.id', 'd.candidature_id')
          .select(['d.pdf', 'd.type', 'c.reference'])
          .where('d.id', '=', id)
          .where('c.agent_id', '=', agentId)
          .executeTakeFirst()
      : undefined;
    if (!doc) throw new IntrouvableError('DOCUMENT_INTROUVABLE', 'Ce document n’existe pas.');
    const nom = `${doc.type === 'ACCUSE_RECEPTION' ? 'accuse-reception' : 'fiche-candidature'}-${doc.reference ?? id}.pdf`;
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${nom}"`).send(doc.pdf);
  });

  app.get(`${u.candidater()}/:id/accuse.pdf`, AGENT, async (request, reply) => {
    const { candidature } = await candidatureDe(request);
    const archive = await documents.documentArchive(candidature.id, 'ACCUSE_RECEPTION');
    if (!archive) throw new IntrouvableError('SANS_ACCUSE', 'L’accusé de réception n’est pas encore émis : il le sera à la clôture du dépôt.');
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="accuse-reception-${candidature.reference ?? candidature.id}.pdf"`)
      .send(archive.pdf);
  });
}

