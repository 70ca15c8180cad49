// The gate in front of the local model server, for `cargo xtask e2e` (and a person): like
// Hugging Face's router, it runs a model only for a visitor whose own bearer token the identity
// provider accepts.
//
// node gate.mjs   with the environment:
//   PORT          port on 127.0.0.1 (required)
//   UPSTREAM      the OpenAI-compatible model server, e.g. http://127.0.0.1:8001 (required)
//   USERINFO      the provider's userinfo endpoint, asked with the request's bearer token
//                 (required), e.g. http://127.0.0.1:9000/oauth/userinfo
//   APP_ORIGIN    the one origin allowed by CORS (required)
//
// Every request but a CORS preflight needs `Authorization: Bearer <token>`; the token is checked
// at the provider's userinfo endpoint (so an expired or revoked token is refused) and the request
// is then forwarded unchanged, its answer streamed back as it arrives (SSE). Otherwise 401 with
// an OpenAI-style error body. When the browser goes away (Stop), the upstream request is
// aborted too. GET /_gate/stats (no token) answers {"allowed":N,"refused":N,"aborted":N}.
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
const USERINFO = env('USERINFO');
const APP_ORIGIN = env('APP_ORIGIN').replace(/\/+$/, '');

const stats = { allowed: 0, refused: 0, aborted: 0 };

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

// Whether the provider accepts the token: its userinfo endpoint answers 200 to it.
async function subjectOf(authorization) {
  const answer = await fetch(USERINFO, { headers: { authorization } });
  if (answer.status !== 200) {
    return null;
  }
  const claims = await answer.json();
  return typeof claims.sub === 'string' ? claims.sub : null;
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
        const sub = await subjectOf(authorization);
        outcome = sub
          ? await forward(req, res, sub)
          : refuse(req, res, 'the identity provider does not accept this token');
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
  console.log(`gate ready http://127.0.0.1:${PORT} -> ${UPSTREAM.origin}, tokens checked at ${USERINFO}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    setTimeout(() => process.exit(0), 200);
  });
}
