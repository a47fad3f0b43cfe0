import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { analyserFormulaire, texte } from '../../shared/saisie.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { adresseDe, effacerCookieSession, poserCookieSession, type CookieNames, type SessionStore } from '../../shared/http/session.ts';
import { TropDeTentativesError } from '../../shared/errors.ts';
import { urls } from '../../shared/urls.ts';
import { retourSur } from './auth.rules.ts';
import { refusAJournaliser } from './limite-connexions.ts';
import type { AuthService } from './auth.service.ts';
import { LIENS_AIDE, PageAideConnexion, PageConnexion, RAISONS_CONNEXION, type LiensOublies, type RaisonConnexion, type VueConnexion } from './auth.views.tsx';
import type { ProConnectService } from './proconnect.service.ts';
import { lireIssueProConnect } from './proconnect.views.tsx';
import { cookiesOidc, poserCookieOidc } from './proconnect.routes.ts';

const formulaireConnexion = z
  .object({
    identifiant: texte('L’identifiant', { min: 1, max: 100 }),
    mot_de_passe: z.preprocess((v) => v ?? '', z.string({ error: 'Mot de passe : valeur invalide.' }).max(200, 'Le mot de passe ne doit pas dépasser 200 caractères.')),
    passcode: z.preprocess(
      (v) => (typeof v === 'string' ? v.replace(/\s/g, '') : (v ?? '')),
      z.string({ error: 'Passcode : valeur invalide.' }).max(20, 'Le passcode fait 10 chiffres.'),
    ),
  })
  .superRefine((f, ctx) => {
    if (f.mot_de_passe === '' && f.passcode === '') {
      ctx.addIssue({ code: 'custom', path: ['mot_de_passe'], message: 'Saisissez votre mot de passe, ou votre passcode OTP.' });
    } else if (f.mot_de_passe !== '' && f.passcode !== '') {
      ctx.addIssue({ code: 'custom', path: ['passcode'], message: 'Saisissez soit votre mot de passe, soit votre passcode OTP, pas les deux.' });
    } else if (f.passcode !== '' && !/^\d{10}$/.test(f.passcode)) {
      ctx.addIssue({ code: 'custom', path: ['passcode'], message: 'Le passcode OTP se compose de 10 chiffres : les 4 chiffres du code PIN puis les 6 chiffres de la clé.' });
    }
  });

export function authRoutes(
  app: FastifyInstance,
  deps: {
    auth: AuthService;
    sessions: SessionStore;
    cookies: CookieNames;
    cookieSecure: boolean;
    limiteConnexions: { max: number; fenetreMs: number };
    liensOublies?: { identifiant: string | null; motDePasse: string | null };
    proconnect?: ProConnectService | null;
    /** Passkeys: offered on the sign-in page when the request's relying party is known; the second factor's waiting room. */
    cleAcces: { disponible: (request: FastifyRequest) => boolean; attendreSecondFacteur: (reply: FastifyReply, compteId: string, premierFacteur: 'MOT_DE_PASSE' | 'OTP', retour: string | null) => Promise<void> };
  },
) {
  const { auth, sessions, cookies, cookieSecure } = deps;
  const proconnect = deps.proconnect ?? null;
  const nomsOidc = cookiesOidc(cookieSecure);
  const page = (request: FastifyRequest, v: Omit<VueConnexion, 'ctx' | 'liens' | 'cleAcces' | 'proconnect'>) =>
    PageConnexion({ ctx: contextePage(request), liens, cleAcces: deps.cleAcces.disponible(request), proconnect: proconnect !== null, ...v });
  const liens: LiensOublies = { identifiant: deps.liensOublies?.identifiant ?? LIENS_AIDE.identifiant, motDePasse: deps.liensOublies?.motDePasse ?? LIENS_AIDE.motDePasse };
  // The per-address limit, checked by hand (not through the route's `rateLimit` option) so that a refused post is
  // recorded in the sign-in log before the 429. It runs once the body is parsed (the log names the identifiant
  // typed) and before the CSRF check: every post counts.
  const limite = app.createRateLimit({ max: deps.limiteConnexions.max, timeWindow: deps.limiteConnexions.fenetreMs });
  const aJournaliser = refusAJournaliser();

  app.get('/', { config: { acces: 'public' } }, async (request, reply) => reply.redirect(request.session ? urls.portail() : urls.connexion(), 303));

  app.get('/connexion', { config: { acces: 'public' } }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const retour = retourSur(q.retour);
    if (request.session) return reply.redirect(retour ?? urls.portail(), 303);
    const raison = (RAISONS_CONNEXION as readonly unknown[]).includes(q.raison) ? (q.raison as RaisonConnexion) : null;
    const issueProConnect = lireIssueProConnect(q.proconnect);
    return reply.html(page(request, { identifiant: '', retour, erreurs: {}, echec: false, raison, issueProConnect }));
  });

  app.get('/connexion/aide', { config: { acces: 'public' } }, async (request, reply) => reply.html(PageAideConnexion({ ctx: contextePage(request) })));

  app.post(
    '/connexion',
    {
      config: { acces: 'public' },
      preValidation: async (request, reply) => {
        const l = await limite(request);
        if (l.isAllowed || !l.isExceeded) return;
        // The limiter's windows run on the process clock (its store's), so does this record of them.
        if (aJournaliser(l.key, Date.now(), l.ttl)) await auth.enregistrerRefusLimite(request.body, { adresse: adresseDe(request) });
        reply.header('retry-after', l.ttlInSeconds);
        throw new TropDeTentativesError(l.ttlInSeconds);
      },
    },
    async (request, reply) => {
      const corps = (request.body ?? {}) as Record<string, unknown>;
      const retour = retourSur(corps.retour);
      const identifiantSaisi = typeof corps.identifiant === 'string' ? corps.identifiant.slice(0, 100) : '';
      const f = analyserFormulaire(formulaireConnexion, corps);
      if (!f.ok) {
        return reply.html(page(request, { identifiant: identifiantSaisi, retour, erreurs: f.erreurs, echec: false, raison: null }), 400);
      }
      const { identifiant, mot_de_passe, passcode } = f.valeurs;
      // Session fixation: whatever session this browser had is dropped, and a new id is issued with the login.
      const nouvelle = sessions.preparer({ adresse: adresseDe(request), agentUtilisateur: request.headers['user-agent'], remplace: request.cookies[cookies.session] });
      const resultat = await auth.authentifier(
        passcode !== '' ? { methode: 'OTP', identifiant, passcode } : { methode: 'MOT_DE_PASSE', identifiant, motDePasse: mot_de_passe },
        { adresse: adresseDe(request) },
        nouvelle.ouverture,
      );
      if (!resultat.ok && resultat.motif === 'ANNUAIRE_INDISPONIBLE') {
        // Not the user's fault and nothing was checked: said as such (503), and one line for the operators.
        request.log.error({ panne: resultat.panne }, 'annuaire LDAP indisponible : connexion non vérifiée');
        reply.header('retry-after', 60);
        return reply.html(page(request, { identifiant, retour, erreurs: {}, echec: false, raison: null, indisponible: true }), 503);
      }
      if (!resultat.ok) {
        return reply.html(page(request, { identifiant, retour, erreurs: {}, echec: true, raison: null }), 401);
      }
      if (resultat.secondFacteur) {
        await deps.cleAcces.attendreSecondFacteur(reply, resultat.compteId, passcode !== '' ? 'OTP' : 'MOT_DE_PASSE', retour);
        return reply.redirect(urls.secondFacteur(), 303);
      }
      poserCookieSession(reply, cookies, cookieSecure, nouvelle.jeton);
      return reply.redirect(retour ?? urls.portail(), 303);
    },
  );

  app.post('/deconnexion', { config: { acces: 'connecte' } }, async (request, reply) => {
    const meta = { adresse: adresseDe(request) };
    // A session opened through ProConnect ends at ProConnect too: the browser goes there, and comes back with a state.
    const fin = proconnect ? await proconnect.deconnecter(request.session!.id, meta) : (await auth.deconnecter(request.session!.id, meta), { url: null, panne: null });
    effacerCookieSession(reply, cookies, cookieSecure);
    if (fin.url !== null) {
      poserCookieOidc(reply, nomsOidc.deconnexion, fin.state, cookieSecure);
      return reply.redirect(fin.url, 303);
    }
    if (fin.panne) request.log.error({ panne: fin.panne }, 'ProConnect injoignable : session ProConnect non fermée à la déconnexion');
    return reply.redirect(`${urls.connexion()}?raison=${fin.panne ? 'deconnexion-locale' : 'deconnexion'}`, 303);
  });
}
