import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { egauxEnTempsConstant, idSession, jetonAleatoire } from '../../shared/http/session.ts';
import { estVerrouille } from './auth.rules.ts';
import * as authRepo from './auth.repository.ts';
import type { AuthService, Identification } from './auth.service.ts';
import { FournisseurIndisponibleError, type FournisseurOidc } from './proconnect.ts';
import { demandeEchue, DUREES_OIDC, nomAffiche, type IdentiteOidc } from './proconnect.rules.ts';
import * as repo from './proconnect.repository.ts';

/** Why a ProConnect sign-in did not open a session (recorded in the sign-in log; the user sees one message per kind). */
export type IssueRetour =
  | { ok: true; compteId: string; retour: string | null }
  /** Vivier does not know the e-mail (or it is an account's with a local password): the person confirms their account. */
  | { ok: false; motif: 'A_CONFIRMER'; jeton: string }
  | { ok: false; motif: 'INDISPONIBLE'; panne: string }
  | { ok: false; motif: 'REFUSE'; raison: string }
  | { ok: false; motif: 'COMPTE_INACTIF' | 'COMPTE_VERROUILLE' };

/**
 * The ProConnect sign-in: the request sent (state, nonce and PKCE verifier kept server-side under the digest of the
 * state; the state also in a cookie of the browser), the answer checked, the identity linked to an account (by its
 * link, else by e-mail, else by the person's confirmation), the session opened in the login's own statement, and the
 * logout at the provider.
 */
export function createProConnectService(deps: { db: Database; clock: Clock; fournisseur: FournisseurOidc; auth: AuthService }) {
  const { db, clock, fournisseur, auth } = deps;
  const cle = (i: IdentiteOidc) => ({ emetteur: i.emetteur, idpId: i.idpId, sub: i.sub });

  async function tentative(t: { identifiant: string; compteId: string | null; resultat: string; adresse: string }): Promise<void> {
    await authRepo.enregistrerTentative(db, { le: clock.now(), identifiantSaisi: t.identifiant, compteId: t.compteId, methode: 'PROCONNECT', resultat: t.resultat, adresse: t.adresse });
  }

  /** Opens the session of a linked account: the login's statement (counters, log, session), then the ID token kept. */
  async function ouvrir(compteId: string, i: IdentiteOidc, meta: { adresse: string }, session: authRepo.OuvertureSession, le: Date): Promise<void> {
    await authRepo.reussirConnexion(db, compteId, le, { identifiantSaisi: i.courriel, methode: 'PROCONNECT', adresse: meta.adresse }, session);
    await repo.memoriserIdToken(db, session.id, i.idToken);
  }

  return {
    emetteur: fournisseur.emetteur,
    origine: fournisseur.origine,

    /** A new sign-in at the provider: the address to send the browser to, and the state for its cookie. */
    async commencer(retour: string | null): Promise<{ url: string; state: string }> {
      const d = await fournisseur.demander();
      const le = clock.now();
      await repo.enregistrerDemande(db, {
        id: idSession(d.state),
        objet: 'CONNEXION',
        nonce: d.nonce,
        verificateur: d.verificateur,
        retour,
        le,
        purgerAvant: new Date(le.getTime() - DUREES_OIDC.demandeMs),
      });
      return { url: d.url, state: d.state };
    },

    /** The provider's answer at the callback: checked, then the person signed in, or asked to confirm their account. */
    async retour(parametres: URLSearchParams, stateCookie: string | undefined, meta: { adresse: string }, session: authRepo.OuvertureSession): Promise<IssueRetour> {
      const le = clock.now();
      const state = parametres.get('state') ?? '';
      const refus = async (raison: string, identifiant = ''): Promise<IssueRetour> => {
        await tentative({ identifiant, compteId: null, resultat: 'PROCONNECT_REFUSE', adresse: meta.adresse });
        return { ok: false, motif: 'REFUSE', raison };
      };
      // The state must be this browser's (its cookie) and a request still waiting (used once).
      if (state === '' || !stateCookie || !egauxEnTempsConstant(state, stateCookie)) return refus('state absent ou différent de celui du navigateur');
      const demande = await repo.consommerDemande(db, idSession(state), 'CONNEXION');
      if (!demande?.nonce) return refus('state inconnu ou déjà utilisé (rejeu)');
      if (demandeEchue(demande.cree_le, le, DUREES_OIDC.demandeMs)) return refus('demande trop ancienne');

      let identite: IdentiteOidc;
      try {
        identite = await fournisseur.terminer(parametres, { state, nonce: demande.nonce, verificateur: demande.verificateur });
      } catch (e) {
        if (e instanceof FournisseurIndisponibleError) {
          await tentative({ identifiant: '', compteId: null, resultat: 'PROCONNECT_INDISPONIBLE', adresse: meta.adresse });
          return { ok: false, motif: 'INDISPONIBLE', panne: e.message };
        }
        return refus(e instanceof Error ? e.message : String(e));
      }

      // 1. An identity already linked.
      const lie = await repo.compteLie(db, cle(identite));
      if (lie) {
        if (!lie.actif || estVerrouille(lie.verrouille_jusqu_au, le)) {
          const motif = lie.actif ? 'COMPTE_VERROUILLE' : 'COMPTE_INACTIF';
          await tentative({ identifiant: identite.courriel, compteId: lie.id, resultat: motif, adresse: meta.adresse });
          return { ok: false, motif };
        }
        await ouvrir(lie.id, identite, meta, session, le);
        await repo.noterConnexion(db, cle(identite), le, identite.courriel);
        return { ok: true, compteId: lie.id, retour: demande.retour };
      }

      // 2. The professional e-mail of exactly one account without a local password (demo and break-glass accounts are
      //    never taken over by e-mail: their owner confirms with that password).
      const parCourriel = await repo.comptesParCourriel(db, identite.courriel);
      const compte = parCourriel.length === 1 && !parCourriel[0]!.mot_de_passe_hash ? parCourriel[0]! : null;
      if (compte) {
        if (!compte.actif || estVerrouille(compte.verrouille_jusqu_au, le)) {
          const motif = compte.actif ? 'COMPTE_VERROUILLE' : 'COMPTE_INACTIF';
          await tentative({ identifiant: identite.courriel, compteId: compte.id, resultat: motif, adresse: meta.adresse });
          return { ok: false, motif };
        }
        await repo.lier(db, { ...cle(identite), compteId: compte.id, courriel: identite.courriel, le });
        await journaliser(db, { le, acteurCompteId: compte.id, action: 'PROCONNECT_LIAISON', cible: compte.identifiant, details: { par: 'courriel', idp_id: identite.idpId, siret: identite.siret } });
        await ouvrir(compte.id, identite, meta, session, le);
        return { ok: true, compteId: compte.id, retour: demande.retour };
      }

      // 3. Unknown: the identity waits (10 min) for the person to say, with their Vivier credentials, which account is theirs.
      const jeton = jetonAleatoire();
      await repo.enregistrerLiaison(db, {
        id: idSession(jeton),
        ...cle(identite),
        courriel: identite.courriel,
        nom: nomAffiche(identite),
        idToken: identite.idToken,
        retour: demande.retour,
        le,
        purgerAvant: new Date(le.getTime() - DUREES_OIDC.liaisonMs),
      });
      await tentative({ identifiant: identite.courriel, compteId: null, resultat: 'PROCONNECT_A_CONFIRMER', adresse: meta.adresse });
      return { ok: false, motif: 'A_CONFIRMER', jeton };
    },

    /** The identity waiting for confirmation, or null (unknown, expired). */
    async liaison(jeton: string | undefined): Promise<{ courriel: string; nom: string | null } | null> {
      if (!jeton) return null;
      const l = await repo.liaisonEnAttente(db, idSession(jeton));
      if (!l || demandeEchue(l.cree_le, clock.now(), DUREES_OIDC.liaisonMs)) return null;
      return { courriel: l.courriel, nom: l.nom };
    },

    /**
     * The person names their Vivier account with its credentials: checked by the password login itself (lockout, rate
     * limit, log, directory), then the identity linked to it and kept with the session it opened.
     */
    async confirmer(
      jeton: string | undefined,
      id: Identification,
      meta: { adresse: string },
      session: authRepo.OuvertureSession,
    ): Promise<{ ok: true; retour: string | null } | { ok: false; motif: 'LIAISON_EXPIREE' } | Awaited<ReturnType<AuthService['authentifier']>>> {
      const l = jeton ? await repo.liaisonEnAttente(db, idSession(jeton)) : undefined;
      if (!l || demandeEchue(l.cree_le, clock.now(), DUREES_OIDC.liaisonMs)) return { ok: false, motif: 'LIAISON_EXPIREE' };
      const r = await auth.authentifier(id, meta, session);
      if (!r.ok) return r;
      const le = clock.now();
      const c = { emetteur: l.emetteur, idpId: l.idp_id, sub: l.sub };
      await db.transaction().execute(async (trx) => {
        await repo.lier(trx, { ...c, compteId: r.compteId, courriel: l.courriel, le });
        await repo.memoriserIdToken(trx, session.id, l.id_token);
        await repo.supprimerLiaison(trx, l.id);
        await journaliser(trx, { le, acteurCompteId: r.compteId, action: 'PROCONNECT_LIAISON', cible: id.identifiant, details: { par: 'confirmation', courriel: l.courriel, idp_id: l.idp_id } });
      });
      return { ok: true, retour: l.retour };
    },

    /**
     * Ends the Vivier session; for a session opened through the provider, returns the provider's logout address and
     * the state for the browser's cookie (null: nothing more to do). The provider unreachable: the local logout stands.
     */
    async deconnecter(sessionId: string, meta: { adresse: string }): Promise<{ url: string; state: string } | { url: null; panne: string | null }> {
      const idToken = await repo.idTokenDeSession(db, sessionId);
      await auth.deconnecter(sessionId, meta);
      if (!idToken) return { url: null, panne: null };
      const state = jetonAleatoire();
      const le = clock.now();
      try {
        const url = await fournisseur.urlDeconnexion(idToken, state);
        await repo.enregistrerDemande(db, { id: idSession(state), objet: 'DECONNEXION', nonce: null, verificateur: null, retour: null, le, purgerAvant: new Date(le.getTime() - DUREES_OIDC.demandeMs) });
        return { url, state };
      } catch (e) {
        if (e instanceof FournisseurIndisponibleError) return { url: null, panne: e.message };
        throw e;
      }
    },

    /** The provider's return after its logout: the state must be the one this browser was given, once. */
    async retourDeconnexion(state: string | null, stateCookie: string | undefined, meta: { adresse: string }): Promise<boolean> {
      const ok = !!state && !!stateCookie && egauxEnTempsConstant(state, stateCookie) && !!(await repo.consommerDemande(db, idSession(state), 'DECONNEXION'));
      if (!ok) await tentative({ identifiant: '', compteId: null, resultat: 'PROCONNECT_DECONNEXION_REFUSEE', adresse: meta.adresse });
      return ok;
    },
  };
}

export type ProConnectService = ReturnType<typeof createProConnectService>;
