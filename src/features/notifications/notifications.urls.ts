/** Typed URL builders of the notifications pages. */
export const urlsNotifications = {
  courriels: (page?: number) => (page && page > 1 ? `/admin/courriels?page=${page}` : '/admin/courriels'),
  courriel: (id: string) => `/admin/courriels/${id}`,
} as const;
