import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IntrouvableError } from '../../shared/errors.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { valeursSaisies } from '../../shared/http/formulaire.ts';
import type { SignalementsService } from './signalements.service.ts';
import type { FichierRecu } from './pieces.rules.ts';
import { dispositionPiece, nomDeTelechargement } from './pieces.rules.ts';
import { estChampIdentite, STATUTS_SIGNALEMENT, TYPES_CIBLE, type StatutSignalement } from './signalements.rules.ts';
import { PageMonSignalement, PageSignaler } from './signalements.views.tsx';
import { PageFileSignalements, PageSignalementGestion, type VueSignalementGestion } from './gestion.views.tsx';
import { urlsDossier, type CibleSignalee } from './dossier.urls.ts';
import { confirmation, enTexte, idDe, parametre } from './http.ts';

const CIBLE_INTROUVABLE = () => new IntrouvableError('CIBLE_INTROUVABLE', 'L’élément à signaler n’existe pas dans votre dossier.');

/** The reported item of the URL: an identity field by its name, a career, position or service row by its id. */
function cibleDe(request: FastifyRequest) {
  const segment = parametre(request.params, 'cible') as CibleSignalee;
  if (!Object.hasOwn(TYPES_CIBLE, segment)) throw new IntrouvableError();
  const type = TYPES_CIBLE[segment];
  const id = type === 'IDENTITE' ? parametre(request.params, 'id') : idDe(request.params, 'id', CIBLE_INTROUVABLE);
  if (type === 'IDENTITE' && !estChampIdentite(id)) throw CIBLE_INTROUVABLE();
  return { segment, type, id };
}

function prerempli(vue: VueSignalementGestion): Record<string, string> {
  const v = vue.actuelle?.valeur ?? {};
  if (vue.s.cible_type === 'IDENTITE') return { valeur: enTexte(v[vue.s.cible_id]) };
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enTexte(x)]));
}

const CHAMPS_CORRECTION = ['valeur', 'date_effet', 'grade', 'echelon', 'date_debut', 'date_fin', 'position', 'uai', 'fonction', 'part_service', 'statut', 'faisant_fonction'];

/** Error reports: the agent's multipart form, their report page, the documents, and the gestionnaire's queue and decisions. */
export function signalementsRoutes(app: FastifyInstance, deps: { signalements: SignalementsService; fichiersDe: (r: FastifyRequest) => FichierRecu[] }) {
  const { signalements } = deps;
  const connecte = { config: { acces: 'connecte' as const } };
  const gestionnaire = { config: { acces: ['GESTIONNAIRE'] as const } };

  app.get('/iprof/dossier/signaler/:cible/:id', connecte, async (request, reply) => {
    const c = cibleDe(request);
    const cible = await signalements.cibleDuSignalement(request.session!.utilisateur, c.type, c.id);
    return reply.html(PageSignaler({ ctx: contextePage(request), cible: c.segment, id: c.id, ...cible, message: '', erreurs: {} }));
  });

  app.post('/iprof/dossier/signaler/:cible/:id', connecte, async (request, reply) => {
    const c = cibleDe(request);
    const u = request.session!.utilisateur;
    const r = await signalements.signaler(u, c.type, c.id, request.body, deps.fichiersDe(request));
    if (!r.ok) {
      const cible = await signalements.cibleDuSignalement(u, c.type, c.id);
      const { message } = valeursSaisies(request.body, ['message']);
      return reply.html(PageSignaler({ ctx: contextePage(request), cible: c.segment, id: c.id, ...cible, message: message ?? '', erreurs: r.erreurs }), 400);
    }
    return reply.redirect(`${urlsDossier.monSignalement(r.id)}?fait=signalement-envoye`, 303);
  });

  app.get('/iprof/dossier/signalements/:id', connecte, async (request, reply) => {
    const { s, pieces } = await signalements.monSignalement(request.session!.utilisateur, idDe(request.params));
    return reply.html(PageMonSignalement({ ctx: contextePage(request), s, pieces, message: confirmation(request.query) }));
  });

  app.get('/iprof/pieces/:id', connecte, async (request, reply) => {
    const p = await signalements.piece(request.session!.utilisateur, idDe(request.params));
    return reply
      .header('content-type', p.type_contenu)
      .header('content-disposition', dispositionPiece(nomDeTelechargement(p.nom_fichier, p.type_contenu)))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(p.contenu);
  });

  app.get('/iprof/gestion/signalements', gestionnaire, async (request, reply) => {
    const brut = (request.query as Record<string, unknown>)?.statut;
    const statut: StatutSignalement = (STATUTS_SIGNALEMENT as readonly unknown[]).includes(brut) ? (brut as StatutSignalement) : 'EN_ATTENTE';
    const lignes = await signalements.file(request.session!.utilisateur, statut);
    return reply.html(PageFileSignalements({ ctx: contextePage(request), statut, lignes, message: confirmation(request.query) }));
  });

  app.get('/iprof/gestion/signalements/:id', gestionnaire, async (request, reply) => {
    const vue = await signalements.detail(request.session!.utilisateur, idDe(request.params));
    return reply.html(PageSignalementGestion({ ctx: contextePage(request), vue, correction: prerempli(vue), erreursCorrection: {}, motif: '', erreursRejet: {} }));
  });

  app.post('/iprof/gestion/signalements/:id/accepter', gestionnaire, async (request, reply) => {
    const id = idDe(request.params);
    const u = request.session!.utilisateur;
    const r = await signalements.accepter(u, id, request.body);
    if (!r.ok) {
      const vue = await signalements.detail(u, id);
      const saisie = valeursSaisies(request.body, CHAMPS_CORRECTION);
      return reply.html(PageSignalementGestion({ ctx: contextePage(request), vue, correction: saisie, erreursCorrection: r.erreurs, motif: '', erreursRejet: {} }), 400);
    }
    return reply.redirect(`${urlsDossier.gestionSignalements()}?fait=signalement-accepte`, 303);
  });

  app.post('/iprof/gestion/signalements/:id/rejeter', gestionnaire, async (request, reply) => {
    const id = idDe(request.params);
    const u = request.session!.utilisateur;
    const r = await signalements.rejeter(u, id, request.body);
    if (!r.ok) {
      const vue = await signalements.detail(u, id);
      const { motif } = valeursSaisies(request.body, ['motif']);
      return reply.html(PageSignalementGestion({ ctx: contextePage(request), vue, correction: prerempli(vue), erreursCorrection: {}, motif: motif ?? '', erreursRejet: r.erreurs }), 400);
    }
    return reply.redirect(`${urlsDossier.gestionSignalements()}?fait=signalement-rejete`, 303);
  });
}
