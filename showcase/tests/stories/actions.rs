//! The actions panel as a visitor uses it: press a story's button, read the log, clear it.

use super::*;

/// The log's entries as `(name, payload)`.
pub(super) fn actions(mounted: &Mounted) -> Vec<(String, String)> {
    let items = mounted
        .root
        .query_selector_all(".sb-actions-log li")
        .unwrap();
    (0..items.length())
        .filter_map(|i| items.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|li| {
            let text = |sel: &str| {
                li.query_selector(sel)
                    .unwrap()
                    .and_then(|e| e.text_content())
                    .unwrap_or_default()
            };
            assert!(
                text(".sb-action-time").starts_with('+'),
                "every action has its time"
            );
            (text(".sb-action-name"), text(".sb-action-payload"))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn signing_in_and_out_is_logged_and_the_log_clears() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/button/signed-out").await;
    assert!(actions(&mounted).is_empty());
    assert_eq!(
        mounted.get("#actions-title").text_content().as_deref(),
        Some("Actions (0)")
    );
    mounted
        .get(".hf-oauth-login-button")
        .unchecked_into::<HtmlElement>()
        .click();
    sleep(30).await;
    assert_eq!(
        actions(&mounted),
        [("sign_in".to_owned(), "SignedOut → Redirecting".to_owned())]
    );
    assert_eq!(
        mounted.get("#actions-title").text_content().as_deref(),
        Some("Actions (1)")
    );
    click_button(&mounted, "Clear");
    sleep(20).await;
    assert!(actions(&mounted).is_empty());
    drop(mounted);

    let mounted = mount_at("#/badge/signed-in").await;
    sleep(30).await;
    click_button(&mounted, "Sign out");
    sleep(30).await;
    assert_eq!(
        actions(&mounted),
        [(
            "sign_out".to_owned(),
            "SignedIn(@janedoe) → SignedOut".to_owned()
        )]
    );
    assert!(axe_violations(&mounted.root).await.is_empty());
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn generate_and_stop_are_logged_with_their_payload() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/panel/idle").await;
    sleep(30).await;
    assert!(actions(&mounted).is_empty());
    click_button(&mounted, "Generate");
    // The scripted answer takes a few seconds; wait for its end (bounded).
    for _ in 0..200 {
        if actions(&mounted).len() >= 2 {
            break;
        }
        sleep(50).await;
    }
    let log = actions(&mounted);
    let names: Vec<&str> = log.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["generate", "answer"], "{log:?}");
    assert!(
        log[0].1.contains("meta-llama/Llama-3.1-8B-Instruct"),
        "{}",
        log[0].1
    );
    assert!(
        log[0].1.contains("Explain OAuth PKCE in one sentence."),
        "{}",
        log[0].1
    );
    assert!(log[1].1.starts_with("ended after "), "{}", log[1].1);
    drop(mounted);

    // The streaming story presses Generate itself; Stop aborts it mid-answer.
    let mounted = mount_at("#/panel/streaming").await;
    sleep(600).await;
    click_button(&mounted, "Stop");
    sleep(30).await;
    let log = actions(&mounted);
    let names: Vec<&str> = log.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["generate", "stop"], "{log:?}");
    assert!(log[1].1.starts_with("aborted after "), "{}", log[1].1);
    assert_no_errors();
}
