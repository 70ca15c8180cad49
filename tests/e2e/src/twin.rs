//! `--serve` (what `cargo xtask demo` runs): the parties left running for a person, a Hugging
//! Face twin on this machine. The site serves the widget, [`cimd::PAGE`] (no registered app)
//! and, given `--showcase`, the showcase under [`SHOWCASE_DIR`]`/` with the page globals that
//! point its Live demo story at the twin.

use crate::cimd;
use crate::util::Result;
use crate::{Ports, CLIENT_ID, SCOPES};

/// The showcase's folder on the site (its URL is one of the site document's redirect URIs).
pub const SHOWCASE_DIR: &str = "showcase";

/// The showcase's URL on the site.
pub fn showcase_url(p: &Ports) -> String {
    format!("{}{SHOWCASE_DIR}/", p.site_url())
}

/// The showcase's `index.html` with, before its `</head>`, the globals of the twin: the client
/// ID is the site's client ID metadata document (no registered app), the hub the local
/// provider, the inference server the gate. Classic scripts run while the page is parsed, before
/// the app's module script.
pub fn showcase_page(index_html: &str, p: &Ports) -> Result<String> {
    let end = index_html
        .find("</head>")
        .ok_or("the showcase's index.html has no </head>")?;
    let globals = format!(
        r#"<script>
      // Set by the Hugging Face twin (cargo xtask demo): the Live demo signs in at the local
      // provider, with this site's client ID metadata document as client ID, and runs the local
      // model through the gate with the visitor's token.
      window.HF_OAUTH_CLIENT_ID = "{client}";
      window.HF_HUB_URL = "{hub}";
      window.HF_INFERENCE_URL = "{gate}";
      window.HF_OAUTH_SCOPES = "{SCOPES}";
    </script>
  "#,
        client = cimd::document_url(p, ""),
        hub = p.provider_url(""),
        gate = p.gate_url(""),
    );
    Ok(format!(
        "{}{globals}{}",
        &index_html[..end],
        &index_html[end..]
    ))
}

/// What to open and what to click, printed once the twin runs.
pub fn instructions(p: &Ports, showcase: bool) -> String {
    let site = p.site_url();
    let mut pages = vec![
        format!("  {site:<44} the widget, with a registered app (client `{CLIENT_ID}`)"),
        format!(
            "  {:<44} the widget with no registered app: its client ID is\n  {:<44} {} (the site serves it)",
            format!("{site}{}", cimd::PAGE),
            "",
            cimd::document_url(p, "")
        ),
    ];
    if showcase {
        pages.push(format!(
            "  {:<44} the showcase's Live demo story, signing in at the twin",
            format!("{}#/demo/live", showcase_url(p))
        ));
    }
    format!(
        "\n== A Hugging Face twin on this machine: no account, no network (Ctrl-C stops it)\n\n\
         \x20 {provider:<44} an OpenID provider configured like huggingface.co (one account:\n\
         \x20 {blank:<44} Ada Lovelace, no password, consent passes by itself)\n\
         \x20 {gate:<44} Gemma 3 270M behind a gate that checks the visitor's token, like\n\
         \x20 {blank:<44} Hugging Face's router\n\n\
         Open in a browser on this machine:\n{pages}\n\n\
         Click \"Sign in with Hugging Face\": you come back signed in as Ada Lovelace, then see PRO\n\
         and the organization (from userinfo). Type a prompt and click Generate: the local model\n\
         streams its (poor) answer through the gate with Ada's token. Sign out forgets the session\n\
         in every tab of the site.\n",
        provider = p.provider_url(""),
        gate = p.gate_url(""),
        blank = "",
        pages = pages.join("\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ports() -> Ports {
        Ports {
            site: 8080,
            provider: 9000,
            model: 8001,
            gate: 8002,
            driver: 4444,
            hub: 8090,
        }
    }

    #[test]
    fn the_showcase_page_points_at_the_twin_before_its_app_starts() {
        let template = "<html><head><title>t</title>\n<script type=\"module\">import init from \"./showcase.js\";</script>\n</head><body></body></html>";
        let page = showcase_page(template, &ports()).unwrap();
        for global in [
            r#"window.HF_OAUTH_CLIENT_ID = "http://127.0.0.1:8080/.well-known/oauth-cimd";"#,
            r#"window.HF_HUB_URL = "http://127.0.0.1:9000";"#,
            r#"window.HF_INFERENCE_URL = "http://127.0.0.1:8002";"#,
        ] {
            let at = page
                .find(global)
                .unwrap_or_else(|| panic!("{global} in {page}"));
            assert!(at < page.find("</head>").unwrap());
        }
        assert!(showcase_page("<html></html>", &ports()).is_err());
    }

    #[test]
    fn the_instructions_name_every_page_and_what_to_click() {
        let text = instructions(&ports(), true);
        for needed in [
            "http://127.0.0.1:8080/ ",
            "http://127.0.0.1:8080/cimd.html",
            "http://127.0.0.1:8080/.well-known/oauth-cimd",
            "http://127.0.0.1:8080/showcase/#/demo/live",
            "http://127.0.0.1:9000",
            "Sign in with Hugging Face",
            "Generate",
        ] {
            assert!(text.contains(needed), "{needed} in {text}");
        }
        assert!(!instructions(&ports(), false).contains("showcase"));
    }
}
