// A local OpenID provider configured like Hugging Face, for `cargo xtask e2e` (and a person).
//
// node provider.mjs   with the environment:
//   PORT              port on 127.0.0.1 (required); the issuer is http://127.0.0.1:PORT
//   APP_ORIGIN        origin of the app allowed to call the token endpoint (CORS), e.g.
//                     http://127.0.0.1:8080 (required)
//   REDIRECT_URI      the app's redirect URI (default APP_ORIGIN + "/")
//   CLIENT_ID         the public client's id (default hf-oauth-e2e)
//   COOP              1: send Cross-Origin-Opener-Policy: same-origin on every answer
//   ACCESS_TOKEN_TTL  access-token lifetime in seconds (default 28799, as Hugging Face's
//                     `expires_in`; short for the expiry and refresh tests)
//
// Like Hugging Face: /oauth/authorize, /oauth/token, /oauth/userinfo, discovery at
// /.well-known/openid-configuration; a public client with PKCE (S256) required; scopes
// openid profile email inference-api read-billing read-memberships ...; the id_token carries
// the standard claims only (sub, name, preferred_username, profile, picture, website, email,
// email_verified), userinfo adds isPro, canPay (read-billing) and orgs (roles with
// read-memberships); every code exchange also issues a refresh token (no offline_access
// needed) that rotates on every refresh (the old one is refused afterwards); the token answer
// says `"token_type": "bearer"`; /oauth/authorize refuses to load in a frame (403). Like it,
// no other OAuth endpoint: no revocation, no end-session (RP-initiated logout), no
// introspection, no pushed authorization requests; discovery lists none of them (huggingface.co
// documents none: sign-out is the app's own business, and a visitor revokes an app on the
// connected-applications page of their settings). Unlike it, the login/consent step passes by
// itself: /interaction/:uid signs the test account in and grants every requested scope, with
// no page to click (unless the consent page is switched on, below).
//
// Like it too, a client ID may be the URL of a client ID metadata document, which is fetched
// and checked (cimd.mjs; CIMD, "Automated oauth app creation" in Hugging Face's docs).
//
// Test-only paths (not OAuth, listed nowhere):
//   GET  /_e2e/stats           {"authorization_code":N,"refresh_token":N,"refresh_refused":N,
//                              "userinfo":N,"introspection":N,"revocation":N,"end_session":N,
//                              "not_found":N}: token requests by grant type, refused refreshes,
//                              userinfo calls, the gate's token look-ups, requests to a
//                              revocation or end-session path (any of the usual ones: none
//                              exists, so they are counted whatever they answer), and every
//                              other request answered 404 (but a browser's /favicon.ico)
//   POST /_e2e/token?scope=S   an access token for the account with exactly the scopes S
//   POST /_e2e/introspect      token=T: RFC 7662's answer for the access token T, for the gate
//                              (Hugging Face's router knows its own tokens; no OAuth client can)
//   POST /_e2e/revoke-app      token=T: what the visitor does on huggingface.co's
//                              connected-applications page: the whole grant behind the access
//                              token T goes (its access and refresh tokens)
//   POST /_e2e/consent-page?on=1|0   with 1, every authorization stops at a consent page with
//                              an Authorize button (#authorize), as huggingface.co's first
//                              authorization of an app does; 0 goes back to passing at once
//
// Prints "provider ready <issuer>" once listening. Not for production: fixed cookie keys, an
// in-memory store (a restart forgets every token), one account.

import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';
import { clientMetadataAdapter } from './cimd.mjs';

const env = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined || value === '') {
    if (fallback === undefined) {
      console.error(`provider: set ${name}`);
      process.exit(2);
    }
    return fallback;
  }
  return value;
};

const PORT = Number(env('PORT'));
const APP_ORIGIN = env('APP_ORIGIN').replace(/\/+$/, '');
const REDIRECT_URI = env('REDIRECT_URI', `${APP_ORIGIN}/`);
const CLIENT_ID = env('CLIENT_ID', 'hf-oauth-e2e');
const ACCESS_TOKEN_TTL = Number(env('ACCESS_TOKEN_TTL', '28799'));
const ISSUER = `http://127.0.0.1:${PORT}`;

// The one account, shaped like a Hugging Face profile. The id_token carries the standard
// claims alone; userinfo adds Hugging Face's own (`isPro`, `canPay`, `orgs`), as huggingface.co
// does. `canPay` needs `read-billing`, an organization's role and resource groups need
// `read-memberships` (see DESIGN.md).
const ACCOUNT_ID = '6123456789abcdef01234567';
const standardClaims = () => ({
  sub: ACCOUNT_ID,
  name: 'Ada Lovelace',
  preferred_username: 'ada',
  profile: `${ISSUER}/ada`,
  picture: `${ISSUER}/avatars/ada.svg`,
  website: 'https://example.org',
  email: 'ada@example.org',
  email_verified: true,
});
const hubClaims = (scopes) => ({
  isPro: true,
  ...(scopes.has('read-billing') ? { canPay: false } : {}),
  orgs: [
    {
      sub: '6456789abcdef0123456789a',
      name: 'Analytical Engines',
      preferred_username: 'analytical-engines',
      picture: `${ISSUER}/avatars/org.svg`,
      plan: 'team',
      ...(scopes.has('read-billing') ? { canPay: true } : {}),
      ...(scopes.has('read-memberships')
        ? {
            roleInOrg: 'admin',
            resourceGroups: [{ sub: '6556789abcdef0123456789b', name: 'engines', role: 'write' }],
          }
        : {}),
      securityRestrictions: ['mfa'],
    },
  ],
});
const claimsFor = (use, scope) => {
  const scopes = new Set(String(scope ?? '').split(' '));
  return use === 'userinfo' ? { ...standardClaims(), ...hubClaims(scopes) } : standardClaims();
};

const AVATAR = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<rect width="64" height="64" rx="32" fill="#ffd21e"/><text x="32" y="41" font-size="26"
font-family="sans-serif" text-anchor="middle" fill="#0b0f19">AL</text></svg>`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'e2e-1' };

const configuration = {
  clients: [
    {
      client_id: CLIENT_ID,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      // auth_time in every id_token, as Hugging Face's.
      require_auth_time: true,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [REDIRECT_URI],
    },
  ],
  jwks: { keys: [signingKey] },
  // A client ID that is a URL is a client ID metadata document's, fetched (cimd.mjs).
  adapter: clientMetadataAdapter(0),
  cookies: { keys: ['e2e-only-not-a-secret'] },
  routes: {
    authorization: '/oauth/authorize',
    token: '/oauth/token',
    userinfo: '/oauth/userinfo',
    jwks: '/oauth/jwks',
  },
  scopes: [
    'openid', 'profile', 'email', 'inference-api', 'read-repos', 'write-repos', 'manage-repos',
    'read-billing', 'read-memberships', 'gated-repos', 'offline_access',
  ],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username', 'profile', 'picture', 'website', 'isPro', 'orgs'],
    email: ['email', 'email_verified'],
    'read-billing': ['canPay'],
  },
  // The standard profile claims go into the id_token too, even though an access token is issued
  // (as on huggingface.co: one token request shows the name); `claimsFor` keeps the hub's own
  // claims out of it.
  conformIdTokenClaims: false,
  // A refresh token with every code exchange (no `offline_access` needed), a new one on every
  // refresh; the old one is refused afterwards (and, reused, revokes the whole grant).
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: true,
  clockTolerance: 0,
  pkce: { required: () => true },
  // As huggingface.co's discovery: the code flow only.
  responseTypes: ['code'],
  clientBasedCORS: (_ctx, origin, _client) => origin === APP_ORIGIN,
  ttl: {
    AccessToken: ACCESS_TOKEN_TTL,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
    RefreshToken: 14 * 24 * 3600,
  },
  features: {
    devInteractions: { enabled: false },
    // Hugging Face offers none of these (oidc-provider enables the last two by default).
    revocation: { enabled: false },
    introspection: { enabled: false },
    rpInitiatedLogout: { enabled: false },
    pushedAuthorizationRequests: { enabled: false },
    userinfo: { enabled: true },
  },
  // With the consent page on, a grant from an earlier authorization is not reused: the visitor
  // approves again (the grant of the interaction just finished is, or it would loop).
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId
      || (consentPage ? undefined : ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId));
    return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (_ctx, id) =>
    id === ACCOUNT_ID
      ? { accountId: id, claims: async (use, scope) => claimsFor(use, scope) }
      : undefined,
  renderError: async (ctx, out) => {
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = `provider error: ${out.error}: ${out.error_description ?? ''}\n`;
  },
};

// Whether authorizations stop at a consent page (POST /_e2e/consent-page?on=1).
let consentPage = false;

const provider = new Provider(ISSUER, configuration);

// What the scenario asserts on: token requests by grant type, refused refreshes, userinfo calls.
const stats = {
  authorization_code: 0,
  refresh_token: 0,
  refresh_refused: 0,
  userinfo: 0,
  introspection: 0,
  revocation: 0,
  end_session: 0,
  not_found: 0,
};

// The paths a library could try to revoke a token or end the provider's session at: none
// exists here (nor on huggingface.co), so every request to one is counted.
const REVOCATION = /revo(ke|cation)/i;
const END_SESSION = /logout|session\/end|end_session|signout/i;

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/oauth/token' && ctx.method === 'POST') {
    const grantType = ctx.oidc?.params?.grant_type;
    if (grantType in stats) stats[grantType] += 1;
    if (grantType === 'refresh_token' && ctx.status !== 200) stats.refresh_refused += 1;
    // Hugging Face answers `"token_type": "bearer"` (lowercase); oidc-provider says "Bearer".
    if (ctx.status === 200 && ctx.body && typeof ctx.body === 'object' && 'token_type' in ctx.body) {
      ctx.body = { ...ctx.body, token_type: 'bearer' };
    }
  } else if (ctx.path === '/oauth/userinfo' && ctx.method !== 'OPTIONS') {
    // (A CORS preflight is not a userinfo request.)
    stats.userinfo += 1;
  } else if (ctx.status === 404 && ctx.path !== '/favicon.ico') {
    // (A browser asks for the favicon of the consent page by itself.)
    stats.not_found += 1;
  }
});

const oidc = provider.callback();

// Test-only: an access token for the account with exactly `scope` (e.g. without
// `inference-api`, to see the gate refuse it with 403), issued like a code exchange's.
async function mint(scope) {
  const client = await provider.Client.find(CLIENT_ID);
  const grant = new provider.Grant({ accountId: ACCOUNT_ID, clientId: CLIENT_ID });
  grant.addOIDCScope(scope);
  const grantId = await grant.save();
  const token = new provider.AccessToken({
    accountId: ACCOUNT_ID,
    client,
    grantId,
    scope: grant.getOIDCScopeFiltered(new Set(scope.split(' '))),
    gty: 'authorization_code',
  });
  const value = await token.save();
  return { access_token: value, token_type: 'bearer', expires_in: token.expiration, scope: token.scope };
}

// Test-only, for the gate: what RFC 7662 introspection answers for an access token.
async function introspect(token) {
  const found = token ? await provider.AccessToken.find(token) : undefined;
  if (!found || found.isExpired) {
    return { active: false };
  }
  return {
    active: true,
    sub: found.accountId,
    client_id: found.clientId,
    scope: found.scope,
    exp: found.exp,
    token_type: 'bearer',
  };
}

// Test-only: the visitor revokes the app (the grant behind this access token goes, with every
// access and refresh token of it); false when the token is unknown.
async function revokeApp(token) {
  const found = token ? await provider.AccessToken.find(token) : undefined;
  if (!found) {
    return false;
  }
  await provider.AccessToken.revokeByGrantId(found.grantId);
  await provider.RefreshToken.revokeByGrantId(found.grantId);
  const grant = await provider.Grant.find(found.grantId);
  await grant?.destroy();
  return true;
}

// The form fields of a POST body (application/x-www-form-urlencoded).
const formBody = (req) =>
  new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });

// Like huggingface.co's first authorization of an app: the app's name, the scopes asked for,
// an Authorize button.
const consentHtml = (uid, params) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Authorize ${params.client_id}</title></head><body>
<h1>Authorize ${params.client_id}</h1><p>Scopes: ${String(params.scope ?? '')}</p>
<form method="post" action="/interaction/${uid}/authorize">
<button id="authorize" type="submit">Authorize</button></form></body></html>`;

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

// Hugging Face's sign-in pages cannot be framed (a Space runs in an iframe of huggingface.co).
const FRAMED = `<!doctype html><title>Refused</title>
<p>Sign-in pages cannot be shown in a frame. Open the app in its own tab.</p>`;

// The login and consent step, passed at once: sign the account in and grant what was asked.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { params } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: ACCOUNT_ID, clientId: params.client_id });
  grant.addOIDCScope(String(params.scope ?? 'openid'));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: ACCOUNT_ID }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

// COOP=1: every page of the provider sends `Cross-Origin-Opener-Policy: same-origin`, which cuts
// a sign-in popup's link to the page that opened it (some providers do).
const COOP = process.env.COOP === '1';

const server = http.createServer(async (req, res) => {
  const started = Date.now();
  if (COOP) {
    res.setHeader('cross-origin-opener-policy', 'same-origin');
  }
  res.on('finish', () => {
    const path = req.url.split('?')[0];
    console.log(`${req.method} ${path} -> ${res.statusCode} (${Date.now() - started} ms)`);
    if (!path.startsWith('/_e2e/')) {
      if (REVOCATION.test(path)) stats.revocation += 1;
      if (END_SESSION.test(path)) stats.end_session += 1;
    }
  });
  try {
    const path = req.url.split('?')[0];
    if (path === '/oauth/authorize' && req.headers['sec-fetch-dest'] === 'iframe') {
      res.writeHead(403, {
        'content-type': 'text/html; charset=utf-8',
        'x-frame-options': 'DENY',
        'content-security-policy': "frame-ancestors 'none'",
      });
      res.end(FRAMED);
    } else if (path === '/_e2e/stats' && req.method === 'GET') {
      json(res, 200, stats);
    } else if (path === '/_e2e/token' && req.method === 'POST') {
      const scope = new URL(req.url, ISSUER).searchParams.get('scope') ?? 'openid';
      json(res, 200, await mint(scope));
    } else if (path === '/_e2e/introspect' && req.method === 'POST') {
      stats.introspection += 1;
      json(res, 200, await introspect((await formBody(req)).get('token')));
    } else if (path === '/_e2e/revoke-app' && req.method === 'POST') {
      const revoked = await revokeApp((await formBody(req)).get('token'));
      json(res, revoked ? 200 : 404, { revoked });
    } else if (path === '/_e2e/consent-page' && req.method === 'POST') {
      consentPage = new URL(req.url, ISSUER).searchParams.get('on') === '1';
      json(res, 200, { consent_page: consentPage });
    } else if (path.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(req, res);
      if (consentPage && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(consentHtml(details.uid, details.params));
      } else {
        await interaction(req, res);
      }
    } else if (req.url.startsWith('/avatars/')) {
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-cache' });
      res.end(AVATAR);
    } else {
      oidc(req, res);
    }
  } catch (error) {
    console.error('provider:', error);
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain' });
    }
    res.end(`provider error: ${error.message}\n`);
  }
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`provider ready ${ISSUER} (client ${CLIENT_ID}, access tokens live ${ACCESS_TOKEN_TTL} s)`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    setTimeout(() => process.exit(0), 200);
  });
}
