import net from 'node:net';

/**
 * A TCP port free on the loopback right now (the system's pick, then released): for a peer that must be told its port
 * before it listens (slapd, a PostgreSQL cluster, an OIDC provider whose issuer URL holds it, a server in a child process).
 */
export function portLibre(): Promise<number> {
  return new Promise((ok, ko) => {
    const s = net.createServer();
    s.once('error', ko);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => ok(port));
    });
  });
}
