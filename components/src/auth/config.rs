//! Where the OAuth client ID, scopes, hub and redirect URI come from: first found wins.

use super::error::OAuthError;

/// The Hugging Face Hub, used when no other hub URL is configured.
pub const DEFAULT_HUB_URL: &str = "https://huggingface.co";

/// Scopes requested when none are configured: sign-in, profile, and running inference.
pub const DEFAULT_SCOPES: &str = "openid profile inference-api";

/// Configuration given by the app author (component props or builder). Every field is optional:
/// what is missing is looked up on the page (`window.HF_OAUTH_CLIENT_ID` and friends, or a
/// static Space's variables), then defaulted.
///
/// ```
/// use yew_hf_oauth::OAuthConfig;
/// let config = OAuthConfig::default()
///     .with_client_id("my-client-id")
///     .with_scopes("openid profile inference-api");
/// assert_eq!(config.client_id.as_deref(), Some("my-client-id"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthConfig {
    /// The OAuth app's client ID.
    pub client_id: Option<String>,
    /// Space-separated scopes to request.
    pub scopes: Option<String>,
    /// Base URL of the hub or OpenID provider (`https://huggingface.co`).
    pub hub_url: Option<String>,
    /// Where the provider sends the visitor back; defaults to the current page without query
    /// or hash. Must be one of the OAuth app's redirect URLs.
    pub redirect_uri: Option<String>,
    /// Options of the authorize request (`prompt`, `orgIds`, extra parameters).
    pub authorize: AuthorizeOptions,
    /// How the sign-in page is shown: the whole page is redirected, or a popup is used
    /// ([`SignInMode::Auto`]: a popup when the page runs inside a frame).
    pub sign_in_mode: SignInMode,
}

/// How the provider's sign-in page is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignInMode {
    /// Redirect in a top-level page, a popup inside a frame (a Hugging Face Space shows its app
    /// in a cross-site iframe, where storage is partitioned and the provider cannot use its
    /// cookies).
    #[default]
    Auto,
    /// Always send the whole page to the provider.
    Redirect,
    /// Always sign in in a popup, which hands the session back by `postMessage`.
    Popup,
}

impl SignInMode {
    /// Whether a page (`in_frame` when it is not the top-level window) signs in with a popup.
    pub fn uses_popup(self, in_frame: bool) -> bool {
        match self {
            SignInMode::Auto => in_frame,
            SignInMode::Redirect => false,
            SignInMode::Popup => true,
        }
    }
}

/// Options of the authorize request, passed to Hugging Face as they are.
///
/// Which scope each profile field needs: `profile` for name, username, picture, website and
/// PRO; `email` for the email address; `read-billing` for `canPay`; `read-memberships` for
/// organizations' roles and resource groups (organizations are listed without roles
/// otherwise); `inference-api` to run models with the visitor's token.
///
/// ```
/// use yew_hf_oauth::{AuthorizeOptions, OAuthConfig};
/// let config = OAuthConfig::default().with_authorize(
///     AuthorizeOptions::default()
///         .with_prompt_consent()
///         .with_org_id("5e67bd5b1009063689407478"),
/// );
/// assert_eq!(config.authorize.prompt.as_deref(), Some("consent"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthorizeOptions {
    /// `prompt`: `"consent"` shows the consent screen even to a returning visitor, so that
    /// they can change which organizations the app may see (without it they are sent back
    /// silently).
    pub prompt: Option<String>,
    /// `orgIds`: ask for access to these organizations' resources (by organization id).
    pub org_ids: Vec<String>,
    /// Further parameters, appended after the standard ones (a standard one of the same name
    /// is not replaced).
    pub extra_params: Vec<(String, String)>,
}

impl AuthorizeOptions {
    /// Ask for the consent screen every time (`prompt=consent`).
    pub fn with_prompt_consent(mut self) -> Self {
        self.prompt = Some("consent".into());
        self
    }

    /// Ask for access to an organization's resources (`orgIds`).
    pub fn with_org_id(mut self, org_id: impl Into<String>) -> Self {
        self.org_ids.push(org_id.into());
        self
    }

    /// Add a parameter to the authorize request.
    pub fn with_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_params.push((name.into(), value.into()));
        self
    }
}

impl OAuthConfig {
    /// Set the client ID: a registered OAuth app's ID, or the URL of a client ID metadata
    /// document.
    ///
    /// Hugging Face supports Client ID Metadata Documents (CIMD, hub-docs "Automated oauth app
    /// creation"): a site serves `/.well-known/oauth-cimd`, a JSON document whose `client_id`
    /// is that same URL, with `client_name`, `redirect_uris`, `token_endpoint_auth_method:
    /// "none"` and optionally `logo_uri` and `client_uri`; the URL is then the client ID, with
    /// PKCE (which this crate always uses). No app needs registering. The URL is used exactly
    /// as given (only surrounding whitespace is trimmed): in the authorize URL, the token
    /// requests and the id_token's `aud` check. The redirect URI (by default the current page
    /// without query or hash) must be one of the document's `redirect_uris`.
    /// `cargo xtask cimd --site https://example.org` writes such a document.
    ///
    /// # Usage
    ///
    /// ```
    /// use yew_hf_oauth::OAuthConfig;
    /// // No registered app: the site serves https://example.org/.well-known/oauth-cimd
    /// // listing https://example.org/ among its redirect_uris.
    /// let config = OAuthConfig::default()
    ///     .with_client_id("https://example.org/.well-known/oauth-cimd")
    ///     .with_redirect_uri("https://example.org/");
    /// assert_eq!(
    ///     config.client_id.as_deref(),
    ///     Some("https://example.org/.well-known/oauth-cimd")
    /// );
    /// ```
    ///
    /// The same works without Rust code: `window.HF_OAUTH_CLIENT_ID =
    /// "https://example.org/.well-known/oauth-cimd"` before the widget loads.
    pub fn with_client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// Set the scopes (space-separated).
    pub fn with_scopes(mut self, scopes: impl Into<String>) -> Self {
        self.scopes = Some(scopes.into());
        self
    }

    /// Set the hub / OpenID provider base URL. It must be `https` (plain `http` only on
    /// `127.0.0.1`, `[::1]` or `localhost`), or sign-in fails with [`OAuthError::InsecureHub`].
    pub fn with_hub_url(mut self, hub_url: impl Into<String>) -> Self {
        self.hub_url = Some(hub_url.into());
        self
    }

    /// Set the redirect URI.
    pub fn with_redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(redirect_uri.into());
        self
    }

    /// Set how the sign-in page is shown.
    pub fn with_sign_in_mode(mut self, mode: SignInMode) -> Self {
        self.sign_in_mode = mode;
        self
    }

    /// Set the authorize request's options.
    pub fn with_authorize(mut self, authorize: AuthorizeOptions) -> Self {
        self.authorize = authorize;
        self
    }

    /// Combine with what the page provides and the defaults. Crate-private: the page's part
    /// is read from `window` by the browser layer; apps call [`crate::resolve_config`].
    ///
    /// `current_page` is the page's URL without query or hash, the default redirect URI.
    /// Fails with [`OAuthError::NotConfigured`] when no client ID is found anywhere.
    pub(crate) fn resolve(
        &self,
        page: &PageConfig,
        current_page: &str,
    ) -> Result<ResolvedConfig, OAuthError> {
        let client_id = first_non_empty([
            &self.client_id,
            &page.hf_oauth_client_id,
            &page.space_client_id,
        ])
        .ok_or(OAuthError::NotConfigured)?;
        let scopes = first_non_empty([&self.scopes, &page.hf_oauth_scopes, &page.space_scopes])
            .unwrap_or_else(|| DEFAULT_SCOPES.to_owned());
        let hub_url = first_non_empty([&self.hub_url, &page.hf_hub_url])
            .unwrap_or_else(|| DEFAULT_HUB_URL.to_owned())
            .trim_end_matches('/')
            .to_owned();
        let redirect_uri =
            first_non_empty([&self.redirect_uri]).unwrap_or_else(|| current_page.to_owned());
        Ok(ResolvedConfig {
            client_id,
            scopes: scopes.split_whitespace().collect::<Vec<_>>().join(" "),
            hub_url,
            redirect_uri,
            authorize: self.authorize.clone(),
        })
    }
}

fn first_non_empty<const N: usize>(candidates: [&Option<String>; N]) -> Option<String> {
    candidates
        .into_iter()
        .flatten()
        .map(|value| value.trim())
        .find(|value| !value.is_empty())
        .map(str::to_owned)
}

/// Configuration found on the page, read from `window` by the browser layer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PageConfig {
    /// `window.HF_OAUTH_CLIENT_ID`.
    pub hf_oauth_client_id: Option<String>,
    /// `window.HF_OAUTH_SCOPES`.
    pub hf_oauth_scopes: Option<String>,
    /// `window.HF_HUB_URL`.
    pub hf_hub_url: Option<String>,
    /// `window.huggingface.variables.OAUTH_CLIENT_ID` (static Space with `hf_oauth: true`).
    pub space_client_id: Option<String>,
    /// `window.huggingface.variables.OAUTH_SCOPES`.
    pub space_scopes: Option<String>,
}

/// A complete configuration: what a sign-in needs, read through its accessors.
///
/// # Usage
/// ```no_run
/// use yew_hf_oauth::{resolve_config, OAuthConfig};
/// // In the browser: the app's config, then the page's globals, then the defaults.
/// let resolved = resolve_config(&OAuthConfig::default().with_client_id("my-client-id"))?;
/// assert_eq!(resolved.client_id(), "my-client-id");
/// println!("signing in at {} for {}", resolved.hub_url(), resolved.scopes());
/// # Ok::<(), yew_hf_oauth::OAuthError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedConfig {
    pub(crate) client_id: String,
    pub(crate) scopes: String,
    pub(crate) hub_url: String,
    pub(crate) redirect_uri: String,
    pub(crate) authorize: AuthorizeOptions,
}

impl ResolvedConfig {
    /// The OAuth app's client ID (or the URL of its client ID metadata document).
    ///
    /// # Usage
    /// ```no_run
    /// # let resolved = yew_hf_oauth::resolve_config(&Default::default()).unwrap();
    /// let client_id: &str = resolved.client_id();
    /// ```
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Space-separated scopes, normalised to single spaces.
    ///
    /// # Usage
    /// ```no_run
    /// # let resolved = yew_hf_oauth::resolve_config(&Default::default()).unwrap();
    /// let asks_for_inference = resolved.scopes().split(' ').any(|s| s == "inference-api");
    /// ```
    pub fn scopes(&self) -> &str {
        &self.scopes
    }

    /// Base URL of the hub or OpenID provider, without a trailing slash.
    ///
    /// # Usage
    /// ```no_run
    /// # let resolved = yew_hf_oauth::resolve_config(&Default::default()).unwrap();
    /// let authorize_page = format!("{}/oauth/authorize", resolved.hub_url());
    /// ```
    pub fn hub_url(&self) -> &str {
        &self.hub_url
    }

    /// The redirect URI sent to the provider.
    ///
    /// # Usage
    /// ```no_run
    /// # let resolved = yew_hf_oauth::resolve_config(&Default::default()).unwrap();
    /// let comes_back_to: &str = resolved.redirect_uri();
    /// ```
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Options of the authorize request.
    ///
    /// # Usage
    /// ```no_run
    /// # let resolved = yew_hf_oauth::resolve_config(&Default::default()).unwrap();
    /// let asks_for_consent = resolved.authorize().prompt.as_deref() == Some("consent");
    /// ```
    pub fn authorize(&self) -> &AuthorizeOptions {
        &self.authorize
    }

    /// Whether the hub is Hugging Face's default one (no discovery round trip needed).
    ///
    /// # Usage
    /// ```no_run
    /// # let resolved = yew_hf_oauth::resolve_config(&Default::default()).unwrap();
    /// let needs_discovery = !resolved.is_default_hub();
    /// ```
    pub fn is_default_hub(&self) -> bool {
        self.hub_url == DEFAULT_HUB_URL
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://example.org/app/";

    #[test]
    fn auto_uses_a_popup_only_inside_a_frame() {
        assert!(!SignInMode::Auto.uses_popup(false));
        assert!(SignInMode::Auto.uses_popup(true));
        assert!(!SignInMode::Redirect.uses_popup(true));
        assert!(SignInMode::Popup.uses_popup(false));
        assert_eq!(OAuthConfig::default().sign_in_mode, SignInMode::Auto);
    }

    #[test]
    fn no_client_id_anywhere_is_not_configured() {
        let err = OAuthConfig::default()
            .resolve(&PageConfig::default(), PAGE)
            .unwrap_err();
        assert_eq!(err, OAuthError::NotConfigured);
    }

    #[test]
    fn blank_client_id_is_not_configured() {
        let page = PageConfig {
            hf_oauth_client_id: Some("  ".into()),
            ..Default::default()
        };
        let err = OAuthConfig::default().resolve(&page, PAGE).unwrap_err();
        assert_eq!(err, OAuthError::NotConfigured);
    }

    #[test]
    fn defaults_apply_when_only_a_client_id_is_given() {
        let page = PageConfig {
            hf_oauth_client_id: Some("abc".into()),
            ..Default::default()
        };
        let resolved = OAuthConfig::default().resolve(&page, PAGE).unwrap();
        assert_eq!(resolved.client_id, "abc");
        assert_eq!(resolved.scopes, "openid profile inference-api");
        assert_eq!(resolved.hub_url, "https://huggingface.co");
        assert_eq!(resolved.redirect_uri, PAGE);
        assert!(resolved.is_default_hub());
    }

    #[test]
    fn prop_wins_over_window_global_which_wins_over_space_variables() {
        let page = PageConfig {
            hf_oauth_client_id: Some("global".into()),
            space_client_id: Some("space".into()),
            hf_oauth_scopes: Some("openid  profile".into()),
            space_scopes: Some("openid".into()),
            ..Default::default()
        };
        let from_prop = OAuthConfig::default()
            .with_client_id("prop")
            .resolve(&page, PAGE)
            .unwrap();
        assert_eq!(from_prop.client_id, "prop");
        assert_eq!(from_prop.scopes, "openid profile");
        let from_global = OAuthConfig::default().resolve(&page, PAGE).unwrap();
        assert_eq!(from_global.client_id, "global");
        let space_only = PageConfig {
            space_client_id: Some("space".into()),
            space_scopes: Some("openid email".into()),
            ..Default::default()
        };
        let from_space = OAuthConfig::default().resolve(&space_only, PAGE).unwrap();
        assert_eq!(from_space.client_id, "space");
        assert_eq!(from_space.scopes, "openid email");
    }

    #[test]
    fn hub_url_loses_its_trailing_slash_and_redirect_uri_can_be_set() {
        let page = PageConfig {
            hf_hub_url: Some("http://127.0.0.1:9000/".into()),
            ..Default::default()
        };
        let resolved = OAuthConfig::default()
            .with_client_id("c")
            .with_redirect_uri("http://127.0.0.1:8080/cb")
            .resolve(&page, PAGE)
            .unwrap();
        assert_eq!(resolved.hub_url, "http://127.0.0.1:9000");
        assert_eq!(resolved.redirect_uri, "http://127.0.0.1:8080/cb");
        assert!(!resolved.is_default_hub());
    }

    #[test]
    fn with_hub_url_wins_over_the_page_global_and_loses_its_trailing_slash() {
        let page = PageConfig {
            hf_oauth_client_id: Some("c".into()),
            hf_hub_url: Some("https://from-the-page.example".into()),
            ..Default::default()
        };
        let resolved = OAuthConfig::default()
            .with_hub_url("https://hub.example.org/")
            .resolve(&page, PAGE)
            .unwrap();
        assert_eq!(resolved.hub_url(), "https://hub.example.org");
        assert!(!resolved.is_default_hub());
        let blank = OAuthConfig::default()
            .with_hub_url("  ")
            .resolve(&page, PAGE)
            .unwrap();
        assert_eq!(
            blank.hub_url(),
            "https://from-the-page.example",
            "blank is not set"
        );
    }

    #[test]
    fn the_accessors_read_what_was_resolved() {
        let resolved = OAuthConfig::default()
            .with_client_id("c")
            .with_scopes("openid   email")
            .with_redirect_uri("https://example.org/cb")
            .with_authorize(AuthorizeOptions::default().with_prompt_consent())
            .resolve(&PageConfig::default(), PAGE)
            .unwrap();
        assert_eq!(resolved.client_id(), "c");
        assert_eq!(resolved.scopes(), "openid email");
        assert_eq!(resolved.hub_url(), DEFAULT_HUB_URL);
        assert_eq!(resolved.redirect_uri(), "https://example.org/cb");
        assert_eq!(resolved.authorize().prompt.as_deref(), Some("consent"));
    }
}
