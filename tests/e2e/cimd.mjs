// Client ID Metadata Documents (CIMD) for the local provider, as Hugging Face accepts them
// (hub-docs `docs/hub/oauth.md`, "Automated oauth app creation"): a client ID that is a URL is
// looked up by fetching the JSON document at that URL. The document must be an object whose
// `client_id` is that very URL, with `redirect_uris` and `token_endpoint_auth_method: "none"`
// (a public client with PKCE); `client_name`, `logo_uri`, `client_uri` are shown on consent.
// The authorize request's redirect URI must then be one of the document's `redirect_uris`
// (oidc-provider checks it, as for any client).
//
// oidc-provider 9 has an experimental CIMD feature, but it accepts `https` client IDs only;
// the e2e's sites are `http://127.0.0.1:PORT`. So the lookup lives here, in the provider's
// client store (its adapter): `https` URLs, and `http` on loopback.
//
// Each lookup fetches the document again (no cache), and logs one line:
//   cimd: <url> -> accepted | refused: <why>

import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import { errors } from 'oidc-provider';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

// Whether a client ID names a metadata document: an https URL (or http on loopback) without
// fragment or user info.
export const isDocumentUrl = (id) => {
  const url = URL.parse(String(id));
  return (
    !!url
    && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    && !url.hash
    && !url.username
    && !url.password
  );
};

const refuse = (id, why) => {
  console.log(`cimd: ${id} -> refused: ${why}`);
  throw new errors.InvalidClient(`client metadata document refused: ${why}`);
};

// The client metadata of the document at `id`, or an `invalid_client` error saying why not.
export async function resolveDocument(id) {
  let response;
  try {
    response = await fetch(id, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    return refuse(id, `fetch failed (${error.message})`);
  }
  if (response.status !== 200) {
    return refuse(id, `the document answered ${response.status}`);
  }
  let doc;
  try {
    doc = JSON.parse(await response.text());
  } catch {
    return refuse(id, 'the document is not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return refuse(id, 'the document is not a JSON object');
  }
  if (doc.client_id !== id) {
    return refuse(id, `its client_id ${JSON.stringify(doc.client_id)} is not its URL`);
  }
  if (doc.token_endpoint_auth_method !== 'none') {
    return refuse(id, 'token_endpoint_auth_method is not "none"');
  }
  if ('client_secret' in doc) {
    return refuse(id, 'it carries a client_secret');
  }
  if (!Array.isArray(doc.redirect_uris) || doc.redirect_uris.length === 0) {
    return refuse(id, 'it lists no redirect_uris');
  }
  console.log(`cimd: ${id} -> accepted`);
  return {
    client_id: id,
    ...(typeof doc.client_name === 'string' ? { client_name: doc.client_name } : {}),
    ...(typeof doc.logo_uri === 'string' ? { logo_uri: doc.logo_uri } : {}),
    ...(typeof doc.client_uri === 'string' ? { client_uri: doc.client_uri } : {}),
    redirect_uris: doc.redirect_uris,
    token_endpoint_auth_method: 'none',
    // As for every Hugging Face app (the document names no grant types): the code flow, a
    // refresh token with it, auth_time in the id_token.
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    require_auth_time: true,
  };
}

// The provider's store: oidc-provider's in-memory one, where a client that is not registered
// and whose ID is a document URL is looked up by fetching the document.
export function clientMetadataAdapter(clockTolerance = 0) {
  const memory = createMemoryAdapter(clockTolerance);
  return (model) => {
    const adapter = memory(model);
    if (model === 'Client') {
      const find = adapter.find.bind(adapter);
      adapter.find = async (id) => (await find(id)) ?? (isDocumentUrl(id) ? resolveDocument(id) : undefined);
    }
    return adapter;
  };
}
