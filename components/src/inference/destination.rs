//! Where the visitor's token may go: the one decision, as a plain function over a URL.
//!
//! The bearer goes to Hugging Face's hub and router (`huggingface.co`, `router.huggingface.co`),
//! to loopback (`localhost`, `127.0.0.1`, `[::1]`, any port: local development), and to the
//! hosts the app trusts ([`crate::OAuthConfig::with_trusted_hosts`]); `https` is required
//! except on loopback. The URL is read strictly: whatever a browser could read differently
//! (user info, backslashes, spaces, percent-encoded or non-ASCII hosts) is refused, never
//! guessed.

use crate::text::quote_value;
use std::rc::Rc;

/// Hugging Face's hosts that always receive the token.
pub const HUGGING_FACE_HOSTS: [&str; 2] = ["huggingface.co", "router.huggingface.co"];

/// Loopback hosts: receive the token over `http` too, on any port.
const LOOPBACK_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// Why a URL may not receive the visitor's token.
///
/// # Usage
/// ```
/// use yew_hf_oauth::{check_bearer_destination, RefusalReason};
/// let refused = check_bearer_destination("http://router.huggingface.co/v1", &[]).unwrap_err();
/// assert_eq!(refused.reason, RefusalReason::NotHttps);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefusalReason {
    /// The host is neither Hugging Face's, nor loopback, nor trusted by the app.
    UntrustedHost,
    /// A trusted host over `http` (or another scheme): only loopback may go without TLS.
    NotHttps,
    /// The URL carries user info (`user@host`), which hides the real host from a reader.
    UserInfo,
    /// Not an absolute `http(s)` URL that reads the same for this check and for the browser.
    Unreadable,
}

/// A URL the visitor's token may not go to, and why.
///
/// # Usage
/// ```
/// use yew_hf_oauth::{check_bearer_destination, RefusalReason};
/// let refused = check_bearer_destination("https://evil.example/v1", &[]).unwrap_err();
/// assert_eq!(refused.host, "evil.example");
/// assert_eq!(refused.reason, RefusalReason::UntrustedHost);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedDestination {
    /// The host the URL names (lower case), or the URL itself, quoted safely, when no host can
    /// be read from it.
    pub host: String,
    /// Why it is refused.
    pub reason: RefusalReason,
}

/// The app's trusted hosts, shared by [`crate::HfOAuthProvider`] with the inference hooks.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct TrustedHosts(pub Rc<[String]>);

/// Whether `url` may receive the visitor's token as `Authorization: Bearer`.
///
/// `trusted_hosts` are host names (no scheme, port or path; case and one trailing dot do not
/// matter) that the app trusts besides Hugging Face's and loopback; they must be reached over
/// `https`, on any port.
///
/// # Usage
/// ```
/// use yew_hf_oauth::check_bearer_destination;
/// assert!(check_bearer_destination("https://router.huggingface.co/v1/chat/completions", &[]).is_ok());
/// assert!(check_bearer_destination("http://127.0.0.1:8000/v1/chat/completions", &[]).is_ok());
/// let trusted = ["inference.example.org".to_owned()];
/// assert!(check_bearer_destination("https://inference.example.org/v1", &trusted).is_ok());
/// assert!(check_bearer_destination("https://router.huggingface.co.evil.com/v1", &trusted).is_err());
/// ```
pub fn check_bearer_destination(
    url: &str,
    trusted_hosts: &[String],
) -> Result<(), RefusedDestination> {
    let refuse = |host: &str, reason| {
        Err(RefusedDestination {
            host: quote_value(host),
            reason,
        })
    };
    // Browsers drop tabs and newlines, trim spaces and read `\` as `/`: refuse rather than
    // read such a URL differently from them.
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return refuse(url, RefusalReason::Unreadable);
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return refuse(url, RefusalReason::Unreadable);
    };
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return refuse(url, RefusalReason::Unreadable);
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if let Some((_, after)) = authority.rsplit_once('@') {
        let host = split_port(after).map_or(after, |(host, _)| host);
        return refuse(&host.to_ascii_lowercase(), RefusalReason::UserInfo);
    }
    let Some((host, port)) = split_port(authority) else {
        return refuse(url, RefusalReason::Unreadable);
    };
    if host.is_empty()
        || !port.chars().all(|c| c.is_ascii_digit())
        || !host.is_ascii()
        || host.contains('%')
    {
        return refuse(url, RefusalReason::Unreadable);
    }
    let host = normalize_host(host);
    if host.is_empty() {
        return refuse(url, RefusalReason::Unreadable);
    }
    let scheme = scheme.to_ascii_lowercase();
    if LOOPBACK_HOSTS.contains(&host.as_str()) && (scheme == "http" || scheme == "https") {
        return Ok(());
    }
    let trusted = HUGGING_FACE_HOSTS.contains(&host.as_str())
        || trusted_hosts
            .iter()
            .any(|t| normalize_host(t.trim()) == host);
    if !trusted {
        return refuse(&host, RefusalReason::UntrustedHost);
    }
    if scheme != "https" {
        return refuse(&host, RefusalReason::NotHttps);
    }
    Ok(())
}

/// `host[:port]` → `(host, port)`; a bracketed IPv6 host keeps its brackets. `None` when the
/// brackets do not close or something other than a port follows them.
fn split_port(authority: &str) -> Option<(&str, &str)> {
    if authority.starts_with('[') {
        let end = authority.find(']')? + 1;
        let (host, tail) = authority.split_at(end);
        return match tail.strip_prefix(':') {
            Some(port) => Some((host, port)),
            None if tail.is_empty() => Some((host, "")),
            None => None,
        };
    }
    Some(authority.split_once(':').unwrap_or((authority, "")))
}

/// Lower case, without one trailing dot (`Router.HuggingFace.co.` names `router.huggingface.co`).
fn normalize_host(host: &str) -> String {
    let lower = host.to_ascii_lowercase();
    match lower.strip_suffix('.') {
        Some(stripped) => stripped.to_owned(),
        None => lower,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use RefusalReason::*;

    #[test]
    fn the_token_goes_only_where_it_belongs() {
        let trusted = vec![
            "Inference.Example.org.".to_owned(),
            "llm.internal".to_owned(),
        ];
        // (url, None when allowed, else the refused host and why)
        let table: &[(&str, Option<(&str, RefusalReason)>)] = &[
            // Hugging Face and loopback.
            ("https://router.huggingface.co/v1/chat/completions", None),
            ("https://huggingface.co/oauth/userinfo", None),
            ("https://ROUTER.HuggingFace.CO/v1", None),
            ("https://router.huggingface.co./v1", None),
            ("https://router.huggingface.co:443/v1", None),
            ("HTTPS://router.huggingface.co/v1", None),
            ("http://127.0.0.1:8000/v1/chat/completions", None),
            ("http://localhost:3000/v1", None),
            ("http://LOCALHOST./v1", None),
            ("http://[::1]:8080/v1", None),
            ("https://[::1]/v1", None),
            ("http://127.0.0.1/v1", None),
            // Trusted by the app: https only, any port, case and trailing dot ignored.
            ("https://inference.example.org/v1", None),
            ("https://inference.example.org:8443/v1", None),
            ("https://llm.internal./v1", None),
            (
                "http://inference.example.org/v1",
                Some(("inference.example.org", NotHttps)),
            ),
            // Look-alikes and tricks.
            (
                "https://router.huggingface.co.evil.com/v1",
                Some(("router.huggingface.co.evil.com", UntrustedHost)),
            ),
            (
                "https://evil.com/?x=router.huggingface.co",
                Some(("evil.com", UntrustedHost)),
            ),
            (
                "https://evil.com#router.huggingface.co",
                Some(("evil.com", UntrustedHost)),
            ),
            (
                "https://router.huggingface.co@evil.com/v1",
                Some(("evil.com", UserInfo)),
            ),
            (
                "https://router.huggingface.co:x@evil.com:443/v1",
                Some(("evil.com", UserInfo)),
            ),
            (
                "https://a@router.huggingface.co/v1",
                Some(("router.huggingface.co", UserInfo)),
            ),
            (
                "http://router.huggingface.co/v1",
                Some(("router.huggingface.co", NotHttps)),
            ),
            (
                "ws://router.huggingface.co/v1",
                Some(("router.huggingface.co", NotHttps)),
            ),
            (
                "https://evilhuggingface.co/v1",
                Some(("evilhuggingface.co", UntrustedHost)),
            ),
            (
                "https://huggingface.co.evil.com/v1",
                Some(("huggingface.co.evil.com", UntrustedHost)),
            ),
            (
                "https://localhost.evil.com/v1",
                Some(("localhost.evil.com", UntrustedHost)),
            ),
            (
                "http://localhost.evil.com/v1",
                Some(("localhost.evil.com", UntrustedHost)),
            ),
            (
                "https://router.huggingface.co../v1",
                Some(("router.huggingface.co.", UntrustedHost)),
            ),
            ("https://127.0.0.2/v1", Some(("127.0.0.2", UntrustedHost))),
            ("http://[::2]/v1", Some(("[::2]", UntrustedHost))),
            (
                "https://inference.example.org.evil.com/",
                Some(("inference.example.org.evil.com", UntrustedHost)),
            ),
            // What a browser reads differently is refused, not guessed.
            (
                "https://evil.com\\@router.huggingface.co/",
                Some(("https://evil.com\\@router.huggingface.co/", Unreadable)),
            ),
            (
                "https:\\\\evil.com/",
                Some(("https:\\\\evil.com/", Unreadable)),
            ),
            (
                "https://router.hugging\tface.co/",
                Some(("https://router.hugging\u{fffd}face.co/", Unreadable)),
            ),
            (
                " https://router.huggingface.co/",
                Some(("https://router.huggingface.co/", Unreadable)),
            ),
            (
                "https://%72outer.huggingface.co/",
                Some(("https://%72outer.huggingface.co/", Unreadable)),
            ),
            (
                "https://rоuter.huggingface.co/",
                Some(("https://rоuter.huggingface.co/", Unreadable)),
            ),
            (
                "https:router.huggingface.co",
                Some(("https:router.huggingface.co", Unreadable)),
            ),
            (
                "//router.huggingface.co/v1",
                Some(("//router.huggingface.co/v1", Unreadable)),
            ),
            (
                "/v1/chat/completions",
                Some(("/v1/chat/completions", Unreadable)),
            ),
            ("https:///v1", Some(("https:///v1", Unreadable))),
            (
                "https://router.huggingface.co:44x/",
                Some(("https://router.huggingface.co:44x/", Unreadable)),
            ),
            ("http://[::1/v1", Some(("http://[::1/v1", Unreadable))),
            ("http://[::1]x/v1", Some(("http://[::1]x/v1", Unreadable))),
            (
                "javascript://router.huggingface.co/%0aalert(1)",
                Some(("router.huggingface.co", NotHttps)),
            ),
        ];
        for (url, expected) in table {
            let got = check_bearer_destination(url, &trusted);
            let want = match expected {
                None => Ok(()),
                Some((host, reason)) => Err(RefusedDestination {
                    host: (*host).to_owned(),
                    reason: *reason,
                }),
            };
            assert_eq!(got, want, "{url}");
        }
    }

    #[test]
    fn nothing_but_hugging_face_and_loopback_without_trusted_hosts() {
        assert!(check_bearer_destination("https://inference.example.org/v1", &[]).is_err());
        let blank = vec![String::new(), " ".to_owned(), ".".to_owned()];
        let refused = check_bearer_destination("https://./v1", &blank).unwrap_err();
        assert_eq!(refused.reason, RefusalReason::Unreadable);
    }
}
