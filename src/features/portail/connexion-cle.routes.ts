import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contextePage } from '../../shared/http/plumbing.ts';
import { adresseDe, idSession, jetonAleatoire, poserCookieSession, type CookieNames, type SessionStore } from '../../shared/http/session.ts';
import { urls } from '../../shared/urls.ts';
import { retourSur } from './auth.rules.ts';
import type { ClesAccesService, MotifRefusCle, PartieConfiante } from './cles-acces.service.ts';
import { DUREE_DEFI_MS } from './securite.rules.ts';
import { MESSAGE_REFUS_CLE, PageSecondFacteur } from './securite.views.tsx';

/** The cookie that binds a challenge to this browser before sign-in (the database keeps its digest). */
export function nomCookieDefi(secure: boolean): string {
  return secure ? '__Host-vivier_webauthn' : 'vivier_webauthn';
}

const MESSAGE_ATTENTE_EXPIREE = 'Votre connexion a expiré ou a déjà servi : saisissez de nouveau votre mot de passe ou votre passcode.';

/** A refused passkey sign-in goes back to the sign-in page (post/redirect/get), which says why by this code. */
function raisonRefus(motif: MotifRefusCle): 'cle-expiree' | 'cle-acces' {
  return motif === 'DEFI_EXPIRE' ? 'cle-expiree' : 'cle-acces';
}

function connexionRefusee(raison: 'cle-expiree' | 'cle-acces', retour: string | null): string {
  const q = new URLSearchParams({ raison });
  if (retour) q.set('retour', retour);
  return `${urls.connexion()}?${q.toString()}`;
}

/**
 * Sign-in with a passkey: alone (POST /connexion/cle-acces, the passkey names the account), or as the second step of a
 * sign-in whose account requires it (/connexion/second-facteur, opened by POST /connexion). The options are asked
 * by the page's script (JSON, CSRF in the header); the answer comes back as a form post and gets a page.
 */
export function connexionCleRoutes(
  app: FastifyInstance,
  deps: {
    cles: ClesAccesService;
    sessions: SessionStore;
    cookies: CookieNames;
    cookieSecure: boolean;
    partie: (r: FastifyRequest) => PartieConfiante | null;
  },
) {
  const { cles, sessions, cookies, cookieSecure, partie } = deps;
  const cookieDefi = nomCookieDefi(cookieSecure);
  const publique = { config: { acces: 'public' as const } };

  function nouveauLien(reply: FastifyReply): string {
    const nouveau = jetonAleatoire();
    reply.setCookie(cookieDefi, nouveau, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure, maxAge: Math.ceil(DUREE_DEFI_MS / 1000) });
    return idSession(nouveau);
  }

  /** This browser's challenge binding, made if it has none yet (options) or read only (answers: null if none). */
  function lien(request: FastifyRequest, reply: FastifyReply | null): string | null {
    const jeton = request.cookies[cookieDefi];
    if (jeton && jeton.length === 43) return idSession(jeton);
    return reply ? nouveauLien(reply) : null;
  }

  function corps(request: FastifyRequest, nom: string): string {
    const v = (request.body as Record<string, unknown> | null | undefined)?.[nom];
    return typeof v === 'string' ? v : '';
  }

  async function connecter(usage: 'CONNEXION' | 'SECOND_FACTEUR', request: FastifyRequest, reply: FastifyReply) {
    const rp = partie(request);
    const l = lien(request, null);
    const retourSaisi = retourSur(corps(request, 'retour'));
    if (!rp || !l) {
      return usage === 'CONNEXION' ? reply.redirect(connexionRefusee('cle-expiree', retourSaisi), 303) : reply.html(PageSecondFacteur({ ctx: contextePage(request), message: MESSAGE_ATTENTE_EXPIREE }), 400);
    }
    const nouvelle = sessions.preparer({ adresse: adresseDe(request), agentUtilisateur: request.headers['user-agent'], remplace: request.cookies[cookies.session] });
    const r = await cles.connecter(usage, l, rp, corps(request, 'reponse'), { adresse: adresseDe(request) }, nouvelle.ouverture);
    if (!r.ok) {
      if (usage === 'CONNEXION') return reply.redirect(connexionRefusee(raisonRefus(r.motif), retourSaisi), 303);
      // The pending sign-in was used up by this answer: back to the password.
      return reply.html(PageSecondFacteur({ ctx: contextePage(request), message: r.motif === 'DEFI_EXPIRE' ? MESSAGE_ATTENTE_EXPIREE : `${MESSAGE_REFUS_CLE} ${MESSAGE_ATTENTE_EXPIREE}` }), 401);
    }
    reply.clearCookie(cookieDefi, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure });
    poserCookieSession(reply, cookies, cookieSecure, nouvelle.jeton);
    const retour = usage === 'CONNEXION' ? retourSaisi : retourSur(r.retour);
    return reply.redirect(retour ?? urls.portail(), 303);
  }

  app.post('/connexion/cle-acces/options', publique, async (request, reply) => {
    const rp = partie(request);
    if (!rp) return reply.code(409).send({ erreur: 'Les clés d’accès ne sont pas configurées sur ce serveur.' });
    return reply.send(await cles.optionsConnexion(lien(request, reply)!, rp));
  });

  app.post('/connexion/cle-acces', publique, async (request, reply) => connecter('CONNEXION', request, reply));

  app.get('/connexion/second-facteur', publique, async (request, reply) => {
    const l = lien(request, null);
    const enAttente = l !== null && (await cles.secondFacteurEnAttente(l));
    if (!enAttente) return reply.redirect(urls.connexion(), 303);
    return reply.html(PageSecondFacteur({ ctx: contextePage(request), message: null }));
  });

  app.post('/connexion/second-facteur/options', publique, async (request, reply) => {
    const rp = partie(request);
    const l = lien(request, null);
    const options = rp && l ? await cles.optionsSecondFacteur(l, rp) : null;
    if (!options) return reply.code(409).send({ erreur: MESSAGE_ATTENTE_EXPIREE });
    return reply.send(options);
  });

  app.post('/connexion/second-facteur', publique, async (request, reply) => connecter('SECOND_FACTEUR', request, reply));

  return {
    /** After a right password or passcode on an account that requires a passkey: the sign-in waits for it. */
    async attendreSecondFacteur(reply: FastifyReply, compteId: string, premierFacteur: 'MOT_DE_PASSE' | 'OTP', retour: string | null): Promise<void> {
      await cles.attendreSecondFacteur(nouveauLien(reply), compteId, premierFacteur, retour);
    },
  };
}

export type ConnexionCle = ReturnType<typeof connexionCleRoutes>;
