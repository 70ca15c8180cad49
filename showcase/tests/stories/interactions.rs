//! Interaction tests ("plays"): every story's play passes in its Interactions panel, as a
//! visitor watches it; "Run again" replays it; each play fails, at the step a visitor would
//! notice, on a story where its component does not behave so; and the panel shows a failure.

use super::actions::actions;
use super::*;
use showcase::interactions_panel::InteractionsPanel;
use showcase::play::{self, Outcome, Pace, Step};

/// A quick pace for plays that must fail (the bound on waiting is no assertion on speed).
const QUICK: Pace = Pace {
    pause_ms: 20,
    wait_ms: 1500,
    key_ms: 0,
};

/// The play of the story `group/story`.
fn play_of(group: &str, story: &str) -> &'static [Step] {
    let (_, found) = registry::find(group, story).unwrap_or_else(|| panic!("no {group}/{story}"));
    assert!(!found.play.is_empty(), "{group}/{story} has no play");
    found.play
}

/// The panel's outcome (`data-status`) once it is final; bounded.
async fn final_status(root: &Element) -> String {
    for _ in 0..600 {
        let status = root
            .query_selector(".sb-play-status")
            .unwrap()
            .and_then(|s| s.get_attribute("data-status"))
            .unwrap_or_default();
        if status != "running" && !status.is_empty() {
            return status;
        }
        sleep(50).await;
    }
    panic!(
        "the play did not end: {}",
        root.text_content().unwrap_or_default()
    );
}

/// The `data-status` of each step of the log.
fn step_states(root: &Element) -> Vec<String> {
    let items = root.query_selector_all(".sb-play-steps li").unwrap();
    (0..items.length())
        .filter_map(|i| items.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|li| li.get_attribute("data-status").unwrap_or_default())
        .collect()
}

/// Mounts `address`, waits for its play and checks that every step passed.
async fn passes(address: &str, steps: usize) -> Mounted {
    let mounted = mount_at(address).await;
    let status = final_status(&mounted.root).await;
    let states = step_states(&mounted.root);
    assert_eq!(
        status,
        "passed",
        "{address}: {}",
        mounted
            .get(".sb-interactions")
            .text_content()
            .unwrap_or_default()
    );
    assert_eq!(states, vec!["passed"; steps], "{address}");
    assert_eq!(
        mounted.get(".sb-play-status").text_content().unwrap(),
        format!("Passed: {steps} of {steps} steps")
    );
    mounted
}

#[wasm_bindgen_test]
async fn every_play_passes_in_its_interactions_panel() {
    prepare_page();
    take_errors();
    let mut played = 0;
    for (group, story) in registry::all().filter(|(_, s)| !s.play.is_empty()) {
        let address = format!("#/{}/{}?theme=dark", group.id, story.id);
        let mounted = passes(&address, story.play.len()).await;
        let steps = mounted.root.query_selector_all(".sb-step-words").unwrap();
        assert_eq!(
            steps.item(0).and_then(|s| s.text_content()),
            Some(story.play[0].describe())
        );
        let violations = axe_violations(&mounted.root).await;
        assert!(violations.is_empty(), "{address}: {violations:?}");
        played += 1;
    }
    assert_eq!(played, 3);
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn the_panel_play_types_the_prompt_that_is_sent_then_stops() {
    prepare_page();
    take_errors();
    let steps = play_of("panel", "play-stop").len();
    let mounted = passes("#/panel/play-stop", steps).await;
    let log = actions(&mounted);
    let names: Vec<&str> = log.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["generate", "stop"], "{log:?}");
    assert!(log[0].1.contains("What is PKCE?"), "{}", log[0].1);
    assert!(!log[0].1.contains("Explain OAuth PKCE"), "{}", log[0].1);

    // Run again: the story is mounted afresh (its prompt back to the initial one), the log
    // starts empty, and the play passes again.
    click_button(&mounted, "Run again");
    sleep(30).await;
    assert_eq!(
        mounted
            .get(".sb-play-status")
            .get_attribute("data-status")
            .as_deref(),
        Some("running")
    );
    let status = final_status(&mounted.root).await;
    assert_eq!(status, "passed");
    let names: Vec<String> = actions(&mounted).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["generate", "stop"]);
    assert_no_errors();
}

#[wasm_bindgen_test]
async fn the_sign_in_play_leaves_a_busy_button_and_logs_sign_in() {
    prepare_page();
    take_errors();
    let steps = play_of("button", "play-sign-in").len();
    let mounted = passes("#/button/play-sign-in", steps).await;
    assert_eq!(
        actions(&mounted),
        [("sign_in".to_owned(), "SignedOut → Redirecting".to_owned())]
    );
    let button = mounted.get(".sb-canvas .hf-oauth-login-button");
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_no_errors();
}

/// Plays `steps` on the canvas of the isolated story at `address`; the outcome.
async fn play_on(address: &str, steps: &[Step]) -> Outcome {
    let mounted = mount_at(address).await;
    sleep(100).await;
    let canvas = mounted.get(".sb-canvas");
    play::run(&canvas, steps, QUICK, &|_, _| {}, &|| true).await
}

/// The failed step's index and message, or a panic naming the outcome.
fn failure(outcome: Outcome, what: &str) -> (usize, String) {
    match outcome {
        Outcome::Failed { step, message } => (step, message),
        other => panic!("{what}: expected a failure, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn each_play_fails_where_its_component_misbehaves() {
    prepare_page();
    take_errors();
    // Not configured: the button is disabled, so the click is refused.
    let sign_in = play_of("button", "play-sign-in");
    let (step, message) = failure(
        play_on("#/button/not-configured?isolated", sign_in).await,
        "sign in on a disabled button",
    );
    assert_eq!(sign_in[step], Step::SeeButton("Sign in with Hugging Face"));
    assert!(message.contains("disabled"), "{message}");

    // Jane belongs to no organization: there is nothing to open.
    let orgs = play_of("badge", "play-orgs");
    let (step, message) = failure(
        play_on("#/badge/signed-in?isolated", orgs).await,
        "organizations of a visitor without any",
    );
    assert_eq!(step, 0, "{message}");
    assert!(message.contains("Ada Lovelace"), "{message}");
    let (step, message) = failure(
        play_on("#/badge/signed-in?isolated", &orgs[1..]).await,
        "the organizations button",
    );
    assert_eq!(step, 0);
    assert!(message.contains("no button “3 organizations”"), "{message}");
    assert!(message.contains("“Sign out”"), "{message}");

    // A rate-limited panel never streams: the wait for "Generating…" fails.
    let stop = play_of("panel", "play-stop");
    let (step, message) = failure(
        play_on("#/panel/error-429?isolated", stop).await,
        "Stop on a failing answer",
    );
    assert_eq!(stop[step], Step::WaitForText("Generating…"), "{message}");
    assert!(message.contains("did not appear"), "{message}");
    assert_no_errors();
}

/// A story canvas with the Interactions panel beside it, for a play that does not fit it.
#[derive(Properties, PartialEq)]
struct MismatchProps {
    play: &'static [Step],
}

#[function_component]
fn Mismatch(props: &MismatchProps) -> Html {
    let canvas = use_node_ref();
    let (_, story) = registry::find("badge", "signed-in").unwrap();
    html! {
        <div class="sb" data-theme="light">
            <div ref={canvas.clone()}>{ (story.render)(&story.args) }</div>
            <InteractionsPanel play={props.play} {canvas} run={0} on_rerun={Callback::noop()} />
        </div>
    }
}

#[wasm_bindgen_test]
async fn the_panel_shows_the_failed_step_and_what_was_wrong() {
    prepare_page();
    take_errors();
    let orgs = play_of("badge", "play-orgs");
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<Mismatch>::with_root_and_props(
        root.clone(),
        MismatchProps { play: &orgs[1..] },
    )
    .render();
    let status = final_status(&root).await;
    assert_eq!(status, "failed");
    let text = root
        .query_selector(".sb-play-status")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(text, format!("Failed at step 1 of {}", orgs.len() - 1));
    let states = step_states(&root);
    assert_eq!(states[0], "failed");
    assert!(states[1..].iter().all(|s| s == "pending"), "{states:?}");
    let error = root
        .query_selector(".sb-step-error")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(error.contains("no button “3 organizations”"), "{error}");
    let violations = axe_violations(&root).await;
    assert!(violations.is_empty(), "{violations:?}");
    handle.destroy();
    root.remove();
    assert_no_errors();
}
