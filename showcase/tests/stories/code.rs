//! "Code to paste" as a visitor uses it: set the controls, read the snippet, copy it.

use super::*;

fn pasteable(mounted: &Mounted) -> String {
    mounted
        .get("#paste-code")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_snippet_follows_the_controls_and_copies() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/button/signed-out?tab=code&theme=light").await;
    let code = pasteable(&mounted);
    assert!(
        code.contains("<HfLoginButton theme={Theme::Light} />"),
        "{code}"
    );
    assert!(
        !code.contains("args."),
        "nothing of the showcase's own: {code}"
    );

    let size: web_sys::HtmlSelectElement = mounted.get("#control-size").unchecked_into();
    size.set_value("lg");
    size.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    let theme: web_sys::HtmlSelectElement = mounted.get("#control-theme").unchecked_into();
    theme.set_value("dark");
    theme
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    sleep(30).await;
    let code = pasteable(&mounted);
    assert!(
        code.contains("<HfLoginButton size={ButtonSize::Lg} theme={Theme::Dark} />"),
        "{code}"
    );
    // Highlighted: the component, the props and the values have their own colours.
    for (class, text) in [
        ("hl-tag", "HfLoginButton"),
        ("hl-attr", "size"),
        ("hl-value", "ButtonSize::Lg"),
    ] {
        let found = mounted
            .root
            .query_selector_all(&format!("#paste-code .{class}"))
            .unwrap();
        assert!(
            (0..found.length())
                .filter_map(|i| found.item(i))
                .any(|n| n.text_content().as_deref() == Some(text)),
            "no .{class} `{text}`"
        );
    }

    // The clipboard, replaced by one that records what it gets (a headless page has no
    // permission to write the real one).
    js_sys::eval(
        "window.__copied = null; Object.defineProperty(navigator, 'clipboard', { configurable: true, \
         value: { writeText: t => { window.__copied = t; return Promise.resolve(); } } });",
    )
    .unwrap();
    let status = || mounted.get(".sb-copy-status").text_content().unwrap();
    let click_copy = || {
        mounted
            .get("#sb-copy")
            .unchecked_into::<HtmlElement>()
            .click()
    };
    click_copy();
    for _ in 0..40 {
        if !status().is_empty() {
            break;
        }
        sleep(25).await;
    }
    assert_eq!(status(), "Copied");
    let copied = js_sys::eval("window.__copied").unwrap().as_string();
    assert_eq!(
        copied.as_deref(),
        Some(code.as_str()),
        "the snippet, as shown"
    );

    // A clipboard that refuses (and no `copy` command) is said so.
    js_sys::eval(
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, \
         value: { writeText: () => Promise.reject(new Error('denied')) } });",
    )
    .unwrap();
    click_copy();
    for _ in 0..40 {
        if status() != "Copied" {
            break;
        }
        sleep(25).await;
    }
    assert_eq!(status(), "The browser refused: select the code and copy it");
    assert!(axe_violations(&mounted.root).await.is_empty());
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn every_story_has_code_to_paste_without_showcase_internals() {
    prepare_page();
    take_errors();
    for (group, story) in registry::all() {
        let mounted = mount_at(&format!("#/{}/{}?tab=code", group.id, story.id)).await;
        let code = pasteable(&mounted);
        assert!(
            code.starts_with("html! {"),
            "{}/{}: {code}",
            group.id,
            story.id
        );
        assert!(
            code.contains(&format!(
                "<{}",
                if group.component == "HfOAuthProvider" {
                    "HfOAuthProvider"
                } else {
                    group.component
                }
            )),
            "{}/{}: {code}",
            group.id,
            story.id
        );
        assert!(!code.contains("args"), "{}/{}: {code}", group.id, story.id);
    }
    assert_no_errors();
}
