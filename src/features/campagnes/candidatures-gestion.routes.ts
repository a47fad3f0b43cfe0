import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { analyserFormulaire, valeursSaisies } from '../../shared/saisie.ts';
import { idDe } from '../../shared/http/parametres.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { paginer } from '../admin/admin.rules.ts';
import { pageDemandee } from '../admin/admin.schemas.ts';
import { dispositionPiece } from '../../shared/pieces/pieces.rules.ts';
import type { Campagne, CampagneService } from './campagne.service.ts';
import { intituleCampagne } from './campagne.service.ts';
import type { StatutCandidature } from './candidature.machine.ts';
import { PageCandidatureGestion, PagePeriode, type VuePeriode } from './candidature-gestion.views.tsx';
import { CANDIDATURES_PAR_PAGE, STATUTS_DEPOSES, type CandidaturesGestionService } from './candidatures-gestion.service.ts';
import { PageCandidaturesGestion, PageRecevabilite, type SaisieFiltres } from './candidatures-gestion.views.tsx';
import { urlsCampagnes as u } from './campagnes.urls.ts';
import type { RecevabiliteService } from './recevabilite.service.ts';
import { filtresFile, filtresListe, formulaireDecision } from './recevabilite.schemas.ts';

const GESTION = { config: { acces: ['GESTIONNAIRE'] as const } };
const CHAMPS_FILTRES = ['q', 'statut', 'etablissement', 'piece'] as const;
const CHAMPS_DECISION = ['decision', 'motif', 'motif_texte'] as const;

const MESSAGES: Record<string, string> = {
  'periode-decidee': 'La décision sur la période est enregistrée.',
  'periode-inchangee': 'Cette décision était déjà enregistrée : rien n’a changé.',
  declaree: 'La candidature est déclarée et l’agent en est informé.',
};

/**
 * HR's pages of a campaign's candidatures (regime A): the list, the recevabilité queue, one candidature, one declared
 * period with its pièces shown in the page, the pièces themselves, and the decisions. The campaign is looked up within
 * the gestionnaire's perimetre first (404 otherwise); every other id of the URL is checked against its parent by the
 * service's own query.
 */
export function candidaturesGestionRoutes(app: FastifyInstance, deps: { campagnes: CampagneService; candidatures: CandidaturesGestionService; recevabilite: RecevabiliteService }) {
  const { campagnes, candidatures, recevabilite } = deps;
  const campagneDe = (request: FastifyRequest) => campagnes.trouverPour(request.session!.utilisateur, idDe(request.params, 'id'));
  const cidDe = (request: FastifyRequest) => idDe(request.params, 'cid');
  const pidDe = (request: FastifyRequest) => idDe(request.params, 'pid');
  const intitule = (c: Campagne) => ({ id: c.id, intitule: intituleCampagne(c), regime: c.regime });

  /** A list page: the filters read (400 with their messages and no rows when one is wrong), then one page of rows. */
  async function liste(request: FastifyRequest, reply: FastifyReply, file: boolean) {
    const c = await campagneDe(request);
    const user = request.session!.utilisateur;
    const saisie = valeursSaisies(request.query, CHAMPS_FILTRES) as SaisieFiltres;
    const f = analyserFormulaire(file ? filtresFile : filtresListe, request.query);
    const page = pageDemandee(request.query);
    const statuts: readonly StatutCandidature[] | null = f.ok && f.valeurs.statut !== '' ? [f.valeurs.statut] : file ? STATUTS_DEPOSES : null;
    const r = await candidatures.lister(user, c, {
      statuts,
      etablissement: f.ok && f.valeurs.etablissement !== '' ? f.valeurs.etablissement : null,
      pieceManquante: f.ok && f.valeurs.piece === 'manquante',
      q: f.ok ? f.valeurs.q : '',
      page,
    });
    const vue = {
      ctx: contextePage(request),
      campagne: intitule(c),
      saisie,
      erreurs: f.ok ? {} : f.erreurs,
      ...r,
      ...(f.ok ? {} : { lignes: [], pagination: paginer(0, 1, CANDIDATURES_PAR_PAGE) }),
    };
    const html = file ? PageRecevabilite({ ...vue, enExamen: c.statut === 'EN_EXAMEN' }) : PageCandidaturesGestion(vue);
    return reply.html(html, f.ok ? 200 : 400);
  }

  app.get(`${u.gestion()}/:id/candidatures`, GESTION, (request, reply) => liste(request, reply, false));
  app.get(`${u.gestion()}/:id/recevabilite`, GESTION, (request, reply) => liste(request, reply, true));

  app.get(`${u.gestion()}/:id/candidatures/:cid`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const d = await candidatures.detail(request.session!.utilisateur, c, cidDe(request));
    const fait = (request.query as Record<string, unknown>)?.fait;
    return reply.html(
      PageCandidatureGestion({
        ctx: contextePage(request),
        campagne: intitule(c),
        enExamen: c.statut === 'EN_EXAMEN',
        ...d,
        message: typeof fait === 'string' ? (MESSAGES[fait] ?? null) : null,
      }),
    );
  });

  async function pagePeriode(request: FastifyRequest, saisie: VuePeriode['saisie'], erreurs: Record<string, string>) {
    const c = await campagneDe(request);
    const d = await candidatures.periode(request.session!.utilisateur, c, cidDe(request), pidDe(request));
    return PagePeriode({ ctx: contextePage(request), campagne: intitule(c), enExamen: c.statut === 'EN_EXAMEN', ...d, saisie, erreurs });
  }

  app.get(`${u.gestion()}/:id/candidatures/:cid/periodes/:pid`, GESTION, async (request, reply) => reply.html(await pagePeriode(request, { decision: '', motif: '', motif_texte: '' }, {})));

  app.post(`${u.gestion()}/:id/candidatures/:cid/periodes/:pid/decider`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const f = analyserFormulaire(formulaireDecision, request.body);
    if (!f.ok) return reply.html(await pagePeriode(request, valeursSaisies(request.body, CHAMPS_DECISION) as VuePeriode['saisie'], f.erreurs), 400);
    const cid = cidDe(request);
    const pid = pidDe(request);
    const r = await recevabilite.deciderPeriode(request.session!.utilisateur, c.id, cid, pid, f.valeurs);
    return reply.redirect(`${u.candidatureGestion(c.id, cid)}?fait=${r.change ? 'periode-decidee' : 'periode-inchangee'}#periode-${pid}`, 303);
  });

  app.post(`${u.gestion()}/:id/candidatures/:cid/declarer`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const cid = cidDe(request);
    await recevabilite.declarer(request.session!.utilisateur, c.id, cid);
    return reply.redirect(`${u.candidatureGestion(c.id, cid)}?fait=declaree`, 303);
  });

  /**
   * A pièce shown in the browser (inline): its type was read from its bytes at upload (PDF, JPEG, PNG only) and is
   * never sniffed. The page frames the PDF viewer, hence a CSP of its own: same-origin framing (the global one forbids
   * it), and for a PDF nothing else (a sandbox or `default-src 'none'` blocks the PDF viewer of some browsers, ADR 10).
   */
  app.get(`${u.gestion()}/:id/candidatures/:cid/pieces/:pid`, GESTION, async (request, reply) => {
    const c = await campagneDe(request);
    const p = await candidatures.piece(request.session!.utilisateur, c, cidDe(request), pidDe(request));
    return reply
      .type(p.type_contenu)
      .header('content-disposition', dispositionPiece(p.nom_fichier).replace(/^attachment/, 'inline'))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', p.type_contenu === 'application/pdf' ? "frame-ancestors 'self'" : "default-src 'none'; frame-ancestors 'self'; sandbox")
      .header('cache-control', 'private, no-store')
      .send(p.contenu);
  });
}
