// The gate in front of the local model server, for `cargo xtask e2e` (and a person): like
// Hugging Face's router, it runs a model only for a visitor whose own bearer token the identity
// provider accepts.
//
// node gate.mjs   with the environment:
//   PORT          port on 127.0.0.1 (required)
//   UPSTREAM      the OpenAI-compatible model server, e.g. http://127.0.0.1:8001 (required)
//   INTROSPECT    where the provider answers like token introspection (RFC 7662), e.g.
//                 http://127.0.0.1:9000/_e2e/introspect, a test-only path: Hugging Face's
//                 router knows its own tokens, and huggingface.co offers no introspection
//                 endpoint to OAuth clients (required)
//   CLIENT_ID     the public client the gate introspects as (default hf-oauth-e2e)
//   APP_ORIGIN    the one origin allowed by CORS (required)
//
// Every request but a CORS preflight needs `Authorization: Bearer <token>`; the token is looked
// up at the provider. Like the router: a missing, unknown, expired or
// revoked token gets 401; an active token without the `inference-api` scope gets 403 with the
// router's body ({"error":"This authentication method does not have sufficient permissions to
// call Inference Providers on behalf of user ..."}); otherwise the request is forwarded
// unchanged, its answer streamed back as it arrives (SSE). When the browser goes away (Stop),
// the upstream request is aborted too. GET /_gate/stats (no token) answers
// {"allowed":N,"refused":N,"forbidden":N,"aborted":N} (refused: 401, forbidden: 403).
//
// Prints "gate ready http://127.0.0.1:PORT" once listening.

import http from 'node:http';

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`gate: set ${name}`);
    process.exit(2);
  }
  return value;
};

const PORT = Number(env('PORT'));
const UPSTREAM = new URL(env('UPSTREAM'));
const INTROSPECT = env('INTROSPECT');
const CLIENT_ID = process.env.CLIENT_ID || 'hf-oauth-e2e';
const SCOPE = 'inference-api';
const APP_ORIGIN = env('APP_ORIGIN').replace(/\/+$/, '');

const stats = { allowed: 0, refused: 0, forbidden: 0, aborted: 0 };

const cors = (req) =>
  req.headers.origin === APP_ORIGIN
    ? {
        'access-control-allow-origin': APP_ORIGIN,
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'authorization, content-type, accept',
        'access-control-expose-headers': 'www-authenticate',
        'access-control-max-age': '600',
        vary: 'Origin',
      }
    : { vary: 'Origin' };

function refuse(req, res, why) {
  stats.refused += 1;
  res.writeHead(401, {
    ...cors(req),
    'content-type': 'application/json',
    'www-authenticate': `Bearer error="invalid_token", error_description="${why}"`,
  });
  res.end(JSON.stringify({ error: { message: `Unauthorized: ${why}`, type: 'invalid_token' } }));
  return `401 (${why})`;
}

// The router's answer to a valid token that may not call inference.
function forbid(req, res, sub) {
  stats.forbidden += 1;
  res.writeHead(403, { ...cors(req), 'content-type': 'application/json' });
  res.end(JSON.stringify({
    error: `This authentication method does not have sufficient permissions to call Inference Providers on behalf of user ${sub}`,
  }));
  return `403 (no ${SCOPE} scope, for ${sub})`;
}

// What the provider says of the token: null when it is not active, else its subject and scopes.
async function introspect(authorization) {
  const token = authorization.replace(/^Bearer\s+/i, '');
  const answer = await fetch(INTROSPECT, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, token_type_hint: 'access_token', client_id: CLIENT_ID }),
  });
  if (answer.status !== 200) {
    throw new Error(`introspection answered ${answer.status}`);
  }
  const info = await answer.json();
  if (info.active !== true || typeof info.sub !== 'string') {
    return null;
  }
  return { sub: info.sub, scopes: new Set(String(info.scope ?? '').split(' ')) };
}

function forward(req, res, sub) {
  stats.allowed += 1;
  return new Promise((resolve) => {
    const headers = { ...req.headers, host: UPSTREAM.host };
    delete headers.origin;
    delete headers.referer;
    delete headers.authorization;
    const upstream = http.request(
      {
        hostname: UPSTREAM.hostname,
        port: UPSTREAM.port,
        method: req.method,
        path: req.url,
        headers,
      },
      (answer) => {
        const out = { ...answer.headers, ...cors(req), 'cache-control': 'no-cache' };
        for (const name of Object.keys(out)) {
          if (name.startsWith('access-control-') && !(name in cors(req))) delete out[name];
        }
        res.writeHead(answer.statusCode, out);
        res.flushHeaders();
        answer.on('data', (chunk) => res.write(chunk));
        answer.on('end', () => {
          res.end();
          resolve(`${answer.statusCode} for ${sub}`);
        });
        answer.on('error', () => {
          res.destroy();
          resolve(`${answer.statusCode} for ${sub}, upstream broke off`);
        });
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) {
        res.writeHead(502, { ...cors(req), 'content-type': 'application/json' });
      }
      res.end(JSON.stringify({ error: { message: `model server: ${error.message}` } }));
      resolve(`502 (${error.message})`);
    });
    // The browser went away (Stop): stop the generation too.
    res.on('close', () => {
      if (!res.writableFinished) {
        stats.aborted += 1;
        upstream.destroy();
        resolve(`aborted by the client, for ${sub}`);
      }
    });
    req.pipe(upstream);
  });
}

const server = http.createServer(async (req, res) => {
  const started = Date.now();
  let outcome;
  try {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors(req));
      res.end();
      outcome = '204 preflight';
    } else if (req.url === '/_gate/stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(stats));
      outcome = '200 stats';
    } else {
      const authorization = req.headers.authorization ?? '';
      if (!/^Bearer \S+$/i.test(authorization)) {
        outcome = refuse(req, res, 'no bearer token');
      } else {
        const token = await introspect(authorization);
        if (!token) {
          outcome = refuse(req, res, 'the identity provider does not accept this token');
        } else if (!token.scopes.has(SCOPE)) {
          outcome = forbid(req, res, token.sub);
        } else {
          outcome = await forward(req, res, token.sub);
        }
      }
    }
  } catch (error) {
    if (!res.headersSent) {
      res.writeHead(502, { ...cors(req), 'content-type': 'application/json' });
    }
    res.end(JSON.stringify({ error: { message: `gate: ${error.message}` } }));
    outcome = `502 (${error.message})`;
  }
  console.log(`${req.method} ${req.url} -> ${outcome} (${Date.now() - started} ms)`);
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`gate ready http://127.0.0.1:${PORT} -> ${UPSTREAM.origin}, tokens checked at ${INTROSPECT}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    setTimeout(() => process.exit(0), 200);
  });
}
