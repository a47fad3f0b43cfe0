import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { estPur, lireGraphe, violations, type Graphe } from './test/dependances.ts';

const racine = fileURLToPath(new URL('..', import.meta.url));

describe('couches du code (docs/ARCHITECTURE.md)', () => {
  test('aucune dépendance à contresens dans src/', () => {
    const graphe = lireGraphe(racine);
    assert.ok(graphe.size > 200, `graphe lu : ${graphe.size} fichiers`);
    const trouvees = violations(graphe);
    assert.deepEqual(
      trouvees.map((v) => `${v.regle} : ${v.chemin.join(' → ')}`),
      [],
    );
  });

  test('les dossiers de règles sont bien reconnus comme purs', () => {
    const graphe = lireGraphe(racine);
    for (const f of ['src/carriere/vocabulaire.ts', 'src/features/eligibilite/vivier1.ts', 'src/features/evaluation/classement.rules.ts', 'src/features/campagnes/candidature.machine.ts'])
      assert.ok(graphe.has(f) && estPur(f), f);
    assert.equal(estPur('src/features/evaluation/classement.rules.test.ts'), false);
  });

  // A wrong import is caught: each case adds one edge to an otherwise clean graph.
  const propre: Graphe = new Map([
    ['src/carriere/vocabulaire.ts', []],
    ['src/features/eligibilite/vivier1.ts', ['src/carriere/vocabulaire.ts']],
    ['src/features/campagnes/candidature.service.ts', ['src/db/connection.ts', 'src/features/eligibilite/vivier1.ts']],
    ['src/features/campagnes/candidature.rules.ts', ['src/carriere/vocabulaire.ts', 'zod']],
    ['src/shared/saisie.ts', ['zod']],
    ['src/db/connection.ts', ['pg']],
  ]);
  test('le graphe propre de référence ne viole rien', () => assert.deepEqual(violations(propre), []));
  const fautes: Array<[titre: string, fichier: string, cible: string, chemin: string[]]> = [
    ['une règle qui lit la base', 'src/features/eligibilite/vivier1.ts', 'src/db/connection.ts', ['src/features/eligibilite/vivier1.ts', 'src/db/connection.ts']],
    ['une règle qui passe par le service d’une autre fonctionnalité', 'src/features/campagnes/candidature.rules.ts', 'src/features/campagnes/candidature.service.ts', ['src/features/campagnes/candidature.rules.ts', 'src/features/campagnes/candidature.service.ts', 'src/db/connection.ts']],
    ['une règle qui importe Fastify', 'src/features/campagnes/candidature.rules.ts', 'fastify', ['src/features/campagnes/candidature.rules.ts', 'fastify']],
    ['une règle qui importe une vue', 'src/features/eligibilite/vivier1.ts', 'src/features/dossier/eligibilite.views.tsx', ['src/features/eligibilite/vivier1.ts', 'src/features/dossier/eligibilite.views.tsx']],
    ['le modèle de carrière qui importe l’import RH', 'src/carriere/vocabulaire.ts', 'src/features/import/csv.ts', ['src/carriere/vocabulaire.ts', 'src/features/import/csv.ts']],
    ['src/shared/ qui importe une fonctionnalité', 'src/shared/saisie.ts', 'src/features/portail/auth.rules.ts', ['src/shared/saisie.ts', 'src/features/portail/auth.rules.ts']],
    ['src/db/ qui importe une fonctionnalité', 'src/db/connection.ts', 'src/features/import/import.repository.ts', ['src/db/connection.ts', 'src/features/import/import.repository.ts']],
  ];
  for (const [titre, fichier, cible, chemin] of fautes) {
    test(`refusé : ${titre}`, () => {
      const g = new Map(propre);
      g.set(fichier, [...(g.get(fichier) ?? []), cible]);
      const v = violations(g);
      assert.ok(
        v.some((x) => x.fichier === fichier && x.chemin.join(' → ') === chemin.join(' → ')),
        JSON.stringify(v),
      );
    });
  }
});
