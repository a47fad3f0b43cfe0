// The modules of `npm run mutation` (docs/MUTATION.md): the code whose defects hurt most, each mutated on its own
// with only the pure unit tests that exercise it (no database), so that a run stays short on a shared machine.
// `mutate` accepts Stryker's line ranges (`fichier.ts:89-91`) to take one function out of a larger file.
export const MODULES = {
  eligibilite: {
    libelle: 'Règles d’éligibilité',
    mutate: ['src/features/eligibilite/eligibilite.rules.ts', 'src/features/eligibilite/regles.ts'],
    tests: [
      'src/features/eligibilite/eligibilite.rules.test.ts',
      'src/features/eligibilite/regles.test.ts',
      'src/features/eligibilite/vivier1.test.ts',
      'src/features/eligibilite/echantillon.test.ts',
      'src/features/eligibilite/export.test.ts',
      // The barème and order tables of regles.ts are read by the ranking: its tests are the ones that see them.
      'src/features/evaluation/classement.rules.test.ts',
    ],
  },
  classement: {
    libelle: 'Classement (barème, ordre)',
    mutate: ['src/features/evaluation/classement.rules.ts', 'src/features/evaluation/bareme.rules.ts', 'src/features/evaluation/ordre.rules.ts'],
    tests: ['src/features/evaluation/classement.rules.test.ts', 'src/features/evaluation/echantillon.test.ts'],
  },
  evaluation: {
    libelle: 'Évaluation (quotas d’appréciations, complétude, publication, vue du tableau)',
    mutate: [
      'src/features/evaluation/appreciation.rules.ts',
      'src/features/evaluation/completude.rules.ts',
      'src/features/evaluation/publication.rules.ts',
      'src/features/evaluation/tableau-vue.rules.ts',
    ],
    tests: ['src/features/evaluation/appreciation.rules.test.ts', 'src/features/evaluation/publication.rules.test.ts', 'src/features/evaluation/tableau-vue.rules.test.ts'],
  },
  campagnes: {
    libelle: 'Machines et fenêtres de campagne et de candidature',
    mutate: ['src/features/campagnes/campagne.machine.ts', 'src/features/campagnes/candidature.machine.ts', 'src/features/campagnes/contestation.rules.ts'],
    tests: ['src/features/campagnes/machines.test.ts', 'src/features/campagnes/contestation.rules.test.ts'],
  },
  session: {
    libelle: 'Session et CSRF',
    mutate: ['src/shared/http/session.rules.ts', 'src/shared/http/session.ts:43-47', 'src/shared/http/plumbing.ts:89-91'],
    tests: ['src/shared/http/session.rules.test.ts', 'src/shared/http/csrf.test.ts'],
  },
  verrouillage: {
    libelle: 'Verrouillage de connexion',
    mutate: ['src/features/portail/auth.rules.ts', 'src/features/portail/limite-connexions.ts'],
    tests: ['src/features/portail/auth.rules.test.ts', 'src/features/portail/limite-connexions.test.ts'],
  },
  perimetre: {
    libelle: 'Règle de périmètre',
    mutate: ['src/features/dossier/perimetre.rules.ts'],
    tests: ['src/features/dossier/perimetre.rules.test.ts'],
  },
};
