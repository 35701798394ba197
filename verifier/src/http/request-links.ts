import { authorizationRequestUri } from '../oid4vp/authorization-request.ts';

/** The public URLs of one presentation request. */
export interface RequestUrls {
  /** `GET` the request (state, definition, nonce, report). */
  url: string;
  /** `POST` a presentation directly (the medtrust wallet). */
  responseUrl: string;
  oid4vp: {
    clientId: string;
    /** `GET` the signed request object. */
    requestUri: string;
    /** `POST` (`direct_post`) the `vp_token`. */
    responseUri: string;
    /** `openid4vp://?client_id=…&request_uri=…`, what the QR code carries. */
    authorizationRequestUri: string;
  };
}

/**
 * Builds the public URLs of presentation requests from the verifier's public base URL.
 * @param publicBaseUrl - e.g. `https://verifier.example` (no trailing slash needed).
 * @param clientId - the verifier's OID4VP client id.
 * @returns a function of the request id.
 */
export function requestUrls(publicBaseUrl: string, clientId: string): (id: string) => RequestUrls {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return (id) => {
    const encoded = encodeURIComponent(id);
    const requestUri = `${base}/oid4vp/requests/${encoded}`;
    return {
      url: `${base}/presentation-requests/${encoded}`,
      responseUrl: `${base}/presentation-requests/${encoded}/response`,
      oid4vp: {
        clientId,
        requestUri,
        responseUri: `${base}/oid4vp/responses/${encoded}`,
        authorizationRequestUri: authorizationRequestUri({ clientId, requestUri }),
      },
    };
  };
}
