//! The docs pages as a reader uses them: open one from the sidebar, read the props table, find
//! every story with its code.

use super::*;

/// The cells of each row of the props table, as text.
fn table_rows(mounted: &Mounted) -> Vec<Vec<String>> {
    let rows = mounted
        .root
        .query_selector_all(".sb-props tbody tr")
        .unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|row| {
            let cells = row.query_selector_all("th, td").unwrap();
            (0..cells.length())
                .filter_map(|i| cells.item(i))
                .map(|c| c.text_content().unwrap_or_default())
                .collect()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_sidebar_opens_a_docs_page_with_the_props_table() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/button/signed-out?theme=dark").await;
    let link = mounted.get("#nav-list-badge a.sb-docs-link");
    assert_eq!(link.text_content().as_deref(), Some("Docs"));
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("#/badge/docs?theme=dark")
    );
    gloo::utils::window()
        .location()
        .set_hash("#/badge/docs?theme=dark")
        .unwrap();
    sleep(80).await;
    assert_eq!(
        mounted
            .get("#nav-list-badge a[aria-current='page']")
            .text_content()
            .as_deref(),
        Some("Docs")
    );
    assert_eq!(
        mounted.get("#docs-title").text_content().as_deref(),
        Some("UserBadge")
    );
    assert!(
        mounted
            .get(".sb-docs-text")
            .text_content()
            .unwrap()
            .contains("The signed-in visitor"),
        "the component's doc comment"
    );
    let rows = table_rows(&mounted);
    assert_eq!(
        rows,
        [
            [
                "theme",
                "Theme",
                "Theme::default()",
                "Colour scheme; Auto follows the system."
            ],
            [
                "show_orgs",
                "bool",
                "true",
                "Offer the list of organizations (behind a toggle)."
            ],
            [
                "show_expiry",
                "bool",
                "true",
                "Show the time left before the session expires."
            ],
        ]
    );
    assert_eq!(
        mounted
            .get(".sb-props tbody tr td code")
            .text_content()
            .as_deref(),
        Some("Theme")
    );
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn a_multi_line_prop_doc_and_a_required_prop_read_whole() {
    prepare_page();
    take_errors();
    let mounted = mount_at("#/panel/docs").await;
    let rows = table_rows(&mounted);
    let model = rows.iter().find(|r| r[0] == "model").expect("a model row");
    assert_eq!(model[1], "Option<AttrValue>");
    assert_eq!(model[2], "None");
    assert!(
        model[3].contains("suffixes pass through). Else window.HF_INFERENCE_MODEL"),
        "the two lines of the doc comment are one sentence: {}",
        model[3]
    );
    let max = rows.iter().find(|r| r[0] == "max_tokens").unwrap();
    assert_eq!(max[2], "Some(512)");
    // Every prop of the component, in source order, and nothing else.
    let doc = showcase::props::find("InferencePanel").unwrap();
    let names: Vec<_> = rows.iter().map(|r| r[0].as_str()).collect();
    let expected: Vec<_> = doc.props.iter().map(|p| p.name).collect();
    assert_eq!(names, expected);
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn every_docs_page_shows_every_story_with_its_code_and_passes_axe() {
    prepare_page();
    let mut problems = Vec::new();
    for group in registry::groups() {
        for theme in ["light", "dark"] {
            let address = format!("#/{}/docs?theme={theme}", group.id);
            take_errors();
            let mounted = mount_at(&address).await;
            settle(&mounted).await;
            let sections = mounted.root.query_selector_all(".sb-docs-story").unwrap();
            let shown: Vec<String> = (0..sections.length())
                .filter_map(|i| sections.item(i))
                .filter_map(|n| n.dyn_into::<Element>().ok())
                .filter_map(|s| s.get_attribute("data-story"))
                .collect();
            let ids: Vec<String> = group.stories.iter().map(|s| s.id.to_owned()).collect();
            if shown != ids {
                problems.push(format!("{address}: stories {shown:?}, expected {ids:?}"));
            }
            let codes = mounted
                .root
                .query_selector_all(".sb-docs-story details pre")
                .unwrap();
            if codes.length() as usize != group.stories.len() {
                problems.push(format!("{address}: {} code blocks", codes.length()));
            }
            if mounted
                .root
                .query_selector(".sb-props tbody tr")
                .unwrap()
                .is_none()
            {
                problems.push(format!("{address}: no props table"));
            }
            problems.extend(take_errors().into_iter().map(|e| format!("{address}: {e}")));
            // Every rule but `landmark-unique`: a docs page shows several UserBadges (and
            // InferencePanels) at once, each a region with the same fixed name, and the
            // components have no prop to name them apart. One story at a time (the story
            // checks above) passes every rule.
            problems.extend(
                axe_violations_except(&mounted.root, &["landmark-unique"])
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
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
