import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGabarits, echapperHtml } from './gabarit.ts';
import { renderPage } from './render.ts';
import { PageAccueil } from '../../features/portail/portail.views.tsx';
import type { VueCatalogue } from '../../features/portail/catalogue.rules.ts';

const catalogue: VueCatalogue = {
  favoris: [{ id: '2', libelle: 'I-Prof Enseignant', url: '/iprof', interne: true, favori: true, description: null }],
  rubriques: [
    {
      id: '1',
      libelle: 'Gestion des personnels',
      groupes: [
        {
          groupe: 'Carrière',
          applications: [
            { id: '2', libelle: 'I-Prof Enseignant', url: '/iprof', interne: true, favori: true, description: null },
            { id: '3', libelle: 'Colibris', url: 'https://colibris.example', interne: false, favori: false, description: null },
          ],
        },
      ],
    },
  ],
};

type Personne = { nom: string; csrf: string; jour: string; heure: string } | { nom: string; csrf: string; jour: null; heure: null };

/** The home page with these strings, as the route builds it (real values, or the gabarit's markers). */
function accueil(v: { nom: string; csrf: string }, date: { jour: string; heure: string } | null, estAdmin: boolean) {
  return PageAccueil({
    ctx: { utilisateur: { nomAffiche: v.nom, estAdmin }, csrf: v.csrf },
    nomAffiche: v.nom,
    derniereConnexion: date,
    catalogue,
    bandeaux: [{ id: '9', titre: 'Maintenance & <travaux>', message: 'Jeudi "soir"', niveau: 'warning' }],
    message: null,
  });
}

function direct(p: Personne, estAdmin: boolean): string {
  return renderPage(accueil(p, p.jour === null ? null : { jour: p.jour, heure: p.heure }, estAdmin));
}

function parGabarit(g: ReturnType<typeof createGabarits<'nom' | 'csrf' | 'jour' | 'heure'>>, generation: object, p: Personne, estAdmin: boolean): string {
  const cle = `${estAdmin}|${p.jour === null ? 0 : 1}`;
  return g
    .rendre(
      generation,
      cle,
      (m) => accueil(m, p.jour === null ? null : { jour: m.jour, heure: m.heure }, estAdmin),
      { nom: p.nom, csrf: p.csrf, jour: p.jour ?? '', heure: p.heure ?? '' },
    )
    .toString('utf8');
}

const personnes: Personne[] = [
  { nom: 'Jeanne Dupont', csrf: 'a'.repeat(43), jour: '12/03/2026', heure: '08:15' },
  { nom: 'Zoé "la" <b>Ñúñez</b> & fils', csrf: 'B-_9'.repeat(10) + 'xyz', jour: '01/01/2026', heure: '00:00' },
  { nom: "O'Brien &amp; <script>alert(1)</script>", csrf: 'c'.repeat(43), jour: null, heure: null },
  { nom: '', csrf: 'd'.repeat(43), jour: '29/02/2028', heure: '23:59' },
];

describe('gabarits de page', () => {
  test('échappement identique à celui du rendu (", &, <)', () => {
    assert.equal(echapperHtml('a"b&c<d>e\'f'), 'a&quot;b&amp;c&lt;d>e\'f');
    assert.equal(echapperHtml('simple'), 'simple');
  });

  test('la page servie par gabarit est, octet pour octet, celle du rendu direct, pour chacun et dans tout ordre', () => {
    const g = createGabarits(['nom', 'csrf', 'jour', 'heure'], { max: 10 });
    const generation = {};
    for (const estAdmin of [false, true]) {
      for (const p of [...personnes, ...personnes.slice().reverse()]) {
        assert.equal(parGabarit(g, generation, p, estAdmin), direct(p, estAdmin), `${p.nom} (${estAdmin})`);
      }
    }
    assert.equal(g.taille, 4, 'une forme par (admin, première connexion)');
  });

  test('aucune marque ne reste dans la page, et le nom de l’un n’apparaît jamais chez l’autre', () => {
    const g = createGabarits(['nom', 'csrf', 'jour', 'heure'], { max: 10 });
    const generation = {};
    const a = parGabarit(g, generation, personnes[0]!, false);
    const b = parGabarit(g, generation, personnes[1]!, false);
    assert.doesNotMatch(a + b, /v[0-9a-f]{18}m\d+z/);
    assert.ok(a.includes('Jeanne Dupont') && !b.includes('Jeanne Dupont'));
    assert.ok(!a.includes(personnes[1]!.csrf) && b.includes(personnes[1]!.csrf));
  });

  test('une nouvelle génération (catalogue rechargé) repart de zéro, et le nombre de formes gardées est borné', () => {
    const g = createGabarits(['nom', 'csrf', 'jour', 'heure'], { max: 2 });
    const gen1 = {};
    let rendus = 0;
    const rendre = (gen: object, cle: string) =>
      g.rendre(
        gen,
        cle,
        (m) => {
          rendus++;
          return PageAccueil({ ctx: { utilisateur: { nomAffiche: m.nom, estAdmin: false }, csrf: m.csrf }, nomAffiche: m.nom, derniereConnexion: null, catalogue, bandeaux: [], message: cle });
        },
        { nom: 'X', csrf: 'y', jour: '', heure: '' },
      );
    rendre(gen1, 'a');
    rendre(gen1, 'a');
    assert.equal(rendus, 1);
    rendre(gen1, 'b');
    rendre(gen1, 'a'); // a redevient la plus récente
    rendre(gen1, 'c'); // b sort
    assert.equal(g.taille, 2);
    rendre(gen1, 'a');
    assert.equal(rendus, 3);
    rendre(gen1, 'b');
    assert.equal(rendus, 4);
    assert.match(rendre({}, 'a').toString(), /<p>a<\/p>|a<\/div>|>a</);
    assert.equal(rendus, 5, 'autre génération : rendu de nouveau');
    assert.equal(g.taille, 1);
  });
});
