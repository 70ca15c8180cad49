//! The session driver's environment in the browser: sessionStorage, localStorage, the address
//! bar, `fetch` and the tab channel.

use super::fetch::FetchOAuthTransport;
use super::{broadcast, page, redirect, storage};
use crate::auth::callback::{self, CallbackParams};
use crate::auth::config::ResolvedConfig;
use crate::auth::endpoints::ProviderEndpoints;
use crate::auth::login_url::PendingLogin;
use crate::browser::broadcast::TabMessage;
use crate::session::driver::SessionDriver;
use crate::session::env::SessionEnv;
use crate::{OAuthConfig, OAuthError, OAuthResult};

/// The browser as a [`SessionEnv`], for one resolved configuration.
pub struct BrowserEnv {
    config: ResolvedConfig,
}

impl BrowserEnv {
    /// The environment for `config` (resolved against the page's globals and URL).
    pub fn new(config: &OAuthConfig) -> Result<Self, OAuthError> {
        Ok(Self {
            config: redirect::resolve_config(config)?,
        })
    }
}

/// A session driver over the browser for `config`.
pub fn browser_driver(config: &OAuthConfig) -> Result<SessionDriver<BrowserEnv>, OAuthError> {
    BrowserEnv::new(config).map(SessionDriver::new)
}

impl SessionEnv for BrowserEnv {
    type Http = FetchOAuthTransport;

    fn transport(&self) -> &FetchOAuthTransport {
        &FetchOAuthTransport
    }
    fn now_ms(&self) -> u64 {
        page::now_ms()
    }
    fn client_id(&self) -> &str {
        &self.config.client_id
    }
    async fn endpoints(&self) -> Result<ProviderEndpoints, OAuthError> {
        redirect::provider_endpoints(&self.config).await
    }
    fn take_callback(&self) -> CallbackParams {
        let (path, search, hash) = page::current_location_parts();
        let params = callback::parse_callback_query(&search);
        if params != CallbackParams::None {
            page::replace_address(&format!(
                "{path}{}{hash}",
                callback::strip_callback_params(&search)
            ));
        }
        params
    }
    fn take_pending(&self) -> Option<PendingLogin> {
        storage::take_pending()
    }
    fn return_to(&self, path: &str) {
        page::replace_address(path);
    }
    fn load_session(&self) -> Option<OAuthResult> {
        storage::load_result_any()
    }
    fn save_session(&self, result: &OAuthResult) -> Result<(), OAuthError> {
        storage::save_result(result)
    }
    fn clear_session(&self) {
        storage::clear_result();
    }
    fn spent_refresh(&self) -> Option<String> {
        storage::spent_refresh()
    }
    fn mark_refresh_spent(&self, marker: &str) {
        storage::mark_refresh_spent(marker);
    }
    fn announce(&self, message: &TabMessage) {
        broadcast::announce(message);
    }
}
