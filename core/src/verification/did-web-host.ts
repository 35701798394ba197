/**
 * Whether a `did:web` may be fetched by a verifier that answers the public: its host must be a DNS name, not
 * `localhost`, and not an IP literal of a loopback, private, link-local, carrier-grade-NAT or unspecified range —
 * otherwise anyone could make the verifier probe its own network (server-side request forgery) by sending a
 * credential issued by `did:web:10.0.0.5`. Names that resolve to such addresses are not caught here (that needs the
 * resolver's socket); deployments that must guard against them put the verifier behind an egress proxy.
 *
 * @param did - a `did:web` DID (`did:web:<host>[%3A<port>][:<path>…]`).
 * @returns whether its host is a public one.
 * @see https://w3c-ccg.github.io/did-method-web/#security-and-privacy-considerations
 */
export function isPublicDidWebHost(did: string): boolean {
  const encodedHost = did.slice('did:web:'.length).split(':')[0] ?? '';
  let host: string;
  try {
    host = decodeURIComponent(encodedHost).toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/:\d+$/, ''); // port
  if (host === '' || host === 'localhost' || host.endsWith('.localhost')) return false;
  if (host.startsWith('[') || host.includes(':')) return false; // IPv6 literals: never needed for did:web
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (ipv4 === null) return true;
  const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
  return !(
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}
