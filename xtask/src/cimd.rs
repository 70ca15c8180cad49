//! `cargo xtask cimd`: a Client ID Metadata Document, so a site signs in with Hugging Face
//! without registering an OAuth app.
//!
//! Hugging Face (hub-docs `docs/hub/oauth.md`, "Automated oauth app creation") accepts as client
//! ID the URL of a JSON document that the site serves at `/.well-known/oauth-cimd`: its
//! `client_id` is that same URL, with `client_name`, `redirect_uris`,
//! `token_endpoint_auth_method: "none"` (a public client, PKCE) and optionally `logo_uri` and
//! `client_uri`. [`document`] builds it (a pure function); [`write_site_files`] puts it, with
//! an empty `.nojekyll` (GitHub Pages' Jekyll skips folders starting with a dot), into a
//! folder to publish at the site's root. `cargo xtask widget --site` and `cargo xtask space
//! --site` call it too.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::util::{self, Result};

/// Where the document lives, relative to the site's root.
pub const DOCUMENT_PATH: &str = ".well-known/oauth-cimd";

/// A site's base URL, checked: `https`, or `http` on loopback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// The URL without a trailing slash: `https://example.org`, `https://me.github.io/blog`.
    base: String,
    /// The host, without port: `example.org`.
    host: String,
}

impl Site {
    /// Check `site`: an absolute `https` URL without query, fragment or user info, or
    /// `http` on `127.0.0.1`, `[::1]` or `localhost` (a site being tried on this machine).
    pub fn parse(site: &str) -> std::result::Result<Self, String> {
        let site = site.trim();
        let (scheme, rest) = site
            .split_once("://")
            .ok_or_else(|| format!("`{site}` is not an absolute URL (https://example.org)"))?;
        if site.contains(['?', '#']) {
            return Err(format!(
                "`{site}` has a query or fragment: give the site's base URL"
            ));
        }
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.contains('@') {
            return Err(format!("`{site}` carries user info"));
        }
        let host = match authority.strip_prefix('[') {
            Some(v6) => format!("[{}]", v6.split(']').next().unwrap_or_default()),
            None => authority.split(':').next().unwrap_or_default().to_owned(),
        };
        if host.is_empty() || host == "[]" {
            return Err(format!("`{site}` has no host"));
        }
        let loopback = matches!(host.as_str(), "127.0.0.1" | "[::1]" | "localhost");
        match scheme.to_ascii_lowercase().as_str() {
            "https" => {}
            "http" if loopback => {}
            _ => {
                return Err(format!(
                    "`{site}` is not https: Hugging Face fetches the document and the visitor's browser \
                     sends tokens to this site, so only https (or http on 127.0.0.1, [::1], localhost) is accepted"
                ))
            }
        }
        Ok(Self {
            base: site.trim_end_matches('/').to_owned(),
            host,
        })
    }

    /// The client ID: the document's own URL, `<site>/.well-known/oauth-cimd`.
    pub fn client_id(&self) -> String {
        format!("{}/{DOCUMENT_PATH}", self.base)
    }

    /// The site's root page, `<site>/`: the default redirect URI.
    pub fn root(&self) -> String {
        format!("{}/", self.base)
    }
}

/// The Client ID Metadata Document of `site`.
///
/// `client_id` is `<site>/.well-known/oauth-cimd`; `redirect_uris` are `redirects` (each an
/// `https` URL, or `http` on loopback, without fragment), or `<site>/` when none is given (the
/// widget's default redirect URI is the page it runs on, without query or hash);
/// `client_name` is `name`, else the site's host; `client_uri` is `<site>/`; `logo_uri` is
/// `logo` when given.
pub fn document(
    site: &str,
    redirects: &[String],
    name: Option<&str>,
    logo: Option<&str>,
) -> std::result::Result<Value, String> {
    let site = Site::parse(site)?;
    let redirect_uris = if redirects.is_empty() {
        vec![site.root()]
    } else {
        redirects
            .iter()
            .map(|redirect| {
                let redirect = redirect.trim();
                if redirect.contains('#') {
                    return Err(format!("redirect `{redirect}` has a fragment"));
                }
                Site::parse(redirect.split('?').next().unwrap_or_default())
                    .map(|_| redirect.to_owned())
                    .map_err(|e| format!("redirect: {e}"))
            })
            .collect::<std::result::Result<Vec<_>, _>>()?
    };
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let mut doc = json!({
        "client_id": site.client_id(),
        "client_name": name.unwrap_or(&site.host),
        "redirect_uris": redirect_uris,
        "token_endpoint_auth_method": "none",
        "client_uri": site.root(),
    });
    if let Some(logo) = logo {
        Site::parse(logo).map_err(|e| format!("logo: {e}"))?;
        doc["logo_uri"] = json!(logo.trim());
    }
    Ok(doc)
}

/// Write `doc` to `<dir>/.well-known/oauth-cimd` (pretty JSON); returns its path.
pub fn write_document(dir: &Path, doc: &Value) -> Result<PathBuf> {
    let path = dir.join(DOCUMENT_PATH);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, format!("{}\n", serde_json::to_string_pretty(doc)?))?;
    Ok(path)
}

/// [`write_document`], and an empty `<dir>/.nojekyll` so that GitHub Pages publishes the
/// `.well-known` folder; returns the document's path.
pub fn write_site_files(dir: &Path, doc: &Value) -> Result<PathBuf> {
    let path = write_document(dir, doc)?;
    std::fs::write(dir.join(".nojekyll"), "")?;
    Ok(path)
}

/// Entry point of `cargo xtask cimd --site URL [--redirect URL].. [--name N] [--logo URL]
/// [--out DIR]`.
pub fn run(args: &crate::cli::CimdArgs) -> Result {
    let doc = document(
        &args.site,
        &args.redirect,
        args.name.as_deref(),
        args.logo.as_deref(),
    )?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| util::root().join("dist").join("cimd"));
    let path = write_site_files(&out, &doc)?;
    println!("{}", serde_json::to_string_pretty(&doc)?);
    println!(
        "\nwritten to {} (and {})\n\
         Publish the folder's contents at the root of {site}, so that\n  {id}\n\
         answers this JSON; then use that URL as the client ID:\n  \
         <script>window.HF_OAUTH_CLIENT_ID = \"{id}\";</script>\n\
         (docs/embedding.md: GitHub Pages, Netlify, a Shinmun blog)",
        path.display(),
        out.join(".nojekyll").display(),
        site = args.site.trim(),
        id = doc["client_id"].as_str().unwrap_or_default(),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(site: &str, redirects: &[&str]) -> std::result::Result<Value, String> {
        let redirects: Vec<String> = redirects.iter().map(|r| r.to_string()).collect();
        document(site, &redirects, None, None)
    }

    #[test]
    fn the_client_id_is_the_documents_own_url_and_the_site_root_the_default_redirect() {
        for site in [
            "https://example.org",
            "https://example.org/",
            " https://example.org ",
        ] {
            assert_eq!(
                doc(site, &[]).unwrap(),
                json!({
                    "client_id": "https://example.org/.well-known/oauth-cimd",
                    "client_name": "example.org",
                    "redirect_uris": ["https://example.org/"],
                    "token_endpoint_auth_method": "none",
                    "client_uri": "https://example.org/",
                }),
                "{site}"
            );
        }
        let project = doc("https://me.github.io/blog/", &[]).unwrap();
        assert_eq!(
            project["client_id"],
            "https://me.github.io/blog/.well-known/oauth-cimd"
        );
        assert_eq!(
            project["redirect_uris"],
            json!(["https://me.github.io/blog/"])
        );
    }

    #[test]
    fn redirects_name_and_logo_are_taken_as_given() {
        let redirects = vec![
            "https://example.org/posts/demo.html".to_owned(),
            "https://example.org/?lang=en".to_owned(),
        ];
        let d = document(
            "https://example.org",
            &redirects,
            Some(" My blog "),
            Some("https://example.org/logo.png"),
        )
        .unwrap();
        assert_eq!(d["redirect_uris"], json!(redirects));
        assert_eq!(d["client_name"], "My blog");
        assert_eq!(d["logo_uri"], "https://example.org/logo.png");
        assert_eq!(d["token_endpoint_auth_method"], "none");
    }

    #[test]
    fn http_is_refused_except_on_loopback() {
        for site in [
            "http://example.org",
            "http://127.0.0.1.example.org:8080",
            "ftp://example.org",
            "example.org",
            "https://",
            "https://user@example.org",
            "https://example.org/?x=1",
            "https://example.org/#top",
        ] {
            assert!(doc(site, &[]).is_err(), "{site}");
        }
        for site in [
            "http://127.0.0.1:8080",
            "http://localhost:3000/blog",
            "http://[::1]:9000",
            "HTTPS://example.org",
        ] {
            assert!(doc(site, &[]).is_ok(), "{site}");
        }
        assert_eq!(
            doc("http://127.0.0.1:8080", &[]).unwrap()["client_id"],
            "http://127.0.0.1:8080/.well-known/oauth-cimd"
        );
        for redirect in [
            "http://example.org/",
            "https://example.org/#cb",
            "/relative",
        ] {
            assert!(
                doc("https://example.org", &[redirect]).is_err(),
                "{redirect}"
            );
        }
    }

    #[test]
    fn the_site_files_are_the_document_and_nojekyll() {
        let dir = std::env::temp_dir().join(format!("xtask-cimd-{}", std::process::id()));
        let d = doc("https://example.org", &[]).unwrap();
        let path = write_site_files(&dir, &d).unwrap();
        assert_eq!(path, dir.join(".well-known").join("oauth-cimd"));
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(written, d);
        assert!(dir.join(".nojekyll").is_file());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
