//! Viewports, rotation, zoom and backgrounds as a visitor uses them: the toolbar changes the
//! canvas and the address, and the address alone brings the same view back.

use super::*;

/// Chooses `value` in the select `selector` (as a visitor does: value, then `change`).
fn choose(mounted: &Mounted, selector: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = mounted.get(selector).unchecked_into();
    select.set_value(value);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

fn canvas_width(mounted: &Mounted) -> f64 {
    mounted.get(".sb-canvas").get_bounding_client_rect().width()
}

fn hash() -> String {
    gloo::utils::window().location().hash().unwrap()
}

#[wasm_bindgen_test]
async fn the_toolbar_sets_viewport_rotation_zoom_and_background_in_the_address() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/button/signed-out?theme=light").await;
    let button_height = || {
        mounted
            .get(".hf-oauth-login-button")
            .get_bounding_client_rect()
            .height()
    };
    let at_100 = button_height();
    assert!(
        mounted.get("#sb-rotate").has_attribute("disabled"),
        "nothing to rotate on the desktop"
    );

    choose(&mounted, "#sb-viewport", "phone");
    sleep(40).await;
    assert_eq!(hash(), "#/button/signed-out?theme=light&viewport=phone");
    assert!((canvas_width(&mounted) - 375.0).abs() < 1.0);

    mounted
        .get("#sb-rotate")
        .unchecked_into::<HtmlElement>()
        .click();
    sleep(40).await;
    assert_eq!(
        hash(),
        "#/button/signed-out?theme=light&viewport=phone&rotate"
    );
    assert!((canvas_width(&mounted) - 667.0).abs() < 1.0);
    assert_eq!(
        mounted
            .get("#sb-rotate")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );

    choose(&mounted, "#sb-viewport", "tablet");
    sleep(40).await;
    assert!(
        (canvas_width(&mounted) - 1024.0).abs() < 1.0,
        "a rotated tablet"
    );

    choose(&mounted, "#sb-zoom", "200");
    sleep(40).await;
    assert!(hash().contains("zoom=200"), "{}", hash());
    let at_200 = button_height();
    assert!(
        (at_200 - 2.0 * at_100).abs() < 1.5,
        "the button is {at_100} px high at 100% and {at_200} px at 200%"
    );

    mounted
        .get("#sb-background")
        .unchecked_into::<HtmlElement>()
        .click();
    sleep(40).await;
    assert!(hash().ends_with("&bg=checkered"), "{}", hash());
    let canvas = mounted.get(".sb-canvas");
    assert_eq!(
        canvas.get_attribute("data-background").as_deref(),
        Some("checkered")
    );
    let image = gloo::utils::window()
        .get_computed_style(&canvas)
        .unwrap()
        .unwrap()
        .get_property_value("background-image")
        .unwrap();
    assert!(image.contains("conic-gradient"), "{image}");
    assert!(axe_violations(&mounted.root).await.is_empty());
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn the_address_alone_restores_the_view() {
    prepare_page();
    take_errors();
    let mounted =
        mount_at("#/badge/orgs?theme=dark&viewport=phone&rotate&zoom=150&bg=checkered").await;
    let value = |sel: &str| {
        mounted
            .get(sel)
            .unchecked_into::<web_sys::HtmlSelectElement>()
            .value()
    };
    assert_eq!(value("#sb-viewport"), "phone");
    assert_eq!(value("#sb-zoom"), "150");
    for toggle in ["#sb-rotate", "#sb-background"] {
        assert_eq!(
            mounted.get(toggle).get_attribute("aria-pressed").as_deref(),
            Some("true"),
            "{toggle}"
        );
    }
    assert!((canvas_width(&mounted) - 667.0).abs() < 1.0);
    // The sidebar's links keep the view.
    let link = mounted.get("#nav-list-badge a[aria-current='page']");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("#/badge/orgs?theme=dark&viewport=phone&rotate&zoom=150&bg=checkered")
    );
    assert!(axe_violations(&mounted.root).await.is_empty());
    assert_no_errors();
}
