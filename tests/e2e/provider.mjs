// A local OpenID provider configured like Hugging Face, for `cargo xtask e2e` (and a person).
//
// node provider.mjs   with the environment:
//   PORT              port on 127.0.0.1 (required); the issuer is http://127.0.0.1:PORT
//   APP_ORIGIN        origin of the app allowed to call the token endpoint (CORS), e.g.
//                     http://127.0.0.1:8080 (required)
//   REDIRECT_URI      the app's redirect URI (default APP_ORIGIN + "/")
//   CLIENT_ID         the public client's id (default hf-oauth-e2e)
//   ACCESS_TOKEN_TTL  access-token lifetime in seconds (default 3600; short for expiry tests)
//
// Like Hugging Face: /oauth/authorize, /oauth/token, /oauth/userinfo, discovery at
// /.well-known/openid-configuration; a public client with PKCE (S256) required; scopes
// openid profile email inference-api ...; claims name, preferred_username, picture, email,
// isPro, orgs. Unlike it, the id_token carries the profile claims (so a sign-in needs the token
// request alone) and the login/consent step passes by itself: /interaction/:uid signs the test
// account in and grants every requested scope, with no page to click.
//
// Prints "provider ready <issuer>" once listening. Not for production: fixed cookie keys, an
// in-memory store, one account.

import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

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
const ACCESS_TOKEN_TTL = Number(env('ACCESS_TOKEN_TTL', '3600'));
const ISSUER = `http://127.0.0.1:${PORT}`;

// The one account, shaped like a Hugging Face profile.
const ACCOUNT_ID = '6123456789abcdef01234567';
const profile = () => ({
  sub: ACCOUNT_ID,
  name: 'Ada Lovelace',
  preferred_username: 'ada',
  profile: `${ISSUER}/ada`,
  picture: `${ISSUER}/avatars/ada.svg`,
  website: 'https://example.org',
  email: 'ada@example.org',
  email_verified: true,
  isPro: true,
  canPay: false,
  orgs: [
    {
      sub: '6456789abcdef0123456789a',
      name: 'Analytical Engines',
      preferred_username: 'analytical-engines',
      picture: `${ISSUER}/avatars/org.svg`,
      isEnterprise: false,
      roleInOrg: 'admin',
    },
  ],
});

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
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [REDIRECT_URI],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['e2e-only-not-a-secret'] },
  routes: {
    authorization: '/oauth/authorize',
    token: '/oauth/token',
    userinfo: '/oauth/userinfo',
    jwks: '/oauth/jwks',
    revocation: '/oauth/revoke',
    introspection: '/oauth/introspect',
    end_session: '/oauth/logout',
  },
  scopes: [
    'openid', 'profile', 'email', 'inference-api', 'read-repos', 'write-repos', 'manage-repos',
    'read-billing', 'read-memberships', 'gated-repos', 'offline_access',
  ],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username', 'profile', 'picture', 'website', 'isPro', 'canPay', 'orgs'],
    email: ['email', 'email_verified'],
  },
  // Profile claims go into the id_token too, even though an access token is issued.
  conformIdTokenClaims: false,
  clockTolerance: 0,
  pkce: { required: () => true },
  clientBasedCORS: (_ctx, origin, _client) => origin === APP_ORIGIN,
  ttl: {
    AccessToken: ACCESS_TOKEN_TTL,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    introspection: { enabled: true },
    userinfo: { enabled: true },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (_ctx, id) =>
    id === ACCOUNT_ID
      ? { accountId: id, claims: async () => profile() }
      : undefined,
  renderError: async (ctx, out) => {
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = `provider error: ${out.error}: ${out.error_description ?? ''}\n`;
  },
};

const provider = new Provider(ISSUER, configuration);
const oidc = provider.callback();

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

const server = http.createServer(async (req, res) => {
  const started = Date.now();
  res.on('finish', () => {
    const path = req.url.split('?')[0];
    console.log(`${req.method} ${path} -> ${res.statusCode} (${Date.now() - started} ms)`);
  });
  try {
    if (req.url.startsWith('/interaction/')) {
      await interaction(req, res);
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
