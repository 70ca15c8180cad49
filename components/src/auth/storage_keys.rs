//! Every key this library writes to the page's storage, with the storage it goes to: the one
//! list that the README's table "What is stored where" is checked against
//! (`cargo xtask test readme` reads this file and the constants it names).
//!
//! A new key is a new `*_KEY` or `*_KEY_PREFIX` constant; the check fails until it is listed
//! here and in the README. The list is for that check and the test below: the library itself
//! reads the constants directly.

use super::endpoints::DISCOVERY_CACHE_KEY_PREFIX;
use super::login_url::PENDING_LOGIN_KEY_PREFIX;
use super::result::SESSION_STORAGE_KEY;
use crate::browser::chat_storage::CHAT_STORAGE_KEY;
use crate::session::refresh::SPENT_REFRESH_KEY;

/// Which of the page's two storages a key lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StorageArea {
    /// sessionStorage: this tab only.
    Session,
    /// localStorage: every tab of the origin.
    Local,
}

/// The keys (a key ending in `:` is a prefix, followed by the state or the hub URL).
pub(crate) const STORAGE_KEYS: &[(StorageArea, &str)] = &[
    (StorageArea::Session, SESSION_STORAGE_KEY),
    (StorageArea::Local, PENDING_LOGIN_KEY_PREFIX),
    (StorageArea::Local, SPENT_REFRESH_KEY),
    (StorageArea::Local, DISCOVERY_CACHE_KEY_PREFIX),
    (StorageArea::Session, CHAT_STORAGE_KEY),
];

#[cfg(test)]
mod tests {
    use super::STORAGE_KEYS;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Pending sign-ins are found (and stale ones deleted) by their prefix: no other key of the
    /// library may start with another key's prefix.
    #[test]
    fn no_key_starts_with_another_keys_prefix_and_all_are_the_librarys() {
        for (i, (_, key)) in STORAGE_KEYS.iter().enumerate() {
            assert!(key.starts_with("hf_oauth:"), "{key}");
            for (j, (_, other)) in STORAGE_KEYS.iter().enumerate() {
                if i != j && other.ends_with(':') {
                    assert!(
                        !key.starts_with(other),
                        "{key} starts with the prefix {other}"
                    );
                }
            }
        }
    }
}
