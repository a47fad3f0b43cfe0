import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { analyserFormulaire, texte } from '../../shared/saisie.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { adresseDe, poserCookieSession, type CookieNames, type SessionStore } from '../../shared/http/session.ts';
import { TropDeTentativesError } from '../../shared/errors.ts';
import { urls } from '../../shared/urls.ts';
import { retourSur } from './auth.rules.ts';
import { PageConnexion } from './auth.views.tsx';
import { FournisseurIndisponibleError, CHEMINS_OIDC } from './proconnect.ts';
import type { ProConnectService } from './proconnect.service.ts';
import { PageConfirmationProConnect, type IssueProConnect } from './proconnect.views.tsx';

/** The browser's half of a request sent to the provider (its state) and of an identity waiting for confirmation. */
export function cookiesOidc(secure: boolean) {
  return secure
    ? { connexion: '__Host-vivier_oidc', deconnexion: '__Host-vivier_oidc_fin', liaison: '__Host-vivier_oidc_liaison' }
    : { connexion: 'vivier_oidc', deconnexion: 'vivier_oidc_fin', liaison: 'vivier_oidc_liaison' };
}

/** SameSite=Lax: the provider sends the browser back by a top-level GET, which carries Lax cookies. 10 minutes at most. */
export function poserCookieOidc(reply: FastifyReply, nom: string, valeur: string, secure: boolean): void {
  reply.setCookie(nom, valeur, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 600 });
}

function effacerCookieOidc(reply: FastifyReply, nom: string, secure: boolean): void {
  reply.clearCookie(nom, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

const formulaireConfirmation = z
  .object({
    identifiant: texte('L’identifiant', { min: 1, max: 100 }),
    mot_de_passe: z.preprocess((v) => v ?? '', z.string({ error: 'Mot de passe : valeur invalide.' }).max(200, 'Le mot de passe ne doit pas dépasser 200 caractères.')),
    passcode: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\s/g, '') : (v ?? '')), z.string({ error: 'Passcode : valeur invalide.' }).max(20, 'Le passcode fait 10 chiffres.')),
  })
  .superRefine((f, ctx) => {
    if (f.mot_de_passe === '' && f.passcode === '') ctx.addIssue({ code: 'custom', path: ['mot_de_passe'], message: 'Saisissez votre mot de passe, ou votre passcode OTP.' });
    else if (f.mot_de_passe !== '' && f.passcode !== '') ctx.addIssue({ code: 'custom', path: ['passcode'], message: 'Saisissez soit votre mot de passe, soit votre passcode OTP, pas les deux.' });
    else if (f.passcode !== '' && !/^\d{10}$/.test(f.passcode)) ctx.addIssue({ code: 'custom', path: ['passcode'], message: 'Le passcode OTP se compose de 10 chiffres : les 4 chiffres du code PIN puis les 6 chiffres de la clé.' });
  });

/**
 * ProConnect's routes: the button's post (to the provider), the callback, the confirmation of an unknown e-mail and the
 * return after the provider's logout (the logout itself is POST /deconnexion, auth.routes.ts). Each answer that is not a
 * session redirects to the sign-in page with a French message: a reload or Back never replays a code.
 */
export function proconnectRoutes(
  app: FastifyInstance,
  deps: { proconnect: ProConnectService; sessions: SessionStore; cookies: CookieNames; cookieSecure: boolean; limiteConnexions: { max: number; fenetreMs: number } },
) {
  const { proconnect, sessions, cookies, cookieSecure } = deps;
  const noms = cookiesOidc(cookieSecure);
  // The per-address limit of the password login applies to every ProConnect step that costs the provider or the database.
  const limite = app.createRateLimit({ max: deps.limiteConnexions.max, timeWindow: deps.limiteConnexions.fenetreMs });
  const limiter = async (request: FastifyRequest, reply: FastifyReply) => {
    const l = await limite(request);
    if (l.isAllowed || !l.isExceeded) return;
    reply.header('retry-after', l.ttlInSeconds);
    throw new TropDeTentativesError(l.ttlInSeconds);
  };
  const versConnexion = (reply: FastifyReply, issue: IssueProConnect) => reply.redirect(`${urls.connexion()}?proconnect=${issue}`, 303);

  app.post(urls.connexionProConnect(), { config: { acces: 'public' }, preValidation: limiter }, async (request, reply) => {
    const retour = retourSur(((request.body ?? {}) as Record<string, unknown>).retour);
    try {
      const d = await proconnect.commencer(retour);
      poserCookieOidc(reply, noms.connexion, d.state, cookieSecure);
      return reply.redirect(d.url, 303);
    } catch (e) {
      if (!(e instanceof FournisseurIndisponibleError)) throw e;
      request.log.error({ panne: e.message }, 'ProConnect indisponible : connexion non commencée');
      reply.header('retry-after', 60);
      return reply.html(
        PageConnexion({ ctx: contextePage(request), identifiant: '', retour, erreurs: {}, echec: false, raison: null, proconnect: true, issueProConnect: 'indisponible' }),
        503,
      );
    }
  });

  app.get(CHEMINS_OIDC.retour, { config: { acces: 'public' }, preValidation: limiter }, async (request, reply) => {
    const parametres = new URL(request.url, 'http://vivier.invalid').searchParams;
    const nouvelle = sessions.preparer({ adresse: adresseDe(request), agentUtilisateur: request.headers['user-agent'], remplace: request.cookies[cookies.session] });
    const r = await proconnect.retour(parametres, request.cookies[noms.connexion], { adresse: adresseDe(request) }, nouvelle.ouverture);
    effacerCookieOidc(reply, noms.connexion, cookieSecure);
    if (r.ok) {
      poserCookieSession(reply, cookies, cookieSecure, nouvelle.jeton);
      return reply.redirect(r.retour ?? urls.portail(), 303);
    }
    switch (r.motif) {
      case 'A_CONFIRMER':
        poserCookieOidc(reply, noms.liaison, r.jeton, cookieSecure);
        return reply.redirect(urls.connexionProConnectConfirmation(), 303);
      case 'INDISPONIBLE':
        request.log.error({ panne: r.panne }, 'ProConnect indisponible : connexion non vérifiée');
        return versConnexion(reply, 'indisponible');
      case 'REFUSE':
        request.log.warn({ raison: r.raison }, 'ProConnect : réponse refusée');
        return versConnexion(reply, 'refuse');
      default:
        return versConnexion(reply, 'compte');
    }
  });

  app.get(urls.connexionProConnectConfirmation(), { config: { acces: 'public' } }, async (request, reply) => {
    const l = await proconnect.liaison(request.cookies[noms.liaison]);
    if (!l) return versConnexion(reply, 'expire');
    return reply.html(PageConfirmationProConnect({ ctx: contextePage(request), courriel: l.courriel, nom: l.nom, identifiant: '', erreurs: {}, echec: false }));
  });

  app.post(urls.connexionProConnectConfirmation(), { config: { acces: 'public' }, preValidation: limiter }, async (request, reply) => {
    const jeton = request.cookies[noms.liaison];
    const l = await proconnect.liaison(jeton);
    if (!l) return versConnexion(reply, 'expire');
    const corps = (request.body ?? {}) as Record<string, unknown>;
    const identifiantSaisi = typeof corps.identifiant === 'string' ? corps.identifiant.slice(0, 100) : '';
    const vue = { ctx: contextePage(request), courriel: l.courriel, nom: l.nom, identifiant: identifiantSaisi, erreurs: {}, echec: false };
    const f = analyserFormulaire(formulaireConfirmation, corps);
    if (!f.ok) return reply.html(PageConfirmationProConnect({ ...vue, erreurs: f.erreurs }), 400);
    const { identifiant, mot_de_passe, passcode } = f.valeurs;
    const nouvelle = sessions.preparer({ adresse: adresseDe(request), agentUtilisateur: request.headers['user-agent'], remplace: request.cookies[cookies.session] });
    const r = await proconnect.confirmer(
      jeton,
      passcode !== '' ? { methode: 'OTP', identifiant, passcode } : { methode: 'MOT_DE_PASSE', identifiant, motDePasse: mot_de_passe },
      { adresse: adresseDe(request) },
      nouvelle.ouverture,
    );
    if (r.ok) {
      effacerCookieOidc(reply, noms.liaison, cookieSecure);
      poserCookieSession(reply, cookies, cookieSecure, nouvelle.jeton);
      return reply.redirect(('retour' in r ? r.retour : null) ?? urls.portail(), 303);
    }
    if (r.motif === 'LIAISON_EXPIREE') return versConnexion(reply, 'expire');
    if (r.motif === 'ANNUAIRE_INDISPONIBLE') {
      request.log.error({ panne: 'panne' in r ? r.panne : undefined }, 'annuaire LDAP indisponible : confirmation ProConnect non vérifiée');
      reply.header('retry-after', 60);
      return reply.html(PageConfirmationProConnect({ ...vue, indisponible: true }), 503);
    }
    return reply.html(PageConfirmationProConnect({ ...vue, echec: true }), 401);
  });

  app.get(CHEMINS_OIDC.retourDeconnexion, { config: { acces: 'public' } }, async (request, reply) => {
    const state = new URL(request.url, 'http://vivier.invalid').searchParams.get('state');
    const ok = await proconnect.retourDeconnexion(state, request.cookies[noms.deconnexion], { adresse: adresseDe(request) });
    effacerCookieOidc(reply, noms.deconnexion, cookieSecure);
    return reply.redirect(`${urls.connexion()}?raison=${ok ? 'deconnexion' : 'deconnexion-non-verifiee'}`, 303);
  });
}
