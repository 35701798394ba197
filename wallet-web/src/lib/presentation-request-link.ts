/**
 * Opening whatever the holder pasted or scanned to answer a verifier: an `openid4vp://` link, or the https URL of a
 * medtrust presentation request (`…/presentation-requests/:id`), whose public view also names the policy and why
 * each field is asked for.
 */
import { fetchJson, type FetchLike } from './fetch-json.ts';
import {
  loadPresentationRequest,
  PresentationRequestError,
  withPresentationDefinition,
  type PresentationRequest,
} from './oid4vp-client.ts';

/** The public view of a medtrust presentation request (the parts the wallet reads). */
interface MedtrustRequestView {
  title?: string;
  presentationDefinition?: unknown;
  oid4vp?: { authorizationRequestUri?: string };
}

const VIEW_PATH = /\/presentation-requests\/([A-Za-z0-9_-]+)\/?$/;
const OID4VP_REQUEST_PATH = /\/oid4vp\/requests\/([A-Za-z0-9_-]+)\/?$/;

async function medtrustView(url: string, fetchFn: FetchLike): Promise<MedtrustRequestView | undefined> {
  try {
    return await fetchJson<MedtrustRequestView>(fetchFn, url);
  } catch {
    return undefined;
  }
}

/**
 * Loads a presentation request from a link.
 * @param link - `openid4vp://…` or a medtrust request URL.
 * @param fetchFn - fetch.
 * @returns the request (with titles and purposes when the verifier publishes them).
 * @throws PresentationRequestError / ApiError when it cannot be used.
 */
export async function openPresentationLink(link: string, fetchFn: FetchLike): Promise<PresentationRequest> {
  const text = link.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PresentationRequestError(
      'this is not a presentation request link (it should start with openid4vp://)',
    );
  }
  if ((url.protocol === 'https:' || url.protocol === 'http:') && VIEW_PATH.test(url.pathname)) {
    const view = await fetchJson<MedtrustRequestView>(fetchFn, url.toString());
    const next = view?.oid4vp?.authorizationRequestUri;
    if (typeof next !== 'string')
      throw new PresentationRequestError('this page is not an open presentation request');
    const request = await loadPresentationRequest(next, fetchFn);
    return withPresentationDefinition(request, view.presentationDefinition, view.title);
  }
  const request = await loadPresentationRequest(text, fetchFn);
  // A medtrust verifier also publishes the policy behind the request: use it to explain the request (best effort).
  const requestUri = url.searchParams.get('request_uri') ?? '';
  const match = OID4VP_REQUEST_PATH.exec(new URL(requestUri).pathname);
  if (match) {
    const viewUrl = new URL(`../../presentation-requests/${match[1]}`, requestUri).toString();
    const view = await medtrustView(viewUrl, fetchFn);
    if (view) return withPresentationDefinition(request, view.presentationDefinition, view.title);
  }
  return request;
}

/**
 * The URL where a medtrust verifier publishes the outcome of a request answered over OID4VP, derived from its
 * response URI (`…/oid4vp/responses/:id` → `…/presentation-requests/:id`).
 * @param responseUri - the request's response URI.
 * @returns the URL, or undefined for other verifiers.
 */
export function outcomeUrlOf(responseUri: string): string | undefined {
  const match = /\/oid4vp\/responses\/([A-Za-z0-9_-]+)\/?$/.exec(new URL(responseUri).pathname);
  return match ? new URL(`../../presentation-requests/${match[1]}`, responseUri).toString() : undefined;
}
