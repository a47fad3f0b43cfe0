import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { strFromU8, unzipSync } from 'fflate';
import { champCsv, texteCsv } from './csv.ts';
import { ecrireTableur, type Feuille, type FormatTableur } from './tableur.ts';
import { lettreColonne, serieExcel } from './xlsx.ts';
import { echapperXml } from './xml.ts';

async function produire(format: FormatTableur, feuilles: Feuille[]): Promise<Buffer> {
  const morceaux: Buffer[] = [];
  const flux = new Writable({ write: (c, _e, cb) => (morceaux.push(Buffer.from(c)), cb()) });
  await ecrireTableur(flux, format, feuilles);
  return Buffer.concat(morceaux);
}

const feuille = (): Feuille => ({
  nom: 'Tableau PE 2019',
  colonnes: [
    { nom: 'rang', type: 'nombre' },
    { nom: 'nom', type: 'texte' },
    { nom: 'date', type: 'date' },
  ],
  lignes: [
    [1, '=HYPERLINK("x")', '2019-08-31'],
    [2, 'Le  Gall & <Fils>', null],
  ],
});

describe('CSV', () => {
  for (const [valeur, attendu] of [
    ['Dupont', 'Dupont'],
    ['Anne-Sophie', 'Anne-Sophie'],
    ['=1+1', "'=1+1"],
    ['+33 1', "'+33 1"],
    ['-2', "'-2"],
    ['@SOMME(A1)', "'@SOMME(A1)"],
    ['\t=1', "'\t=1"],
    ['Dupont; Martin', '"Dupont; Martin"'],
    ['=A1;B1', '"\'=A1;B1"'],
    ['dit "Jo"', '"dit ""Jo"""'],
  ] as const)
    test(`le texte « ${valeur} » s’écrit ${attendu}`, () => assert.equal(texteCsv(valeur), attendu));

  test('un en-tête n’est que cité, jamais neutralisé', () => assert.equal(champCsv('-x'), '-x'));

  test('seule la première feuille est écrite, nombres et dates tels quels', async () => {
    const csv = (await produire('csv', [feuille(), { nom: 'Paramètres', colonnes: [{ nom: 'x', type: 'texte' }], lignes: [['y']] }])).toString('utf8');
    assert.equal(csv, 'rang;nom;date\n1;"\'=HYPERLINK(""x"")";2019-08-31\n2;Le  Gall & <Fils>;\n');
  });
});

describe('XML', () => {
  test('échappement et caractères interdits retirés', () => assert.equal(echapperXml('a&b<c>"d"\u0001\uFFFE\uD800'), 'a&amp;b&lt;c&gt;&quot;d&quot;'));
  test('lettres de colonnes', () => assert.deepEqual([0, 25, 26, 51, 52, 701, 702].map(lettreColonne), ['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']));
  test('dates en jours depuis le 30/12/1899', () => {
    assert.equal(serieExcel(1900, 3, 1), 61);
    assert.equal(serieExcel(2019, 8, 31), 43708);
  });
});

describe('XLSX et ODS', () => {
  test('XLSX : parties attendues, texte en ligne, nombre, date avec son style', async () => {
    const fichiers = unzipSync(await produire('xlsx', [feuille()]));
    assert.deepEqual(Object.keys(fichiers), ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']);
    const xml = strFromU8(fichiers['xl/worksheets/sheet1.xml']!);
    assert.match(xml, /<row r="2"><c r="A2"><v>1<\/v><\/c><c r="B2" t="inlineStr"><is><t>=HYPERLINK\(&quot;x&quot;\)<\/t><\/is><\/c><c r="C2" s="1"><v>43708<\/v><\/c><\/row>/);
    assert.match(xml, /<row r="3"><c r="A3"><v>2<\/v><\/c><c r="B3" t="inlineStr"><is><t>Le  Gall &amp; &lt;Fils&gt;<\/t><\/is><\/c><\/row>/);
    assert.match(strFromU8(fichiers['xl/workbook.xml']!), /<sheet name="Tableau PE 2019" sheetId="1" r:id="rId1"\/>/);
  });

  test('ODS : mimetype en premier et non compressé, cellules typées, espaces gardés', async () => {
    const ods = await produire('ods', [feuille()]);
    // The ODF signature: the first entry's name and its stored content at fixed offsets.
    assert.equal(ods.subarray(30, 38).toString('latin1'), 'mimetype');
    assert.equal(ods.readUInt16LE(8), 0, 'stocké');
    assert.equal(ods.subarray(38, 38 + 46).toString('latin1'), 'application/vnd.oasis.opendocument.spreadsheet');
    const contenu = strFromU8(unzipSync(ods)['content.xml']!);
    assert.match(contenu, /<table:table table:name="Tableau PE 2019">/);
    assert.match(contenu, /<table:table-cell office:value-type="float" office:value="1"><text:p>1<\/text:p><\/table:table-cell><table:table-cell office:value-type="string"><text:p>=HYPERLINK\(&quot;x&quot;\)<\/text:p><\/table:table-cell><table:table-cell table:style-name="date" office:value-type="date" office:date-value="2019-08-31"><text:p>31\/08\/2019<\/text:p>/);
    assert.match(contenu, /<text:p>Le <text:s text:c="1"\/>Gall &amp; &lt;Fils&gt;<\/text:p><\/table:table-cell><table:table-cell\/>/);
  });

  test('mêmes données, mêmes octets', async () => {
    for (const f of ['xlsx', 'ods'] as const) assert.deepEqual(await produire(f, [feuille()]), await produire(f, [feuille()]));
  });

  test('un nom de feuille trop long ou interdit est refusé', async () => {
    await assert.rejects(produire('xlsx', [{ ...feuille(), nom: 'x'.repeat(32) }]), /Nom de feuille invalide/);
    await assert.rejects(produire('ods', [{ ...feuille(), nom: 'a/b' }]), /Nom de feuille invalide/);
  });
});
