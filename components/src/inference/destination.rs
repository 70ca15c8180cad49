//! Where the visitor's token may go: the one decision, as a plain function over a URL.
//!
//! The bearer goes to Hugging Face's hub and router (`huggingface.co`, `router.huggingface.co`),
//! to loopback (`localhost`, `127.0.0.1`, `[::1]`, any port: local development), and to the
//! hosts the app trusts ([`crate::UseInferenceOptions::with_trusted_hosts`]); `https` is
//! required except on loopback. The URL is read strictly: whatever a browser could read
//! differently (user info, backslashes, spaces, percent-encoding, anything not ASCII) is
//! refused, never guessed.

/// Hugging Face's hosts that always receive the token.
pub const HUGGING_FACE_HOSTS: [&str; 2] = ["huggingface.co", "router.huggingface.co"];

/// Loopback hosts: receive the token over `http` too, on any port.
const LOOPBACK_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// Why a URL may not receive the visitor's token.
///
/// # Usage
/// ```
/// use yew_hf_oauth::{check_bearer_destination, RefusalReason};
/// let refused = check_bearer_destination("http://router.huggingface.co/v1", "").unwrap_err();
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
/// let refused = check_bearer_destination("https://evil.example/v1", "").unwrap_err();
/// assert_eq!(refused.host, "evil.example");
/// assert_eq!(refused.reason, RefusalReason::UntrustedHost);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedDestination {
    /// The host the URL names, as written, or the URL itself (its first 100 characters; empty
    /// when it is not ASCII) when no host can be read from it.
    pub host: String,
    /// Why it is refused.
    pub reason: RefusalReason,
}

/// Whether `url` may receive the visitor's token as `Authorization: Bearer`.
///
/// `trusted_hosts` holds host names separated by white space (no scheme, port or path; case
/// and one trailing dot do not matter) that the app trusts besides Hugging Face's and
/// loopback; they must be reached over `https`, on any port.
///
/// # Usage
/// ```
/// use yew_hf_oauth::check_bearer_destination;
/// assert!(check_bearer_destination("https://router.huggingface.co/v1/chat/completions", "").is_ok());
/// assert!(check_bearer_destination("http://127.0.0.1:8000/v1/chat/completions", "").is_ok());
/// let trusted = "inference.example.org";
/// assert!(check_bearer_destination("https://inference.example.org/v1", trusted).is_ok());
/// assert!(check_bearer_destination("https://router.huggingface.co.evil.com/v1", trusted).is_err());
/// ```
pub fn check_bearer_destination(url: &str, trusted_hosts: &str) -> Result<(), RefusedDestination> {
    let refuse = |host: &str, reason| {
        Err(RefusedDestination {
            host: host.to_owned(),
            reason,
        })
    };
    // Browsers drop tabs and newlines, trim spaces, read `\` as `/`, decode `%` and map
    // look-alike characters: refuse rather than read such a URL differently from them.
    if url
        .bytes()
        .any(|b| !b.is_ascii_graphic() || b == b'\\' || b == b'%')
    {
        let shown = if url.is_ascii() {
            url.get(..100).unwrap_or(url)
        } else {
            ""
        };
        return refuse(shown, RefusalReason::Unreadable);
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return refuse(url, RefusalReason::Unreadable);
    };
    let end = rest
        .bytes()
        .position(|b| b == b'/' || b == b'?' || b == b'#');
    let authority = &rest[..end.unwrap_or(rest.len())];
    if let Some((_, after)) = authority.split_once('@') {
        let host = after.split_once(':').map_or(after, |(host, _)| host);
        return refuse(host, RefusalReason::UserInfo);
    }
    // `[::1]` is the one IPv6 host with a chance; any other bracket is refused.
    let (host, port) = match authority.strip_prefix("[::1]") {
        Some(port) => ("[::1]", port),
        None => authority.split_at(authority.find(':').unwrap_or(authority.len())),
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    let port_ok = port.is_empty()
        || port.len() > 1 && port.starts_with(':') && port[1..].bytes().all(|b| b.is_ascii_digit());
    if host.is_empty()
        || !port_ok
        || host != "[::1]" && host.bytes().any(|b| b == b'[' || b == b']')
    {
        return refuse(url, RefusalReason::Unreadable);
    }
    let is = |name: &str| {
        name.strip_suffix('.')
            .unwrap_or(name)
            .eq_ignore_ascii_case(host)
    };
    let https = scheme.eq_ignore_ascii_case("https");
    if LOOPBACK_HOSTS.into_iter().any(is) && (https || scheme.eq_ignore_ascii_case("http")) {
        return Ok(());
    }
    if !HUGGING_FACE_HOSTS.into_iter().any(is) && !trusted_hosts.split_whitespace().any(is) {
        return refuse(host, RefusalReason::UntrustedHost);
    }
    if !https {
        return refuse(host, RefusalReason::NotHttps);
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use RefusalReason::*;

    #[test]
    fn the_token_goes_only_where_it_belongs() {
        let trusted = " Inference.Example.org.\tllm.internal ";
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
            ("http://[::2]/v1", Some(("http://[::2]/v1", Unreadable))),
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
                Some(("https://router.hugging\tface.co/", Unreadable)),
            ),
            (
                " https://router.huggingface.co/",
                Some((" https://router.huggingface.co/", Unreadable)),
            ),
            (
                "https://%72outer.huggingface.co/",
                Some(("https://%72outer.huggingface.co/", Unreadable)),
            ),
            ("https://rоuter.huggingface.co/", Some(("", Unreadable))),
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
                Some(("javascript://router.huggingface.co/%0aalert(1)", Unreadable)),
            ),
            (
                "javascript://router.huggingface.co/",
                Some(("router.huggingface.co", NotHttps)),
            ),
        ];
        for (url, expected) in table {
            let got = check_bearer_destination(url, trusted);
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
        assert!(check_bearer_destination("https://inference.example.org/v1", "").is_err());
        let refused = check_bearer_destination("https://./v1", " . ").unwrap_err();
        assert_eq!(refused.reason, RefusalReason::Unreadable);
    }
}
