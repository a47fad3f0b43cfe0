import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../config.ts';
import { optionsSmtp } from './smtp.ts';

describe('configuration de l’envoi des courriels', () => {
  test('par défaut : pas de serveur SMTP (les courriels restent dans la file) et l’expéditeur de Vivier', () => {
    const c = loadConfig({});
    assert.equal(c.smtpUrl, undefined);
    assert.equal(c.courrielExpediteur, 'Vivier <ne-pas-repondre@vivier.invalid>');
    assert.equal(loadConfig({ SMTP_URL: '' }).smtpUrl, undefined, 'vide vaut absente');
  });

  const bonnes = ['smtp://relais.ac-exemple.fr:25', 'smtp://vivier:mot%40passe@relais:587', 'smtps://relais.ac-exemple.fr', 'smtp://[::1]:2525'];
  for (const url of bonnes) test(`accepte ${url}`, () => assert.equal(loadConfig({ SMTP_URL: url }).smtpUrl, url));

  const mauvaises = ['http://relais:25', 'relais:25', 'smtp://', 'smtp://vivier:s3cret@relais:99999', 'smtp://relais:25/chemin', 'smtp://relais:25?secure=false'];
  for (const url of mauvaises) {
    test(`refuse « ${url} » avec un message qui nomme SMTP_URL sans répéter de mot de passe`, () =>
      assert.throws(
        () => loadConfig({ SMTP_URL: url }),
        (e: unknown) => e instanceof ConfigError && /SMTP_URL: doit être de la forme smtp:\/\/hôte:port/.test(e.message) && !e.message.includes('s3cret'),
      ));
  }

  test('un expéditeur sans adresse est refusé', () =>
    assert.throws(() => loadConfig({ COURRIEL_EXPEDITEUR: 'Vivier' }), (e: unknown) => e instanceof ConfigError && /COURRIEL_EXPEDITEUR: doit être une adresse/.test(e.message)));
  test('un expéditeur « Nom <adresse> » est gardé tel quel', () =>
    assert.equal(loadConfig({ COURRIEL_EXPEDITEUR: 'Rectorat – DPE <dpe@ac-exemple.fr>' }).courrielExpediteur, 'Rectorat – DPE <dpe@ac-exemple.fr>'));

  test('l’adresse SMTP donne hôte, port, TLS direct et identifiants décodés', () => {
    assert.deepEqual(optionsSmtp('smtp://vivier:mot%40passe@relais:587'), { host: 'relais', port: 587, secure: false, auth: { user: 'vivier', pass: 'mot@passe' } });
    assert.deepEqual(optionsSmtp('smtps://relais'), { host: 'relais', port: 465, secure: true, auth: undefined });
    assert.deepEqual(optionsSmtp('smtp://relais'), { host: 'relais', port: 587, secure: false, auth: undefined });
    assert.equal(optionsSmtp('smtp://[::1]:2525').host, '::1');
  });
});
