// Progressive enhancement of a confirmation: a link `<a href="…" data-modale="id">` leads to a confirmation page
// (works without JavaScript); with JavaScript, it opens the same question in the DSFR modal of that id instead, and
// focus returns to the link when the modal closes.
for (const lien of document.querySelectorAll('a[data-modale]')) {
  const modale = document.getElementById(lien.dataset.modale);
  if (!modale) continue;
  lien.setAttribute('aria-haspopup', 'dialog');
  lien.addEventListener('click', (e) => {
    if (!window.dsfr) return; // the DSFR script did not load: follow the link to the confirmation page
    e.preventDefault();
    window.dsfr(modale).modal.disclose();
  });
  modale.addEventListener('dsfr.conceal', () => lien.focus());
}
