//! What a sign-in asks for beyond the configuration: more scopes (step-up: Hugging Face shows
//! its consent again for what is new) and organizations (`orgIds`).

/// The query parameter of a popup's URL carrying the scopes its sign-in asks for.
pub(crate) const SCOPE_PARAM: &str = "hf_oauth_scope";

/// The query parameter of a popup's URL carrying the organizations its sign-in asks for.
pub(crate) const ORG_PARAM: &str = "hf_oauth_org";

/// More than the configuration asks for: scopes and organization IDs. Sent with
/// [`UseHfOAuthReturn::request_more`](crate::UseHfOAuthReturn::request_more).
///
/// ```
/// use yew_hf_oauth::SignInRequest;
/// let more = SignInRequest::scopes(&["inference-api"]).with_org("5e9ecfc04957053f60648a3e");
/// assert_eq!(more.scopes, ["inference-api"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignInRequest {
    /// Scopes wanted on top of the configured ones (space-free names).
    pub scopes: Vec<String>,
    /// Organization IDs (the org's `sub` from userinfo) to ask access for.
    pub org_ids: Vec<String>,
}

impl SignInRequest {
    /// Ask for these scopes.
    pub fn scopes(scopes: &[&str]) -> Self {
        Self {
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            org_ids: Vec::new(),
        }
    }

    /// Ask access to the organization `org_id`.
    pub fn org(org_id: &str) -> Self {
        Self::default().with_org(org_id)
    }

    /// Also ask access to the organization `org_id`.
    pub fn with_org(mut self, org_id: &str) -> Self {
        self.org_ids.push(org_id.to_owned());
        self
    }

    /// Whether the request asks for nothing beyond the configuration.
    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty() && self.org_ids.is_empty()
    }

    /// The request with `granted` (the scopes the current session holds) added to its scopes,
    /// so that asking for more never asks for less.
    pub(crate) fn keeping(mut self, granted: Option<&str>) -> Self {
        let wanted = std::mem::take(&mut self.scopes);
        self.scopes = union([granted.unwrap_or_default()], &wanted);
        self
    }

    /// The authorize request's `scope`: the configured scopes, then the requested ones, each
    /// once.
    pub(crate) fn scope_for(&self, configured: &str) -> String {
        union([configured], &self.scopes).join(" ")
    }

    /// The request as query parameters of a popup's URL (`""` when empty), each prefixed with
    /// `&`.
    pub(crate) fn to_query(&self) -> String {
        let mut query = String::new();
        for (name, values) in [(SCOPE_PARAM, &self.scopes), (ORG_PARAM, &self.org_ids)] {
            if !values.is_empty() {
                let value: String =
                    form_urlencoded::byte_serialize(values.join(" ").as_bytes()).collect();
                query.push_str(&format!("&{name}={value}"));
            }
        }
        query
    }

    /// The request a popup's URL carries.
    pub(crate) fn from_query(search: &str) -> Self {
        let mut request = Self::default();
        for (key, value) in form_urlencoded::parse(search.trim_start_matches('?').as_bytes()) {
            let words = value.split_whitespace().map(str::to_owned);
            if key == SCOPE_PARAM {
                request.scopes.extend(words);
            } else if key == ORG_PARAM {
                request.org_ids.extend(words);
            }
        }
        request
    }
}

/// The scopes of `first` (space-separated lists) followed by `more`, each once, in order.
fn union<'a>(first: impl IntoIterator<Item = &'a str>, more: &'a [String]) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    let words = first
        .into_iter()
        .flat_map(str::split_whitespace)
        .chain(more.iter().flat_map(|s| s.split_whitespace()));
    for word in words {
        if !all.iter().any(|known| known == word) {
            all.push(word.to_owned());
        }
    }
    all
}

/// The scopes in `after` that `before` lacked (space-separated lists).
pub(crate) fn added_scopes(before: &str, after: &str) -> Vec<String> {
    after
        .split_whitespace()
        .filter(|scope| !before.split_whitespace().any(|old| old == *scope))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn request(scopes: &[&str], orgs: &[&str]) -> SignInRequest {
        SignInRequest {
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            org_ids: orgs.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn asking_for_more_keeps_what_was_granted_and_adds_each_scope_once() {
        let more = request(&["inference-api"], &[]).keeping(Some("openid profile"));
        assert_eq!(more.scopes, ["openid", "profile", "inference-api"]);
        assert_eq!(
            more.scope_for("openid profile"),
            "openid profile inference-api"
        );
        assert_eq!(
            request(&[], &[]).scope_for("openid  profile"),
            "openid profile"
        );
    }

    #[test]
    fn the_request_survives_the_popup_url() {
        let sent = request(&["openid", "read-repos"], &["org1", "org2"]);
        let query = sent.to_query();
        assert_eq!(
            query,
            "&hf_oauth_scope=openid+read-repos&hf_oauth_org=org1+org2"
        );
        assert_eq!(SignInRequest::from_query(&format!("?x=1{query}")), sent);
        assert_eq!(request(&[], &[]).to_query(), "");
        assert!(SignInRequest::from_query("?a=b").is_empty());
    }

    #[test]
    fn added_scopes_are_the_new_ones() {
        assert_eq!(
            added_scopes("openid profile", "openid profile inference-api"),
            ["inference-api"]
        );
        assert!(added_scopes("openid profile", "profile openid").is_empty());
    }
}
