import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { analyserFormulaire, texte, valeursSaisies } from '../../shared/http/formulaire.ts';
import { z } from 'zod';
import { createDossierService, type VueDossier } from './dossier.service.ts';
import { createCvService } from './cv.service.ts';
import { createSignalementsService } from './signalements.service.ts';
import { createMessagesService } from './messages.service.ts';
import { createExportService } from './export.service.ts';
import { installerMultipart } from './multipart.ts';
import { ONGLETS, RUBRIQUE_DE_L_ONGLET, type Onglet } from './dossier.urls.ts';
import { CadreDossier, OngletConsultations, OngletIdentite, OngletSituation } from './dossier.views.tsx';
import { OngletAffectations, OngletFonctions } from './affectations.views.tsx';
import { OngletCv } from './cv.views.tsx';
import { OngletSignalements } from './signalements.views.tsx';
import { PageAgents } from './autres.views.tsx';
import { confirmation, parametre } from './http.ts';
import { cvRoutes } from './cv.routes.ts';
import { signalementsRoutes } from './signalements.routes.ts';
import { messagesRoutes } from './messages.routes.ts';

const PERSONNELS = ['GESTIONNAIRE', 'EVALUATEUR', 'AUTORITE'] as const;
const RECHERCHE = z.object({ q: texte('La recherche', { max: 100 }) });

function ongletDe(params: unknown, agent: boolean): Onglet {
  const o = parametre(params, 'onglet');
  if (!(ONGLETS as readonly string[]).includes(o) || o === 'identite' || (!agent && o === 'consultations')) throw new IntrouvableError();
  return o as Onglet;
}

function Contenu({ vue, csrf }: { vue: VueDossier; csrf: string }) {
  switch (vue.onglet) {
    case 'identite':
      return <OngletIdentite vue={vue} />;
    case 'situation':
      return <OngletSituation vue={vue} />;
    case 'affectations':
      return <OngletAffectations vue={vue} />;
    case 'fonctions':
      return <OngletFonctions vue={vue} />;
    case 'activites':
    case 'qualifications':
    case 'formations':
      return <OngletCv vue={vue} rubrique={RUBRIQUE_DE_L_ONGLET[vue.onglet]} csrf={csrf} />;
    case 'signalements':
      return <OngletSignalements vue={vue} />;
    case 'consultations':
      return <OngletConsultations vue={vue} />;
  }
}

/** I-Prof "Votre dossier": the agent's dossier and CV, error reports, staff reads, the mailbox and "Mes données". */
export function dossierRoutes(app: FastifyInstance, deps: { db: Database; clock: Clock }) {
  app.register(async (scope) => {
    const fichiersDe = await installerMultipart(scope);
    const dossier = createDossierService(deps);
    const services = {
      dossier,
      cv: createCvService(deps),
      signalements: createSignalementsService({ ...deps, dossier }),
      messages: createMessagesService(deps),
      export: createExportService(deps),
    };
    const connecte = { config: { acces: 'connecte' as const } };
    const personnels = { config: { acces: PERSONNELS } };

    const pageAgent = (onglet: Onglet) => async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
      const vue = await dossier.monDossier(request.session!.utilisateur, onglet);
      const ctx = contextePage(request);
      return reply.html(
        <CadreDossier ctx={ctx} vue={vue} onglet={onglet} message={confirmation(request.query)}>
          <Contenu vue={vue} csrf={ctx.csrf} />
        </CadreDossier>,
      );
    };
    scope.get('/iprof/dossier', connecte, pageAgent('identite'));
    scope.get('/iprof/dossier/:onglet', connecte, async (request, reply) => pageAgent(ongletDe(request.params, true))(request, reply));

    scope.get('/iprof/agents', personnels, async (request, reply) => {
      const f = analyserFormulaire(RECHERCHE, request.query);
      if (!f.ok) return reply.html(<PageAgents ctx={contextePage(request)} q={valeursSaisies(request.query, ['q']).q!.slice(0, 100)} erreur={f.erreurs.q ?? f.erreurs._formulaire} lignes={[]} />, 400);
      const lignes = await dossier.rechercher(request.session!.utilisateur, f.valeurs.q);
      return reply.html(<PageAgents ctx={contextePage(request)} q={f.valeurs.q} lignes={lignes} />);
    });

    const pagePersonnel = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply, onglet: Onglet) => {
      const agentId = parametre(request.params, 'agentId');
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(agentId)) throw new IntrouvableError();
      const vue = await dossier.dossierDe(request.session!.utilisateur, agentId, onglet);
      const ctx = contextePage(request);
      return reply.html(
        <CadreDossier ctx={ctx} vue={vue} onglet={onglet}>
          <Contenu vue={vue} csrf={ctx.csrf} />
        </CadreDossier>,
      );
    };
    scope.get('/iprof/agents/:agentId', personnels, (request, reply) => pagePersonnel(request, reply, 'identite'));
    scope.get('/iprof/agents/:agentId/:onglet', personnels, (request, reply) => pagePersonnel(request, reply, ongletDe(request.params, false)));

    cvRoutes(scope, services);
    signalementsRoutes(scope, { ...services, fichiersDe });
    messagesRoutes(scope, services);
  });
}
