import { z } from 'zod';
import { choix, texte } from '../../shared/saisie.ts';
import { caseStricte } from './admin.schemas.ts';
import { erreursPeriode, NIVEAUX_BANDEAU, parisVersInstant } from './bandeaux.rules.ts';

/** The banner form: dates typed in Paris time (datetime-local fields), stored as instants. */

function dateHeureParis(libelle: string) {
  return texte(libelle, { max: 30 }).transform((v, ctx): Date | null => {
    if (v === '') return null;
    const r = parisVersInstant(v);
    if (r.ok) return r.instant;
    ctx.addIssue({
      code: 'custom',
      message:
        r.raison === 'HEURE_INEXISTANTE'
          ? `${libelle} : cette heure n’existe pas à Paris ce jour-là (passage à l’heure d’été) ; choisissez-en une autre.`
          : `${libelle} : saisissez une date et une heure valides (jour, mois, année, heures et minutes).`,
    });
    return z.NEVER;
  });
}

export const formulaireBandeau = z
  .object({
    titre: texte('Le titre', { min: 1, max: 150 }),
    message: texte('Le message', { min: 1, max: 2000, multiligne: true }),
    niveau: choix('Le niveau', NIVEAUX_BANDEAU),
    debut: dateHeureParis('Le début'),
    fin: dateHeureParis('La fin'),
    actif: caseStricte('Bandeau actif'),
  })
  .superRefine((f, ctx) => {
    for (const [champ, message] of Object.entries(erreursPeriode(f.debut, f.fin))) ctx.addIssue({ code: 'custom', path: [champ], message });
  });
export type BandeauSaisi = z.output<typeof formulaireBandeau>;
