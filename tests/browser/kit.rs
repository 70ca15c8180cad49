//! The crate's test kit itself: what it promises about mounting and unmounting.

use crate::support::*;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;
use yew_hf_oauth::testing::{mount_with_session, signed_in_as};
use yew_hf_oauth::UserBadge;

#[wasm_bindgen_test]
async fn unmount_all_removes_a_tree_a_failed_test_left_behind() {
    let kept = mount(html! { <p class="kit-kept">{ "kept" }</p> }).await;
    let leaked = mount_with_session(signed_in_as("janedoe"), html! { <UserBadge /> }).await;
    let leaked_root = leaked.root.clone();
    // What a panicking test does: its tree is never dropped.
    std::mem::forget(leaked);
    assert!(leaked_root.is_connected());

    unmount_all();
    assert!(!leaked_root.is_connected(), "the leaked tree left the page");
    assert!(!kept.root.is_connected(), "every tree is unmounted");
    assert_eq!(
        gloo::utils::document()
            .query_selector_all(".hf-oauth-badge")
            .unwrap()
            .length(),
        0
    );
    // Dropping a tree unmount_all already removed is harmless.
    drop(kept);
}
