import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bancDeDemo, type Banc } from '../../test/app.ts';
import type { Utilisateur } from '../../shared/http/session.ts';
import { createCampagneService } from './campagne.service.ts';
import { createCandidatureService } from './candidature.service.ts';
import { createDocumentsService, donneesFiche, sha256 } from './documents.service.ts';
import { nouvelleCampagne } from './campagne.schemas.ts';
import { creerPoolAccuses, type PoolAccuses } from '../documents/lot.ts';
import { rendreDepot } from '../documents/depot.ts';
import { sql } from 'kysely';

let b: Banc;
let jdupont: Utilisateur;
before(async () => ({ b, jdupont } = await bancDeDemo()));
after(() => b.fermer());

function texteDuPdf(pdf: Buffer): string {
  const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-pdf-'));
  try {
    const f = path.join(dossier, 'doc.pdf');
    fs.writeFileSync(f, pdf);
    return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dossier, { recursive: true, force: true });
  }
}

/**
 * A PE campaign of `annee` (1–15 December), opened by the scheduler; jdupont starts and validates on the 2nd;
 * the scheduler closes it, its closing issuing the accusés through `documents`. Returns the campaign id.
 */
async function jdupontDeposeA(annee: number, documents: ReturnType<typeof createDocumentsService>): Promise<string> {
  const campagnes = createCampagneService({ db: b.database.db, clock: b.clock, apresCloture: (id) => documents.emettreAccuses(id) });
  b.clock.set('2026-11-30T09:00:00Z');
  const id = await campagnes.creer(nouvelleCampagne.parse({ corps: 'PE', annee, ouverture: '2026-12-01T08:00:00Z', fermeture: '2026-12-15T17:00:00+01:00', promotions: 20 }), null);
  b.clock.set('2026-12-02T09:30:00Z');
  await campagnes.appliquerEcheances();
  const s = createCandidatureService({ db: b.database.db, clock: b.clock });
  await s.commencer(jdupont, id, b.clock.now());
  await s.valider(jdupont, id, b.clock.now());
  b.clock.set('2026-12-15T16:00:30Z');
  await campagnes.appliquerEcheances();
  return id;
}

describe('accusés de réception à la clôture', () => {
  test('chaque candidature déposée reçoit un accusé, une seule fois, dans sa messagerie et par courriel', async () => {
    const documents = createDocumentsService({ db: b.database.db, clock: b.clock });
    const id = await jdupontDeposeA(2019, documents);
    assert.equal(await documents.emettreAccuses(id), 0, 'déjà émis par la clôture');
    const cand = await b.database.db.selectFrom('candidature').select(['id', 'reference']).where('campagne_id', '=', id).executeTakeFirstOrThrow();
    const docs = await b.database.db.selectFrom('candidature_document').select(['type', 'sha256', 'pdf']).where('candidature_id', '=', cand.id).orderBy('type').execute();
    assert.deepEqual(docs.map((d) => d.type), ['ACCUSE_RECEPTION', 'FICHE']);
    const accuse = docs[0]!;
    const fiche = docs[1]!;
    assert.equal(sha256(accuse.pdf), accuse.sha256);

    const texte = texteDuPdf(accuse.pdf);
    assert.match(texte, new RegExp(cand.reference!));
    assert.match(texte, /Accusé de réception/);
    assert.match(texte, /DUPONT/);
    assert.match(texte, /professeurs des écoles/);
    assert.match(texte, /02\/12\/2026 à 10:30/, 'date-heure de validation, heure de Paris');
    assert.ok(texte.replace(/\s/g, '').includes(fiche.sha256), 'empreinte SHA-256 de la fiche archivée');
    assert.match(texteDuPdf(fiche.pdf), /Fiche de candidature/);

    const archive = await documents.documentArchive(cand.id, 'ACCUSE_RECEPTION');
    assert.ok(archive && Buffer.compare(archive.pdf, accuse.pdf) === 0, 'retéléchargé à l’identique');
    const messages = await b.database.db.selectFrom('message').select(['document_type', 'document_id']).where('agent_id', '=', 'DEMO0001').where('document_type', '=', 'ACCUSE_RECEPTION').execute();
    assert.equal(messages.length, 1);
    const courriels = await b.database.db.selectFrom('courriel').select('cle').where('cle', '=', `accuse:${cand.id}`).execute();
    assert.equal(courriels.length, 1);
  });

  test('avec le lot de fils de rendu (serveur), les accusés sont les mêmes documents', async () => {
    const pool = creerPoolAccuses({ taille: 2 });
    try {
      const documents = createDocumentsService({ db: b.database.db, clock: b.clock, pool });
      const id = await jdupontDeposeA(2020, documents);
      const cand = await b.database.db.selectFrom('candidature').select(['id', 'reference']).where('campagne_id', '=', id).executeTakeFirstOrThrow();
      const accuse = await documents.documentArchive(cand.id, 'ACCUSE_RECEPTION');
      assert.ok(accuse);
      assert.match(texteDuPdf(accuse.pdf), new RegExp(cand.reference!));
    } finally {
      await pool.fermer();
    }
  });

  test('par lots : chaque candidature reçoit sa fiche, son accusé (qui cite l’empreinte de sa fiche), son message et son courriel ; un rendu en échec est laissé au passage suivant', async () => {
    const db = b.database.db;
    b.clock.set('2026-11-30T09:00:00Z');
    const campagnes = createCampagneService({ db, clock: b.clock });
    const id = await campagnes.creer(nouvelleCampagne.parse({ corps: 'PE', annee: 2021, ouverture: '2026-12-01T08:00:00Z', fermeture: '2026-12-15T17:00:00+01:00', promotions: 20 }), null);
    // Every agent of the demo académie deposited (as the closing leaves them), with a declared period for one of them.
    await sql`INSERT INTO candidature (campagne_id, agent_id, statut, cree_le, modifie_le, validee_le, reference)
      SELECT ${id}::bigint, agent_id, 'DEPOSEE', now(), now(), TIMESTAMPTZ '2026-12-03T10:00:00Z', 'CE-2021-' || agent_id FROM agent`.execute(db);
    await sql`UPDATE campagne SET statut = 'CLOSE' WHERE id = ${id}::bigint`.execute(db);
    const candidatures = await db.selectFrom('candidature').select(['id', 'agent_id', 'reference']).where('campagne_id', '=', id).orderBy('id').execute();
    assert.ok(candidatures.length >= 5);
    await db
      .insertInto('candidature_periode')
      .values({ candidature_id: candidatures[1]!.id, du: '2015-09-01', au: '2019-08-31', nature: 'EDUCATION_PRIORITAIRE', fonction: null, etablissement: 'Collège « Les Îles » (0801999Z)', source: 'AGENT', commentaire: 'Déclarée à la main' })
      .execute();

    const enEchec = candidatures[2]!.reference!;
    const pool = creerPoolAccuses({ taille: 1 });
    const capricieux: PoolAccuses = { ...pool, deposer: (d) => (d.reference === enEchec ? Promise.reject(new RangeError('Rendu impossible')) : pool.deposer(d)) };
    b.clock.set('2026-12-15T16:00:30Z');
    const documents = createDocumentsService({ db, clock: b.clock, pool: capricieux, tailleLot: 2 });
    await assert.rejects(documents.emettreAccuses(id), /Rendu impossible/);
    const emisAvant = await db.selectFrom('candidature_document as d').innerJoin('candidature as c', 'c.id', 'd.candidature_id').select(['c.reference', 'd.type']).where('c.campagne_id', '=', id).execute();
    assert.ok(!emisAvant.some((d) => d.reference === enEchec), 'rien d’écrit pour la candidature en échec');
    assert.equal(emisAvant.length % 2, 0, 'fiche et accusé ensemble');

    // The next run issues what is missing, and only that.
    const reprise = createDocumentsService({ db, clock: b.clock, tailleLot: 2 });
    assert.equal(await reprise.emettreAccuses(id), candidatures.length - emisAvant.length / 2);
    assert.equal(await reprise.emettreAccuses(id), 0);

    for (const c of candidatures) {
      const docs = await db.selectFrom('candidature_document').select(['id', 'type', 'sha256', 'pdf']).where('candidature_id', '=', c.id).orderBy('type').execute();
      assert.deepEqual(docs.map((d) => d.type), ['ACCUSE_RECEPTION', 'FICHE'], c.reference!);
      const [accuse, fiche] = docs as [(typeof docs)[0], (typeof docs)[0]];
      assert.equal(sha256(accuse.pdf), accuse.sha256);
      assert.equal(sha256(fiche.pdf), fiche.sha256);
      const texte = texteDuPdf(accuse.pdf);
      assert.ok(texte.includes(c.reference!), c.reference!);
      assert.ok(texte.replace(/\s/g, '').includes(fiche.sha256), `empreinte de sa fiche (${c.reference})`);
      assert.match(texteDuPdf(fiche.pdf), new RegExp(c.agent_id));
      const messages = await db.selectFrom('message').select(['agent_id', 'document_id']).where('document_type', '=', 'ACCUSE_RECEPTION').where('document_id', '=', accuse.id).execute();
      assert.deepEqual(messages, [{ agent_id: c.agent_id, document_id: accuse.id }]);
      const courriels = await db.selectFrom('courriel').select(['document_id']).where('cle', '=', `accuse:${c.id}`).execute();
      assert.deepEqual(courriels, [{ document_id: accuse.id }]);
    }
    const avecPeriode = texteDuPdf((await documents.documentArchive(candidatures[1]!.id, 'FICHE'))!.pdf);
    assert.match(avecPeriode, /Collège « Les Îles »/);
    // Same documents as rendered one by one from the same data: the batch read the same rows.
    const seul = await rendreDepot({ fiche: await donneesFiche(db, candidatures[1]!.id, b.clock.now()), reference: candidatures[1]!.reference!, valideeLe: new Date('2026-12-03T10:00:00Z'), emisLe: b.clock.now() });
    assert.ok(seul.fiche.equals((await documents.documentArchive(candidatures[1]!.id, 'FICHE'))!.pdf));
    await pool.fermer();
  });
});
