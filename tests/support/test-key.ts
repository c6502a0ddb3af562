import type { CryptoKey } from 'jose';
import type { ServiceAccountKey } from '../../src/sheets/service-account-token';

/** A fresh service-account key made for one test run; no key is ever committed. */
export interface TestKey {
  key: ServiceAccountKey;
  publicKey: CryptoKey;
}

/** An RS256 key pair, as Google makes for a service account. */
export async function generateRsaKeyPair(): Promise<{
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}> {
  return (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as { publicKey: CryptoKey; privateKey: CryptoKey };
}

/** Generates an RSA key pair and wraps its private half as Google's key JSON would. */
export async function generateTestKey(privateKeyId?: string): Promise<TestKey> {
  const pair = await generateRsaKeyPair();
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  const pem = `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
  return {
    key: {
      type: 'service_account',
      client_email: 'dual-coverage@committee-sync.iam.gserviceaccount.com',
      private_key: pem,
      ...(privateKeyId === undefined ? {} : { private_key_id: privateKeyId }),
      token_uri: 'https://oauth2.googleapis.com/token',
    },
    publicKey: pair.publicKey,
  };
}
