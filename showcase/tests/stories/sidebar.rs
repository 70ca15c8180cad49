//! The sidebar as a visitor uses it: typing in the filter box, `/`, the arrow keys, collapsing
//! a group, reading the story counts.

use super::*;

/// Types `text` into the filter box (sets the value and fires `input`, as typing does).
fn type_search(mounted: &Mounted, text: &str) {
    let input: web_sys::HtmlInputElement = mounted.get("#sb-search").unchecked_into();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// Presses `key` on `target` (a bubbling keydown, which is what the sidebar listens to).
fn press(target: &JsValue, key: &str) {
    let press = js_sys::Function::new_with_args(
        "el, key",
        "el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))",
    );
    press.call2(&JsValue::NULL, target, &key.into()).unwrap();
}

/// The texts of the story links a visitor can see.
fn visible_links(mounted: &Mounted) -> Vec<String> {
    let list = mounted
        .root
        .query_selector_all("nav a:not(.sb-docs-link)")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter(|a| a.closest("[hidden]").unwrap().is_none())
        .map(|a| a.text_content().unwrap_or_default())
        .collect()
}

/// The id (or text) of the focused element.
fn focused() -> String {
    gloo::utils::document()
        .active_element()
        .map(|el| {
            if el.id().is_empty() {
                el.text_content().unwrap_or_default()
            } else {
                el.id()
            }
        })
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn typing_in_the_search_filters_groups_and_stories() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/button/signed-out").await;
    let total = registry::all().count();
    assert_eq!(visible_links(&mounted).len(), total);
    assert_eq!(
        mounted.get("#sb-search-count").text_content().unwrap(),
        format!("{total} stories")
    );

    type_search(&mounted, "dark");
    sleep(20).await;
    let links = visible_links(&mounted);
    assert!(!links.is_empty());
    assert!(
        links.iter().all(|t| t.to_lowercase().contains("dark")),
        "{links:?}"
    );
    assert!(!links.iter().any(|t| t == "Signed out"));
    assert_eq!(
        mounted.get("#sb-search-count").text_content().unwrap(),
        format!("{} of {total} stories", links.len())
    );

    // A component's name keeps all its stories; words combine.
    type_search(&mounted, "userbadge");
    sleep(20).await;
    let badge = registry::groups().iter().find(|g| g.id == "badge").unwrap();
    assert_eq!(visible_links(&mounted).len(), badge.stories.len());
    assert_eq!(
        mounted
            .root
            .query_selector_all(".sb-group")
            .unwrap()
            .length(),
        1
    );
    type_search(&mounted, "panel error 40");
    sleep(20).await;
    let links = visible_links(&mounted);
    assert!(links.len() >= 4, "{links:?}");
    assert!(links.iter().all(|t| t.starts_with("Error 40")), "{links:?}");

    type_search(&mounted, "no such story");
    sleep(20).await;
    assert!(visible_links(&mounted).is_empty());
    assert!(mounted.text().contains("No story matches “no such story”."));

    // Escape in the box clears the filter.
    press(&mounted.get("#sb-search").into(), "Escape");
    sleep(20).await;
    assert_eq!(visible_links(&mounted).len(), total);
    assert_eq!(
        mounted
            .get("#sb-search")
            .unchecked_into::<web_sys::HtmlInputElement>()
            .value(),
        ""
    );
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn slash_focuses_the_search_and_arrows_walk_the_list() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/button/signed-out").await;
    press(&gloo::utils::document().body().unwrap().into(), "/");
    sleep(10).await;
    assert_eq!(focused(), "sb-search");

    let search: JsValue = mounted.get("#sb-search").into();
    press(&search, "ArrowDown");
    assert_eq!(focused(), "nav-button", "the first group's toggle");
    let active = || JsValue::from(gloo::utils::document().active_element().unwrap());
    press(&active(), "ArrowDown");
    assert_eq!(focused(), "Docs");
    press(&active(), "ArrowDown");
    assert_eq!(focused(), "Signed out");
    press(&active(), "ArrowUp");
    press(&active(), "ArrowUp");
    press(&active(), "ArrowUp");
    assert_eq!(
        focused(),
        "sb-search",
        "Up from the first entry goes back to the box"
    );

    // `/` typed inside a text field is a character, not the shortcut.
    let last_story = registry::all().last().unwrap().1.title;
    press(&search, "ArrowDown");
    press(&active(), "End");
    assert_eq!(focused(), last_story);
    let label = mounted.get("#control-label");
    label.unchecked_ref::<HtmlElement>().focus().unwrap();
    press(&label.clone().into(), "/");
    assert_eq!(focused(), "control-label");

    // Only what the filter shows is walked.
    type_search(&mounted, "xl");
    sleep(20).await;
    press(&mounted.get("#sb-search").into(), "ArrowDown");
    press(&active(), "ArrowDown");
    assert_eq!(focused(), "Size xl");
    press(&active(), "ArrowDown");
    assert_eq!(focused(), "Size xl", "the last visible entry stays focused");
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn groups_collapse_and_show_their_counts() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/button/signed-out").await;
    for group in registry::groups() {
        let toggle = mounted.get(&format!("#nav-{}", group.id));
        let words = if group.stories.len() == 1 {
            "story"
        } else {
            "stories"
        };
        assert_eq!(
            toggle
                .query_selector(".sb-count")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap(),
            format!("{} {words}", group.stories.len())
        );
        assert_eq!(
            toggle.get_attribute("aria-expanded").as_deref(),
            Some("true")
        );
    }
    let toggle = mounted.get("#nav-badge");
    toggle.clone().unchecked_into::<HtmlElement>().click();
    sleep(20).await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(mounted.get("#nav-list-badge").has_attribute("hidden"));
    let badge = registry::groups().iter().find(|g| g.id == "badge").unwrap();
    assert_eq!(
        visible_links(&mounted).len(),
        registry::all().count() - badge.stories.len()
    );
    // The arrow keys skip the collapsed group's stories: from its toggle to the next group.
    toggle.unchecked_ref::<HtmlElement>().focus().unwrap();
    press(&toggle.clone().into(), "ArrowDown");
    assert_eq!(focused(), "nav-panel");
    toggle.clone().unchecked_into::<HtmlElement>().click();
    sleep(20).await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert_eq!(visible_links(&mounted).len(), registry::all().count());
    assert!(axe_violations(&mounted.root).await.is_empty());
    assert_no_errors();
}
