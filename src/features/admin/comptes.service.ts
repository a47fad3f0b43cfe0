import type { Database } from '../../db/connection.ts';
import type { Perimetre } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { journaliser } from '../../shared/audit.ts';
import { IntrouvableError } from '../../shared/errors.ts';
import type { SessionStore } from '../../shared/http/session.ts';
import { hacher } from '../../shared/securite/motdepasse.ts';
import { createOtpService } from '../portail/otp.service.ts';
import { motifRecherche, paginer } from './admin.rules.ts';
import { estViolationUnicite } from './admin.schemas.ts';
import { construirePerimetre, doitFermerSessions, erreursAutoModification, erreursQualiteEvaluateur, etatVerrou, rapprocherDisciplines } from './comptes.rules.ts';
import type { ModificationCompteSaisie, NouveauCompteSaisi } from './comptes.schemas.ts';
import * as repo from './comptes.repository.ts';

/** Who acts: the administrator's account and session (kept open when they change their own account). */
export type Acteur = { compteId: string; sessionId: string };

export type Resultat<T = void> = { ok: true; valeur: T } | { ok: false; erreurs: Record<string, string> };

export const COMPTES_PAR_PAGE = 25;
const TENTATIVES_AFFICHEES = 20;

const IDENTIFIANT_PRIS = { identifiant: 'Cet identifiant est déjà utilisé par un autre compte : choisissez-en un autre (par exemple en ajoutant un chiffre).' };

/** Also thrown inside a transaction when the row vanished meanwhile: the audit row is then rolled back. */
const compteIntrouvable = () => new IntrouvableError('COMPTE_INTROUVABLE', 'Ce compte n’existe pas.');

export function createComptesService(deps: { db: Database; clock: Clock; sessions: SessionStore }) {
  const { db, clock, sessions } = deps;
  const otp = createOtpService({ db, clock });

  async function charger(id: string) {
    const compte = await repo.compteParId(db, id);
    if (!compte) throw compteIntrouvable();
    return compte;
  }

  /**
   * The scope as stored: the disciplines matched to the HR data's spelling. Returns the field errors of the scope
   * and the qualité (both judged before anything is written).
   */
  async function perimetreSaisi(v: ModificationCompteSaisie | NouveauCompteSaisi): Promise<Resultat<Perimetre>> {
    const erreurs: Record<string, string> = { ...erreursQualiteEvaluateur(v.roles, v.qualite_evaluateur) };
    let disciplines: string[] = [];
    if (v.disciplines.length > 0) {
      const r = rapprocherDisciplines(v.disciplines, await repo.disciplinesConnues(db));
      if (r.ok) disciplines = r.codes;
      else erreurs.disciplines = r.message;
    }
    if (Object.keys(erreurs).length > 0) return { ok: false, erreurs };
    return { ok: true, valeur: construirePerimetre({ ...v, disciplines }) };
  }

  /** After the change is committed: the holder must log in again (the acting administrator keeps this session). */
  async function fermerSessions(acteur: Acteur, compteId: string) {
    if (compteId === acteur.compteId) await repo.fermerSessionsSauf(db, compteId, acteur.sessionId);
    else await sessions.fermerToutesPourCompte(compteId);
  }

  return {
    async lister(recherche: string, page: number) {
      const motif = recherche ? motifRecherche(recherche) : null;
      const p = paginer(await repo.compterComptes(db, motif), page, COMPTES_PAR_PAGE);
      const lignes = await repo.listerComptes(db, motif, p.parPage, p.decalage);
      const maintenant = clock.now();
      return { pagination: p, comptes: lignes.map((l) => ({ ...l, verrou: etatVerrou(l, maintenant) })) };
    },

    async detail(id: string) {
      const compte = await charger(id);
      const [tentatives, cle, etatCle] = await Promise.all([repo.dernieresTentatives(db, id, TENTATIVES_AFFICHEES), otp.statut(id), repo.etatCleOtp(db, id)]);
      return { compte, tentatives, cle, etatCle, verrou: etatVerrou(compte, clock.now()) };
    },

    async creer(acteur: Acteur, v: NouveauCompteSaisi): Promise<Resultat<string>> {
      if (await repo.identifiantPris(db, v.identifiant)) return { ok: false, erreurs: IDENTIFIANT_PRIS };
      const perimetre = await perimetreSaisi(v);
      if (!perimetre.ok) return perimetre;
      // Hash before the transaction: on PGlite a transaction holds the only connection.
      const hash = v.mot_de_passe ? await hacher(v.mot_de_passe) : null;
      const le = clock.now();
      try {
        const id = await db.transaction().execute(async (trx) => {
          const id = await repo.insererCompte(trx, {
            identifiant: v.identifiant,
            nomAffiche: v.nom_affiche,
            email: v.email || null,
            motDePasseHash: hash,
            roles: v.roles,
            perimetre: perimetre.valeur,
            qualiteEvaluateur: v.qualite_evaluateur,
            le,
          });
          await journaliser(trx, {
            le,
            acteurCompteId: acteur.compteId,
            action: 'COMPTE_CREE',
            cible: `compte:${id}`,
            details: { identifiant: v.identifiant, roles: v.roles, perimetre: perimetre.valeur, qualiteEvaluateur: v.qualite_evaluateur, motDePasseInitial: hash !== null },
          });
          return id;
        });
        return { ok: true, valeur: id };
      } catch (err) {
        if (estViolationUnicite(err)) return { ok: false, erreurs: IDENTIFIANT_PRIS };
        throw err;
      }
    },

    /** Returns whether the account's sessions were closed (roles changed or account deactivated). */
    async modifier(acteur: Acteur, id: string, v: ModificationCompteSaisie): Promise<Resultat<boolean>> {
      const avant = await charger(id);
      const perimetre = await perimetreSaisi(v);
      const erreurs = { ...erreursAutoModification(acteur.compteId, id, v), ...(perimetre.ok ? {} : perimetre.erreurs) };
      if (!perimetre.ok || Object.keys(erreurs).length > 0) return { ok: false, erreurs };
      // The e-mail of an agent's account is the dossier's (copied in by the HR import): the form does not change it.
      const apres = { nomAffiche: v.nom_affiche, email: avant.agent_id ? avant.email : v.email || null, roles: v.roles, perimetre: perimetre.valeur, qualiteEvaluateur: v.qualite_evaluateur, actif: v.actif };
      const le = clock.now();
      await db.transaction().execute(async (trx) => {
        if (!(await repo.modifierProfil(trx, id, { ...apres, le }))) throw compteIntrouvable();
        await journaliser(trx, {
          le,
          acteurCompteId: acteur.compteId,
          action: 'COMPTE_MODIFIE',
          cible: `compte:${id}`,
          details: {
            avant: { nomAffiche: avant.nom_affiche, email: avant.email, roles: avant.roles, perimetre: avant.perimetre, qualiteEvaluateur: avant.qualite_evaluateur, actif: avant.actif },
            apres,
          },
        });
      });
      const fermer = doitFermerSessions(avant, apres);
      if (fermer) await fermerSessions(acteur, id);
      return { ok: true, valeur: fermer };
    },

    async definirMotDePasse(acteur: Acteur, id: string, motDePasse: string): Promise<void> {
      await charger(id);
      const hash = await hacher(motDePasse);
      const le = clock.now();
      await db.transaction().execute(async (trx) => {
        if (!(await repo.definirMotDePasse(trx, id, hash, le))) throw compteIntrouvable();
        await journaliser(trx, { le, acteurCompteId: acteur.compteId, action: 'MOT_DE_PASSE_DEFINI', cible: `compte:${id}` });
      });
      await fermerSessions(acteur, id);
    },

    async deverrouiller(acteur: Acteur, id: string): Promise<void> {
      const compte = await charger(id);
      const le = clock.now();
      await db.transaction().execute(async (trx) => {
        if (!(await repo.deverrouiller(trx, id, le))) throw compteIntrouvable();
        await journaliser(trx, {
          le,
          acteurCompteId: acteur.compteId,
          action: 'COMPTE_DEVERROUILLE',
          cible: `compte:${id}`,
          details: { echecs: compte.echecs_consecutifs, verrouilleJusquAu: compte.verrouille_jusqu_au?.toISOString() ?? null },
        });
      });
    },

    /**
     * Issues a new key only if the key is still in the state the administrator's page showed: a reloaded
     * (resubmitted) form finds it changed and gets no secret. The OTP service writes its own audit row.
     */
    async emettreCle(acteur: Acteur, id: string, etatVu: string) {
      const compte = await charger(id);
      if ((await repo.etatCleOtp(db, id)) !== etatVu) return { ok: false as const };
      const cle = await otp.emettre(acteur.compteId, id);
      return { ok: true as const, compte, ...cle };
    },

    async revoquerCle(acteur: Acteur, id: string): Promise<void> {
      await charger(id);
      await otp.revoquer(acteur.compteId, id);
    },
  };
}

export type ComptesService = ReturnType<typeof createComptesService>;
