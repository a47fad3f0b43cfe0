import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { dateHeureParis } from '../../shared/dates.ts';
import { LIBELLE_ROLE, estRole } from '../../shared/roles.ts';
import type { MesDonnees } from './export.service.ts';
import { dateFr, libelle, periodeFr, valeursLisibles } from './libelles.ts';
import { LIBELLE_CATEGORIE, type CategorieQualification } from './cv.rules.ts';
import { LIBELLE_STATUT } from './signalements.rules.ts';

const POLICES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules/@gouvfr/dsfr/dist/fonts');

/** The readable PDF of "Mes données": the same data as the JSON export, in French, with the Marianne font embedded. */
export function rendrePdfMesDonnees(d: MesDonnees): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Mes données — I-Prof', Author: 'Vivier' }, lang: 'fr-FR' } as PDFKit.PDFDocumentOptions);
  doc.registerFont('Marianne', path.join(POLICES, 'Marianne-Regular.woff2'));
  doc.registerFont('Marianne-Gras', path.join(POLICES, 'Marianne-Bold.woff2'));
  const morceaux: Buffer[] = [];
  const fini = new Promise<Buffer>((resoudre, rejeter) => {
    doc.on('data', (c: Buffer) => morceaux.push(c));
    doc.on('end', () => resoudre(Buffer.concat(morceaux)));
    doc.on('error', rejeter);
  });

  const titre = (t: string) => doc.moveDown(0.8).font('Marianne-Gras').fontSize(13).fillColor('#000091').text(t).fillColor('black').moveDown(0.3);
  const ligne = (t: string) => doc.font('Marianne').fontSize(10).text(t);
  const champ = (nom: string, valeur: string | null | undefined) => {
    doc.font('Marianne-Gras').fontSize(10).text(`${nom} : `, { continued: true }).font('Marianne').text(valeur || '—');
  };
  const liste = <T,>(elements: readonly T[], vide: string, rendu: (e: T) => string) => {
    if (elements.length === 0) ligne(vide);
    for (const e of elements) ligne(`• ${rendu(e)}`);
  };
  const quand = (x: Date | null | undefined) => (x ? dateHeureParis(x) : '—');

  doc.font('Marianne-Gras').fontSize(18).text('Mes données personnelles — I-Prof');
  doc.font('Marianne').fontSize(10).text(`Document établi ${dateHeureParis(d.genere_le)}, au titre du droit d’accès (loi « informatique et libertés » du 6 janvier 1978 et RGPD).`);

  titre('Compte');
  if (d.compte) {
    const c = d.compte;
    champ('Identifiant', c.identifiant);
    champ('Nom affiché', c.nom_affiche);
    champ('Adresse électronique', c.email);
    champ('Rôles', c.roles.map((r) => (estRole(r) ? LIBELLE_ROLE[r] : r)).join(', '));
    champ('Compte créé', quand(c.cree_le));
    champ('Dernière connexion', quand(c.derniere_connexion_le));
    champ('Clé de sécurité (OTP)', c.cle_otp ? `${c.cle_otp.statut === 'ACTIVE' ? 'active' : 'émise'} depuis ${quand(c.cle_otp.activee_le ?? c.cle_otp.emise_le)}` : 'aucune');
    champ('Sessions ouvertes', String(c.sessions_ouvertes.length));
    champ('Favoris', c.favoris.map((f) => f.libelle).join(', ') || 'aucun');
  }

  const dos = d.dossier;
  if (dos?.identite) {
    const a = dos.identite;
    titre('Identité');
    champ('Numéro d’agent', a.agent_id);
    champ('Civilité, nom et prénom', `${a.civilite} ${a.nom} ${a.prenom}`);
    champ('Date de naissance', dateFr(a.date_naissance));
    champ('Adresse électronique', a.email);
    champ('Corps', `${libelle.corps(a.corps)} depuis le ${dateFr(a.date_entree_corps)}`);
    champ('Discipline', a.discipline);
  }
  if (dos) {
    titre('Situation administrative : carrière');
    liste(dos.carriere, 'Aucune ligne.', (c) => `${dateFr(c.date_effet)} — ${libelle.grade(c.grade)}, échelon ${c.echelon}`);
    titre('Positions');
    liste(dos.positions, 'Aucune position particulière : activité.', (p) => `${periodeFr(p.date_debut, p.date_fin)} — ${libelle.position(p.position)}`);
    titre('Historique d’affectation');
    liste(dos.affectations, 'Aucune affectation.', (s) => `${periodeFr(s.date_debut, s.date_fin)} — ${s.etablissement} (${s.uai}, ${s.commune}), ${libelle.fonction(s.fonction)}, ${s.part_service} %, ${libelle.statut(s.statut)}${s.faisant_fonction ? ', faisant fonction' : ''}`);
    for (const [rubrique, nom] of [['ACTIVITE', 'CV — Activités professionnelles'], ['QUALIFICATION', 'CV — Qualifications et compétences'], ['FORMATION', 'CV — Formations']] as const) {
      titre(nom);
      liste(dos.cv.filter((e) => e.rubrique === rubrique), 'Aucun élément.', (e) =>
        [e.intitule, e.categorie ? LIBELLE_CATEGORIE[e.categorie as CategorieQualification] : null, e.niveau, e.organisme, e.date_debut ? (rubrique === 'QUALIFICATION' ? `obtenu le ${dateFr(e.date_debut)}` : periodeFr(e.date_debut, e.date_fin)) : null, e.duree_heures ? `${e.duree_heures} h` : null, e.description]
          .filter(Boolean)
          .join(' — '),
      );
    }
    titre('Signalements d’erreur');
    liste(dos.signalements, 'Aucun signalement.', (s) => `${quand(s.cree_le)} — ${s.cible_libelle} — ${LIBELLE_STATUT[s.statut]}${s.motif_rejet ? ` (motif : ${s.motif_rejet})` : ''} — message : ${s.message} — pièces : ${s.pieces.map((p) => `${p.nom_fichier} (${p.type_contenu}, ${p.taille} octets, sha256 ${p.sha256})`).join(' ; ') || 'aucune'}`);
    titre('Corrections apportées au dossier');
    liste(dos.corrections, 'Aucune correction.', (c) => `${quand(c.le)} par ${c.par_nom} — ${c.cible_type} : avant ${valeursLisibles(c.avant)} ; après ${valeursLisibles(c.apres)}`);
    titre('Consultations de mon dossier');
    liste(dos.consultations, 'Aucune consultation.', (c) => `${quand(c.le)} — ${c.nom_affiche} (${libelle.role(c.role)}) — ${c.page}`);
  }
  titre('Messages');
  liste(d.messages, 'Aucun message.', (m) => `${quand(m.cree_le)} — ${m.sujet} (${m.lu_le ? `lu ${quand(m.lu_le)}` : 'non lu'}) : ${m.corps}`);
  titre('Tentatives de connexion');
  liste(d.tentatives_connexion, 'Aucune tentative enregistrée.', (t) => `${quand(t.le)} — ${t.methode === 'OTP' ? 'passcode OTP — ' : t.methode === 'MOT_DE_PASSE' ? 'mot de passe — ' : ''}${t.resultat}${t.adresse ? ` — adresse ${t.adresse}` : ''}`);
  titre('Actions effectuées avec ce compte');
  liste(d.journal_des_actions, 'Aucune action enregistrée.', (j) => `${quand(j.le)} — ${j.action}${j.cible ? ` (${j.cible})` : ''}`);

  doc.end();
  return fini;
}
