import { z } from 'zod';
import { texte } from '../../shared/saisie.ts';
import { ROLES } from '../../shared/roles.ts';
import { problemeMotDePasse } from '../../shared/securite/motdepasse.ts';
import { cases, caseStricte } from './admin.schemas.ts';
import { analyserDepartements, analyserDisciplines, analyserEtablissements, CORPS, MOTIF_EMAIL, MOTIF_IDENTIFIANT, QUALITES_EVALUATEUR, type ListeCodes } from './comptes.rules.ts';

/** The account forms of the administration, validated at the edge. */

function codes(libelle: string, max: number, analyser: (s: string) => ListeCodes, multiligne = false) {
  return texte(libelle, { max, multiligne }).transform((v, ctx) => {
    const r = analyser(v);
    if (r.ok) return r.codes;
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  });
}

/** A password typed by an administrator: never trimmed, checked against the password policy. */
function motDePasse(obligatoire: boolean) {
  return z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z
      .string({ error: 'Mot de passe : valeur invalide.' })
      .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), { message: 'Le mot de passe contient des caractères non autorisés.' })
      .superRefine((v, ctx) => {
        if (v === '' && !obligatoire) return;
        if (v === '') return void ctx.addIssue({ code: 'custom', message: 'Saisissez le nouveau mot de passe.' });
        const probleme = problemeMotDePasse(v);
        if (probleme) ctx.addIssue({ code: 'custom', message: probleme });
      }),
  );
}

const champsProfil = {
  nom_affiche: texte('Le nom affiché', { min: 1, max: 100 }),
  email: texte('L’adresse électronique', { max: 254 }).refine((v) => v === '' || MOTIF_EMAIL.test(v), {
    message: 'L’adresse électronique n’est pas valide (exemple : prenom.nom@ac-exemple.fr).',
  }),
  roles: cases('Rôles', ROLES).refine((v) => v.length > 0, { message: 'Cochez au moins un rôle.' }),
  corps: cases('Corps', CORPS),
  departements: codes('Départements', 4000, analyserDepartements),
  etablissements: codes('Établissements', 9000, analyserEtablissements),
  disciplines: codes('Disciplines', 8000, analyserDisciplines, true),
  // "" is the "Aucune" choice of the list: not an évaluateur, or one whose qualité is not set yet.
  qualite_evaluateur: z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z.enum(['', ...QUALITES_EVALUATEUR], { error: 'Qualité d’évaluateur : choisissez une valeur de la liste.' }).transform((v) => (v === '' ? null : v)),
  ),
};

export const formulaireNouveauCompte = z.object({
  identifiant: texte('L’identifiant', { min: 1, max: 50 })
    .transform((v) => v.toLowerCase())
    .refine((v) => v === '' || MOTIF_IDENTIFIANT.test(v), {
      message: 'L’identifiant comporte de 2 à 50 caractères : lettres minuscules sans accent, chiffres, points et tirets (exemple : jdupont3).',
    }),
  ...champsProfil,
  mot_de_passe: motDePasse(false),
});
export type NouveauCompteSaisi = z.output<typeof formulaireNouveauCompte>;

export const formulaireModificationCompte = z.object({ ...champsProfil, actif: caseStricte('Compte actif') });
export type ModificationCompteSaisie = z.output<typeof formulaireModificationCompte>;

export const formulaireMotDePasse = z.object({ mot_de_passe: motDePasse(true) });

export const rechercheComptes = z.object({ q: texte('La recherche', { max: 100 }) });

/** Issuing a key carries the key state the page showed: a resubmitted form finds it changed and shows no secret. */
export const formulaireEmissionCle = z.object({ etat: z.string({ error: 'État de la clé manquant.' }).max(40) });
