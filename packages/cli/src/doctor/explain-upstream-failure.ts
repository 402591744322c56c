/**
 * What to do about a failed doctor call to MercadoPago or GoHighLevel, from its error: a DNS or network failure is
 * about the address and the network, never about the token; `credentialFix` is the advice for everything else.
 */
export function explainUpstreamFailure(message: string, o: { apiUrl: string; urlVariable: string; credentialFix: string }): string {
  const host = hostOf(o.apiUrl);
  if (/\b(ENOTFOUND|EAI_AGAIN)\b|getaddrinfo/.test(message)) {
    return `the host ${host} cannot be found (DNS): check ${o.urlVariable} (${o.apiUrl}) and this machine's internet connection and DNS; `
      + 'set HTTPS_PROXY if outbound traffic must go through a proxy';
  }
  if (/\b(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN|EPIPE)\b|timed? ?out|timeout/i.test(message)) {
    return `${host} did not answer: check the network, a firewall or HTTPS_PROXY, and ${o.urlVariable} (${o.apiUrl})`;
  }
  if (/CERT|SSL|TLS|EPROTO/.test(message)) {
    return `the TLS connection to ${host} failed: a proxy that inspects TLS needs its CA in NODE_EXTRA_CA_CERTS; check ${o.urlVariable} (${o.apiUrl})`;
  }
  return o.credentialFix;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
