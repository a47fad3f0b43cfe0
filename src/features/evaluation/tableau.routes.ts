import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { analyserFormulaire, valeursSaisies } from '../../shared/saisie.ts';
import { idDe, parametre } from '../../shared/http/parametres.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { RegleMetierError } from '../../shared/errors.ts';
import { TYPES_MIME, ecrireTableur, type FormatTableur } from '../../shared/tableurs/tableur.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { saisieParisVersInstant, instantVersSaisieParis } from '../admin/bandeaux.rules.ts';
import { messageConfirmation } from '../admin/admin.schemas.ts';
import { estPartiel } from '../dossier/perimetre.rules.ts';
import { intituleCampagne, type Campagne, type CampagneService } from '../campagnes/campagne.service.ts';
import { feuillesTableau } from './tableau.ts';
import { AVANT_CLOTURE, type Simulation, type TableauService } from './tableau-arrete.service.ts';
import { mouvements, pageDuTableau } from './tableau-vue.rules.ts';
import { CHAMPS_SIMULATION, CHAMPS_VUE, formulaireArrete, formulaireReouverture, simulationTableau, vueTableau } from './tableau.schemas.ts';
import { htmlDesLignes, PageTableau, PageTableaux } from './tableau.views.tsx';
import { urlsTableau as u } from './tableau.urls.ts';

const LECTURE = { config: { acces: ['GESTIONNAIRE', 'AUTORITE'] as const } };
const AUTORITE = { config: { acces: ['AUTORITE'] as const } };
const FORMAT_DATE = 'Date et heure attendues au format JJ/MM/AAAA HH:MM, heure de Paris (par exemple 15/06/2027 09:00).';

const MESSAGES: Record<string, string> = {
  arrete: 'Le tableau est arrêté : il ne changera plus, sauf réouverture.',
  rouvert: 'Le tableau est rouvert : l’examen reprend.',
  publication: 'La date de publication est enregistrée.',
  publie: 'Le tableau est publié : chaque agent lit son résultat dans I-Prof.',
};

/**
 * The promotion table of a campaign for the gestionnaire and the autorité: the page (computed, or the arrêté snapshot),
 * its exports, the simulation (GET, nothing saved), and the autorité's arrêté, publication date and reopening. The
 * campaign is looked up within the reader's perimetre first (404 otherwise).
 */
export function tableauRoutes(app: FastifyInstance, deps: { campagnes: CampagneService; tableaux: TableauService; publierSiEchue?: (campagneId: string) => Promise<unknown> }) {
  const { campagnes, tableaux } = deps;
  const campagneDe = (request: FastifyRequest) => campagnes.trouverPour(request.session!.utilisateur, idDe(request.params, 'id'));

  /** The simulation of the address, or null when none is asked; its errors (400). */
  function simulationDe(request: FastifyRequest, c: Campagne): { sim: Simulation | null; erreurs: Record<string, string> } {
    const f = analyserFormulaire(simulationTableau, request.query);
    if (!f.ok) return { sim: null, erreurs: f.erreurs };
    const v = f.valeurs;
    const erreurs: Record<string, string> = {};
    if (v.sim_tous && (!reglesPour(c.annee).candidatureRequise || !AVANT_CLOTURE.includes(c.statut)))
      erreurs.sim_tous = 'Prendre chaque agent du vivier 1 comme candidat n’est possible qu’avant la clôture d’une campagne à candidature (régime A).';
    if (v.sim_ratio !== null && c.regime !== 'C') erreurs.sim_ratio = 'Le taux de promotion ne concerne que les campagnes sans viviers (régime C).';
    if (v.sim_part !== null && c.regime === 'C') erreurs.sim_part = 'La part du vivier 2 ne concerne que les campagnes par viviers (régimes A et B).';
    for (const k of ['sim_exc1', 'sim_exc2'] as const)
      if (v[k] !== null && c.regime === 'C') erreurs[k] = 'Le quota « Excellent » ne concerne que les campagnes à appréciations (régimes A et B).';
    if (Object.keys(erreurs).length > 0) return { sim: null, erreurs };
    const vide = v.sim_p === null && v.sim_part === null && v.sim_exc1 === null && v.sim_exc2 === null && v.sim_ratio === null && !v.sim_tous;
    return { sim: vide ? null : { promotions: v.sim_p, partV2: v.sim_part, ratio: v.sim_ratio, tousCandidats: v.sim_tous, partExcellentV1: v.sim_exc1, partExcellentV2: v.sim_exc2 }, erreurs: {} };
  }

  async function page(request: FastifyRequest, reply: FastifyReply, extra: { erreurs?: Record<string, string>; formulaire?: { publication: string; motif: string } } = {}) {
    const user = request.session!.utilisateur;
    // One statement for the campaign, its current table and its history.
    const { campagne: c, tableaux: historique } = await tableaux.campagneEtTableaux(user, parametre(request.params, 'id'));
    const saisie = valeursSaisies(request.query, [...CHAMPS_VUE, ...CHAMPS_SIMULATION, 'page']);
    const fv = analyserFormulaire(vueTableau, request.query);
    const s = simulationDe(request, c);
    const erreursUrl = { ...(fv.ok ? {} : fv.erreurs), ...s.erreurs };
    const vue = fv.ok ? fv.valeurs : { page: 1, tri: 'rang' as const, sens: 'asc' as const, vivier: null, promu: null, q: '' };
    const [actuel, visible] = await Promise.all([tableaux.actuel(c, historique), tableaux.visiblePour(user, c)]);
    const simule = s.sim ? await tableaux.simule(c, s.sim) : null;
    const montre = simule && !simule.erreur ? simule : actuel;
    const vide = { lignes: [], pagination: { page: 1, pages: 1, decalage: 0, parPage: 50, total: 0 } };
    // A page of the whole table (no simulation beside it, no partial perimetre) depends on the table and the view only:
    // its lines and their HTML are kept with the table, so that the first page under load is not redone each time.
    const commune = !simule && !visible;
    const cleVue = JSON.stringify(vue);
    const calculerPage = () => pageDuTableau(montre.tableau, montre.ordre(vue.tri), vue, visible, montre.coupures());
    const lignes = Object.keys(erreursUrl).length > 0 ? vide : commune ? montre.memo(`page:${cleVue}`, calculerPage) : calculerPage();
    const lignesHtml = commune && lignes.lignes.length > 0 ? montre.memo(`html:${cleVue}`, () => htmlDesLignes(lignes.lignes, c.regime)) : null;
    const mv = simule && !simule.erreur ? mouvements(actuel.tableau, simule.tableau) : null;
    const html = PageTableau({
      ctx: contextePage(request),
      campagne: { id: c.id, intitule: intituleCampagne(c), regime: c.regime as 'A' | 'B' | 'C', statut: c.statut, publicationLe: c.publication_le, publieeLe: c.publiee_le },
      source: actuel.source,
      versionRegles: actuel.versionRegles,
      empreinte: actuel.empreinte,
      mode: actuel.mode,
      erreur: actuel.erreur,
      avisIncomplets: actuel.avisIncomplets,
      resume: actuel.resume(),
      partiel: estPartiel(user.perimetre),
      page: lignes,
      lignesHtml,
      saisie,
      erreurs: { ...erreursUrl, ...(extra.erreurs ?? {}) },
      simulation: simule
        ? {
            resume: simule.resume(),
            erreur: simule.erreur,
            quotas: simule.quotasSimules,
            entrent: (mv?.entrent ?? []).filter((l) => !visible || visible(l.agent_id)),
            sortent: (mv?.sortent ?? []).filter((l) => !visible || visible(l.agent_id)),
            promusActuels: new Set(actuel.tableau.lignes.filter((l) => l.promu).map((l) => l.agent_id)),
          }
        : null,
      simulationTousPossible: reglesPour(c.annee).candidatureRequise && AVANT_CLOTURE.includes(c.statut),
      autorite: user.roles.includes('AUTORITE'),
      gestionnaire: user.roles.includes('GESTIONNAIRE'),
      historique,
      formulaire: extra.formulaire ?? { publication: c.publication_le ? instantVersSaisieParis(c.publication_le) : '', motif: '' },
      message: messageConfirmation(request.query, MESSAGES),
    });
    return reply.html(html, Object.keys(erreursUrl).length > 0 || extra.erreurs ? 400 : 200);
  }

  app.get(u.tableaux(), LECTURE, async (request, reply) => {
    const liste = await campagnes.listerPour(request.session!.utilisateur);
    return reply.html(PageTableaux({ ctx: contextePage(request), campagnes: liste.map((c) => ({ id: c.id, intitule: intituleCampagne(c), statut: c.statut })) }));
  });

  app.get('/iprof/gestion/campagnes/:id/tableau', LECTURE, (request, reply) => page(request, reply));

  app.get<{ Params: { id: string; format: string } }>('/iprof/gestion/campagnes/:id/tableau.:format', LECTURE, async (request, reply) => {
    const format = request.params.format;
    if (format !== 'csv' && format !== 'xlsx' && format !== 'ods') return reply.callNotFound();
    const c = await campagneDe(request);
    const s = simulationDe(request, c);
    if (Object.keys(s.erreurs).length > 0) throw new RegleMetierError('SIMULATION_INVALIDE', Object.values(s.erreurs).join(' '));
    const t = s.sim ? await tableaux.simule(c, s.sim) : await tableaux.actuel(c);
    if (t.erreur) throw new RegleMetierError('TABLEAU_INCALCULABLE', t.erreur);
    const visible = await tableaux.visiblePour(request.session!.utilisateur, c);
    const tableau = visible ? { ...t.tableau, lignes: t.tableau.lignes.filter((l) => visible(l.agent_id)) } : t.tableau;
    const flux = new PassThrough();
    const feuilles = feuillesTableau(tableau, { corps: c.corps, regles: reglesPour(c.annee), mode: s.sim ? `simulation : ${t.mode}` : t.mode, donnees: t.donnees });
    ecrireTableur(flux, format as FormatTableur, feuilles).then(
      () => flux.end(),
      (err: unknown) => flux.destroy(err as Error),
    );
    const nom = `tableau-${c.corps}-${c.annee}${s.sim ? '-simulation' : ''}.${format}`;
    return reply.type(TYPES_MIME[format as FormatTableur]).header('content-disposition', `attachment; filename="${nom}"`).send(flux);
  });

  /** A Paris date-time field → an instant, or the field's error. */
  function instantDe(saisie: string): { ok: true; instant: Date } | { ok: false; erreur: string } {
    const r = saisieParisVersInstant(saisie);
    if (r.ok) return { ok: true, instant: r.instant };
    return { ok: false, erreur: r.raison === 'HEURE_INEXISTANTE' ? 'Cette heure n’existe pas à Paris (passage à l’heure d’été).' : FORMAT_DATE };
  }

  app.post('/iprof/gestion/campagnes/:id/tableau/arreter', AUTORITE, async (request, reply) => {
    const c = await campagneDe(request);
    const saisie = valeursSaisies(request.body, ['publication']);
    const f = analyserFormulaire(formulaireArrete, request.body);
    const d = f.ok ? instantDe(f.valeurs.publication) : null;
    if (!f.ok || !d?.ok) return page(request, reply, { erreurs: f.ok ? { publication: (d as { erreur: string }).erreur } : f.erreurs, formulaire: { publication: saisie.publication!, motif: '' } });
    await tableaux.arreter(request.session!.utilisateur, c, d.instant, request.recueLe);
    // A publication date already reached is applied now, through the scheduler's own step (once, locked).
    if (d.instant.getTime() <= request.recueLe.getTime()) await deps.publierSiEchue?.(c.id);
    return reply.redirect(u.tableau(c.id, { fait: d.instant.getTime() <= request.recueLe.getTime() ? 'publie' : 'arrete' }), 303);
  });

  app.post('/iprof/gestion/campagnes/:id/tableau/publication', AUTORITE, async (request, reply) => {
    const c = await campagneDe(request);
    const saisie = valeursSaisies(request.body, ['publication']);
    const f = analyserFormulaire(formulaireArrete, request.body);
    const d = f.ok ? instantDe(f.valeurs.publication) : null;
    if (!f.ok || !d?.ok) return page(request, reply, { erreurs: f.ok ? { publication: (d as { erreur: string }).erreur } : f.erreurs, formulaire: { publication: saisie.publication!, motif: '' } });
    await tableaux.fixerPublication(request.session!.utilisateur, c, d.instant, request.recueLe);
    if (d.instant.getTime() <= request.recueLe.getTime()) await deps.publierSiEchue?.(c.id);
    return reply.redirect(u.tableau(c.id, { fait: 'publication' }), 303);
  });

  app.post('/iprof/gestion/campagnes/:id/tableau/rouvrir', AUTORITE, async (request, reply) => {
    const c = await campagneDe(request);
    const f = analyserFormulaire(formulaireReouverture, request.body);
    if (!f.ok) return page(request, reply, { erreurs: f.erreurs, formulaire: { publication: '', motif: valeursSaisies(request.body, ['motif']).motif! } });
    await tableaux.rouvrir(request.session!.utilisateur, c, f.valeurs.motif);
    return reply.redirect(u.tableau(c.id, { fait: 'rouvert' }), 303);
  });
}
