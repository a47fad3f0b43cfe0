import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** Test helpers: a real SMTP peer on loopback (ephemeral port) that keeps and parses what it receives. */

export type PairSmtp = {
  /** smtp://vivier:<password>@127.0.0.1:<port> */
  url: string;
  port: number;
  motDePasse: string;
  recus: Array<{ enveloppe: string[]; courriel: ParsedMail }>;
  /** Refuse every recipient with this SMTP reply (null: accept). */
  refuser(reponse: { code: number; message: string } | null): void;
  attendre(n: number, delaiMs?: number): Promise<void>;
  fermer(): Promise<void>;
};

/** `port`: listen on this port (a peer started again where the stopped one was); by default an ephemeral one. */
export async function pairSmtp(o: { port?: number } = {}): Promise<PairSmtp> {
  const recus: PairSmtp['recus'] = [];
  const motDePasse = 'p@ss-très-secret';
  let refus: { code: number; message: string } | null = null;
  const serveur = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    closeTimeout: 200,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'vivier' && auth.password === motDePasse) callback(null, { user: 'vivier' });
      else callback(new Error('Identifiants refusés'));
    },
    onRcptTo(_adresse, _session, callback) {
      if (!refus) return callback();
      callback(Object.assign(new Error(refus.message), { responseCode: refus.code }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((courriel) => {
          recus.push({ enveloppe: session.envelope.rcptTo.map((r) => r.address), courriel });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((ok, ko) => {
    serveur.once('error', ko);
    serveur.listen(o.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = serveur.server.address() as AddressInfo;
  return {
    url: `smtp://vivier:${encodeURIComponent(motDePasse)}@127.0.0.1:${port}`,
    port,
    motDePasse,
    recus,
    refuser: (r) => {
      refus = r;
    },
    async attendre(n, delaiMs = 10_000) {
      const fin = Date.now() + delaiMs;
      while (recus.length < n) {
        if (Date.now() > fin) throw new Error(`attendu ${n} courriels, reçu ${recus.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    fermer: () => new Promise<void>((ok) => serveur.close(() => ok())),
  };
}
