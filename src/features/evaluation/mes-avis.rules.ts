/**
 * When an agent reads the avis (regime C) or appreciations (regimes A/B) given on their dossier (DOMAIN.md §7, pure):
 * « avis shown to the agent in I-Prof from a date set by the campaign », before the table. The campaign's
 * `avis_visibles_le` is that instant; a campaign that has none shows them with its published table. Never before.
 */

export type VisibiliteAvis = { avis_visibles_le: Date | null; publiee_le: Date | null };

/** The instant from which the agent reads them, or null while it is not known (no date set, not published). */
export function avisVisiblesLe(c: VisibiliteAvis): Date | null {
  return c.avis_visibles_le ?? c.publiee_le;
}

/** Whether the agent reads them at `instant`: from that instant on, to the millisecond. */
export function avisVisibles(c: VisibiliteAvis, instant: Date): boolean {
  const le = avisVisiblesLe(c);
  return le !== null && instant.getTime() >= le.getTime();
}
