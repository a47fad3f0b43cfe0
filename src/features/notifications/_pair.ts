import { pairSmtp } from './test-smtp.ts';
const p = await pairSmtp();
console.log('URL', p.url);
let vus = 0;
setInterval(() => {
  while (vus < p.recus.length) {
    const r = p.recus[vus++]!;
    console.log('RECU', r.enveloppe.join(','), '|', r.courriel.subject, '|', r.courriel.attachments.map((a) => a.filename).join(','));
  }
}, 200);
process.on('SIGTERM', async () => { await p.fermer(); process.exit(0); });
