//! The accessibility panel as a visitor uses it: it reports no violation on a story, light and
//! dark, and lists a violation with its node once the canvas has one.

use super::*;

/// Waits until the panel has finished a check; returns its state (`pass`, `fail`, …).
async fn panel_state(mounted: &Mounted) -> String {
    for _ in 0..200 {
        let state = mounted
            .get(".sb-a11y")
            .get_attribute("data-state")
            .unwrap_or_default();
        if state != "running" {
            return state;
        }
        sleep(25).await;
    }
    panic!("the accessibility check never finished");
}

#[wasm_bindgen_test]
async fn the_panel_reports_zero_violations_in_light_and_dark() {
    prepare_page();
    take_errors();
    for address in [
        "#/button/signed-out?theme=light",
        "#/button/signed-out?theme=dark",
        "#/badge/orgs?theme=dark",
        "#/panel/error-429?theme=light",
    ] {
        let mounted = mount_at(address).await;
        assert_eq!(panel_state(&mounted).await, "pass", "{address}");
        let summary = mounted.get(".sb-a11y-summary").text_content().unwrap();
        assert!(
            summary.starts_with("No violations ("),
            "{address}: {summary}"
        );
    }
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn a_violation_is_listed_with_its_node() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/button/signed-out?theme=light").await;
    assert_eq!(panel_state(&mounted).await, "pass");
    // Break the canvas: an image without a text alternative.
    let img = gloo::utils::document().create_element("img").unwrap();
    img.set_id("broken-image");
    img.set_attribute("src", "data:image/gif;base64,R0lGODlhAQABAAAAACw=")
        .unwrap();
    mounted.get(".sb-canvas").append_child(&img).unwrap();
    mounted
        .get("#sb-a11y-again")
        .unchecked_into::<HtmlElement>()
        .click();
    sleep(10).await;
    assert_eq!(panel_state(&mounted).await, "fail");
    let rule = mounted.get(".sb-a11y-list li[data-rule='image-alt']");
    assert!(rule
        .text_content()
        .unwrap()
        .contains("image-alt (critical)"));
    assert_eq!(
        rule.query_selector(".sb-a11y-node")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("#broken-image")
    );
    assert_eq!(
        mounted.get(".sb-a11y-summary").text_content().as_deref(),
        Some("1 violation(s).")
    );
    img.remove();
    assert_no_errors();
}
