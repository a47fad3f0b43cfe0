/**
 * The security headers of every response, computed once (they never vary by request): the set helmet gave
 * us, written out so that no per-request work rebuilds them. A route may override one (e.g. the sandboxed
 * CSP of a downloaded attachment).
 */
export function entetesSecurite(options: { production: boolean; formulairesVers?: string[] }): Readonly<Record<string, string>> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    // The sign-in and logout forms redirect to the OpenID Connect provider (ProConnect): its origin, when configured.
    ["form-action 'self'", ...(options.formulairesVers ?? [])].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join(';');
  return Object.freeze({
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    ...(options.production ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  });
}
