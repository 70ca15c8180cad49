//! The isolated canvas (`?isolated`): the story alone, with no sidebar and no panels.

use super::*;

/// Mounts the story at `address` (an isolated one) and returns its problems: what is there
/// that should not be, errors, axe violations.
pub async fn check(address: &str, story: &str) -> Vec<String> {
    take_errors();
    let mounted = mount_at(address).await;
    settle(&mounted).await;
    let mut problems = Vec::new();
    for extra in [
        ".sb-top",
        ".sb-nav",
        ".sb-toolbar",
        ".sb-controls",
        "#panel-code",
    ] {
        if mounted.root.query_selector(extra).unwrap().is_some() {
            problems.push(format!("{address}: `{extra}` is shown"));
        }
    }
    let shown = mounted.get(".sb-isolated").get_attribute("data-story");
    if shown.as_deref() != Some(story) {
        problems.push(format!("{address}: shows {shown:?}"));
    }
    if mounted.get(".sb-canvas").child_element_count() == 0 {
        problems.push(format!("{address}: the canvas is empty"));
    }
    problems.extend(take_errors().into_iter().map(|e| format!("{address}: {e}")));
    problems.extend(
        axe_violations(&mounted.root)
            .await
            .into_iter()
            .map(|v| format!("{address}: axe: {v}")),
    );
    drop(mounted);
    yew::scheduler::flush().await;
    problems.extend(
        take_errors()
            .into_iter()
            .map(|e| format!("{address} (unmount): {e}")),
    );
    problems
}

#[wasm_bindgen_test]
async fn the_canvas_alone_link_opens_the_story_alone() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/button/sizes?theme=dark&width=narrow&tab=code").await;
    let link = mounted.get("a.sb-alone");
    let href = link.get_attribute("href").unwrap();
    assert_eq!(href, "#/button/sizes?isolated&theme=dark&viewport=phone");
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));

    // Following it (the app listens to hashchange) leaves only the canvas.
    gloo::utils::window().location().set_hash(&href).unwrap();
    sleep(60).await;
    assert!(mounted.root.query_selector(".sb-nav").unwrap().is_none());
    assert!(mounted
        .root
        .query_selector(".sb-controls")
        .unwrap()
        .is_none());
    assert_eq!(
        mounted
            .root
            .query_selector_all(".sb-canvas .hf-oauth-login-button")
            .unwrap()
            .length(),
        4
    );
    let canvas = mounted.get(".sb-canvas");
    assert_eq!(canvas.get_attribute("data-theme").as_deref(), Some("dark"));
    let width = canvas.get_bounding_client_rect().width();
    assert!((width - 375.0).abs() < 1.0, "canvas is {width} px wide");
    assert_eq!(
        mounted.get("h1").text_content().as_deref(),
        Some("HfLoginButton: All sizes")
    );

    // And back: without `isolated` the whole showcase returns.
    gloo::utils::window()
        .location()
        .set_hash("#/button/sizes?theme=dark")
        .unwrap();
    sleep(60).await;
    assert!(mounted.root.query_selector(".sb-nav").unwrap().is_some());
    assert_no_errors();
}
