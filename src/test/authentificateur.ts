import crypto from 'node:crypto';

/**
 * A software WebAuthn authenticator for integration tests (the browser journeys use Chromium's virtual one): ES256 key
 * pairs, "none" attestation, discoverable credentials with their user handle, and a signature counter the test can
 * set (to replay an old value). Its output is the JSON the browser library would post.
 */

// Minimal CBOR (RFC 8949) encoding: unsigned and negative integers, byte and text strings, maps. Enough for an
// attestation object and a COSE key.
type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;

function tete(majeur: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(majeur << 5) | n]);
  if (n < 0x100) return Buffer.from([(majeur << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(majeur << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (majeur << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

export function cbor(v: Cbor): Buffer {
  if (typeof v === 'number') return v >= 0 ? tete(0, v) : tete(1, -1 - v);
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([tete(3, b.length), b]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([tete(2, v.length), Buffer.from(v)]);
  const parts: Buffer[] = [tete(5, v.size)];
  for (const [k, x] of v) parts.push(cbor(k), cbor(x));
  return Buffer.concat(parts);
}

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => crypto.createHash('sha256').update(b).digest();

export type Identifiant = { id: Buffer; cle: crypto.KeyObject; poignee: Buffer; compteur: number; rpId: string };

export class AuthentificateurLogiciel {
  readonly identifiants: Identifiant[] = [];
  constructor(readonly origine: string) {}

  /** Answers creation options (`navigator.credentials.create`): a new ES256 credential. */
  creer(options: { challenge: string; rp: { id?: string }; user: { id: string } }, opts: { uv?: boolean; compteur?: number } = {}) {
    const rpId = options.rp.id ?? new URL(this.origine).hostname;
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const id = crypto.randomBytes(16);
    const cose = cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const compteur = opts.compteur ?? 0;
    const drapeaux = 0x01 | (opts.uv === false ? 0 : 0x04) | 0x40;
    const compteurOctets = Buffer.alloc(4);
    compteurOctets.writeUInt32BE(compteur);
    const longueur = Buffer.alloc(2);
    longueur.writeUInt16BE(id.length);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([drapeaux]), compteurOctets, Buffer.alloc(16), longueur, id, cose]);
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: this.origine, crossOrigin: false }));
    const identifiant = { id, cle: privateKey, poignee: Buffer.from(options.user.id, 'base64url'), compteur, rpId };
    this.identifiants.push(identifiant);
    return {
      reponse: {
        id: b64u(id),
        rawId: b64u(id),
        type: 'public-key',
        response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(attestationObject), transports: ['internal'] },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      },
      identifiant,
    };
  }

  /**
   * Answers request options (`navigator.credentials.get`) with `identifiant` (default: the last created). The counter
   * goes up by one unless `compteur` is given (a replayed or cloned authenticator).
   */
  signer(options: { challenge: string; rpId?: string }, opts: { identifiant?: Identifiant; compteur?: number; uv?: boolean; origine?: string; poignee?: Buffer | null } = {}) {
    const ident = opts.identifiant ?? this.identifiants.at(-1);
    if (!ident) throw new Error('aucun identifiant créé');
    ident.compteur = opts.compteur ?? ident.compteur + 1;
    const compteurOctets = Buffer.alloc(4);
    compteurOctets.writeUInt32BE(ident.compteur);
    const drapeaux = 0x01 | (opts.uv === false ? 0 : 0x04);
    const authData = Buffer.concat([sha256(options.rpId ?? ident.rpId), Buffer.from([drapeaux]), compteurOctets]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: opts.origine ?? this.origine, crossOrigin: false }));
    const signature = crypto.sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), ident.cle);
    const poignee = opts.poignee === undefined ? ident.poignee : opts.poignee;
    return {
      id: b64u(ident.id),
      rawId: b64u(ident.id),
      type: 'public-key',
      response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authData), signature: b64u(signature), ...(poignee ? { userHandle: b64u(poignee) } : {}) },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
