//! The plain functions: start a sign-in, finish it when the provider sends the visitor back,
//! read the saved session, sign out. Usable without any component.

use super::session_env::browser_driver;
use super::{broadcast, discovery_cache, page, storage};
use crate::auth::config::ResolvedConfig;
use crate::auth::endpoints::{check_hub_url, ProviderEndpoints};
use crate::auth::flow;
use crate::browser::fetch::FetchOAuthTransport;
use crate::{OAuthConfig, OAuthError, OAuthResult};

/// Combine `config` with the page's globals and the current URL.
pub fn resolve_config(config: &OAuthConfig) -> Result<ResolvedConfig, OAuthError> {
    config.resolve(&page::read_page_config(), &page::current_page_url())
}

/// The provider's endpoints: Hugging Face's without a round trip, any other hub's from its
/// OpenID discovery document (remembered in localStorage for a day, see
/// [`discovery_cache`]). A hub that is not `https` (loopback aside) is refused with
/// [`OAuthError::InsecureHub`].
pub async fn provider_endpoints(config: &ResolvedConfig) -> Result<ProviderEndpoints, OAuthError> {
    if config.is_default_hub() {
        return Ok(ProviderEndpoints::hugging_face(&config.hub_url));
    }
    check_hub_url(&config.hub_url)?;
    let now_ms = page::now_ms();
    if let Some(cached) = discovery_cache::cached_endpoints(&config.hub_url, now_ms) {
        return Ok(cached);
    }
    let endpoints = flow::discover(&FetchOAuthTransport, &config.hub_url).await?;
    discovery_cache::cache_endpoints(&config.hub_url, &endpoints, now_ms);
    Ok(endpoints)
}

/// Build the URL that starts a sign-in, and remember (in localStorage, under its `state`) the
/// PKCE verifier, nonce, state and the path to come back to. Send the browser there with
/// `window.location.assign(url)`. Several sign-ins may be in progress at once (two tabs); each
/// callback finishes its own.
///
/// ```no_run
/// # async fn run() -> Result<(), yew_hf_oauth::OAuthError> {
/// let config = yew_hf_oauth::OAuthConfig::default().with_client_id("my-client-id");
/// let url = yew_hf_oauth::generate_oauth_login_url(&config).await?;
/// gloo::utils::window().location().assign(&url).unwrap();
/// # Ok(()) }
/// ```
pub async fn generate_oauth_login_url(config: &OAuthConfig) -> Result<String, OAuthError> {
    browser_driver(config, |_| {})?
        .authorize_url(None, &Default::default(), false)
        .await
}

/// Finish a sign-in when the page was opened by the provider's redirect.
///
/// Returns `Ok(None)` when the address bar holds no callback. Otherwise: the code and state are
/// removed from the address bar first (a reload never re-sends a used code), the state is
/// matched with a sign-in this browser started (a response to none is
/// [`OAuthError::ForeignCallback`], and its words are not shown; a sign-in older than 30
/// minutes is refused), the code is
/// exchanged (PKCE), the id_token checked, the full profile read from the userinfo endpoint
/// (when that fails the result keeps the id_token's profile, marked
/// [`ProfileStatus::Unavailable`](crate::ProfileStatus)), the result saved in sessionStorage
/// under [`crate::SESSION_STORAGE_KEY`], the other tabs told, and the visitor returned to the
/// same-origin path they started from. That sign-in's stored verifier and nonce are removed
/// whatever the outcome; other sign-ins in progress stay.
pub async fn handle_oauth_redirect(
    config: &OAuthConfig,
) -> Result<Option<OAuthResult>, OAuthError> {
    browser_driver(config, |_| {})?.finish_and_complete().await
}

/// The result saved in this tab's sessionStorage, if it has not expired.
pub fn load_saved_oauth_result() -> Option<OAuthResult> {
    storage::load_result_any().filter(|result| !result.is_expired_at(page::now_ms()))
}

/// Sign out: forget the session in this tab, tell the other tabs, and revoke the token when
/// the provider lists a revocation endpoint.
pub async fn sign_out(config: &OAuthConfig) {
    match browser_driver(config, |_| {}) {
        Ok(driver) => driver.sign_out(),
        Err(_) => {
            storage::clear_result();
            broadcast::announce_signed_out();
        }
    }
}
