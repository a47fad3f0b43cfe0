// Passkey ceremonies (WebAuthn), on top of @simplewebauthn/browser (window.SimpleWebAuthnBrowser, loaded just before).
// A form `data-webauthn="enregistrer|connecter|second-facteur"` asks `data-options` for the options (a POST with the
// page's CSRF token: the server keeps the challenge, bound to this session or browser), lets the browser create or use
// the passkey, puts its answer in the hidden field `reponse`, and only then submits the form normally: the server
// checks it and answers with a page (a redirection on success, the page with its message otherwise).
(() => {
  const lib = window.SimpleWebAuthnBrowser;
  const possible = Boolean(lib && window.PublicKeyCredential && lib.browserSupportsWebAuthn());

  const MESSAGES = {
    NotAllowedError: 'L’opération a été annulée ou le délai est dépassé. Vous pouvez recommencer.',
    InvalidStateError: 'Cette clé d’accès est déjà enregistrée sur cet appareil.',
    SecurityError: 'Ce site ne peut pas utiliser les clés d’accès à cette adresse.',
    AbortError: 'L’opération a été interrompue. Vous pouvez recommencer.',
  };

  function afficher(form, texte) {
    const zone = form.querySelector('[data-webauthn-statut]');
    zone.replaceChildren();
    if (!texte) return;
    const p = document.createElement('p');
    p.className = 'fr-error-text';
    p.textContent = texte;
    zone.append(p);
  }

  async function options(form) {
    const csrf = form.querySelector('input[name="_csrf"]').value;
    const nom = form.querySelector('input[name="nom"]');
    const r = await fetch(form.dataset.options, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(nom ? { nom: nom.value } : {}),
    });
    let corps = null;
    try {
      corps = await r.json();
    } catch {
      corps = null;
    }
    if (!r.ok) {
      const message = corps && typeof corps.erreur === 'string' ? corps.erreur : corps && typeof corps.message === 'string' ? corps.message : 'Le serveur n’a pas pu préparer l’opération : rechargez la page et recommencez.';
      const e = new Error(message);
      e.vivier = true;
      if (nom && corps && corps.champ === 'nom') nom.focus();
      throw e;
    }
    return corps;
  }

  for (const form of document.querySelectorAll('form[data-webauthn]')) {
    const bloc = form.closest('[data-webauthn-bloc]') ?? form.parentElement;
    if (!possible) continue;
    for (const note of bloc.querySelectorAll('[data-webauthn-absent]')) note.hidden = true;
    form.hidden = false;
    let enCours = false;
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (enCours) return;
      enCours = true;
      const bouton = form.querySelector('button[type="submit"]');
      bouton.disabled = true;
      afficher(form, '');
      try {
        const optionsJSON = await options(form);
        const reponse = form.dataset.webauthn === 'enregistrer' ? await lib.startRegistration({ optionsJSON }) : await lib.startAuthentication({ optionsJSON });
        form.querySelector('input[name="reponse"]').value = JSON.stringify(reponse);
        form.submit();
      } catch (err) {
        afficher(form, err && err.vivier ? err.message : (err && MESSAGES[err.name]) || 'Votre navigateur n’a pas pu utiliser la clé d’accès. Vous pouvez recommencer.');
        bouton.disabled = false;
        enCours = false;
      }
    });
  }
})();
