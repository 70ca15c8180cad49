//! Rendering benchmark of the InferencePanel: `cargo xtask bench` (and the `bench` CI step).
//!
//! The real panel, with the real `fetch` transport, streams `HF_BENCH_TOKENS` short tokens from
//! the loopback server that `cargo xtask bench` starts (`HF_BENCH_URL`, set at build time).
//!
//! Asserted, because it cannot fail by noise: every token is on the page, in order, and the
//! answer reached the DOM in far fewer updates than tokens (one append per animation frame, not
//! one per token). Measured and only printed (a `BENCH` line that `cargo xtask bench --compare`
//! reads): the time from Generate to the last token in the DOM, the DOM updates, and every long
//! task (PerformanceObserver `longtask`). A wall-clock limit here would fail by noise on a
//! loaded 2-core machine.
#![cfg(target_arch = "wasm32")]

use gloo::timers::future::TimeoutFuture;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_hf_oauth::{HfOAuthProvider, InferencePanel, OAuthResult, SessionState, UserInfo};

wasm_bindgen_test_configure!(run_in_browser);

const URL: Option<&str> = option_env!("HF_BENCH_URL");
const TOKENS: Option<&str> = option_env!("HF_BENCH_TOKENS");

/// The answer must reach the DOM in fewer updates than tokens divided by this: batching per
/// animation frame gives a few dozen; one update per token would give 20,000.
const TOKENS_PER_UPDATE_AT_LEAST: usize = 10;

#[derive(Properties, PartialEq)]
struct BenchProps {
    url: AttrValue,
}

#[function_component]
fn Bench(props: &BenchProps) -> Html {
    let user = UserInfo::new("bench").with_name("Bench");
    let expires = js_sys::Date::now() as u64 + 3_600_000;
    let state = SessionState::SignedIn(Rc::new(OAuthResult::new(
        "hf_bench",
        expires,
        user,
        "inference-api",
    )));
    html! {
        <HfOAuthProvider state={Some(state)}>
            <InferencePanel router_url={props.url.clone()} initial_prompt="Count" max_tokens={None::<u32>} />
        </HfOAuthProvider>
    }
}

fn js(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::NULL)
        .unwrap()
}

#[wasm_bindgen_test]
async fn stream_every_token_in_few_dom_updates() {
    let (Some(url), Some(tokens)) = (URL, TOKENS) else {
        panic!("run through `cargo xtask bench`, which starts the token server");
    };
    let tokens: usize = tokens.parse().unwrap();
    let expected: String = (0..tokens).map(|i| format!("w{} ", i % 10)).collect();

    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let _app =
        yew::Renderer::<Bench>::with_root_and_props(root.clone(), BenchProps { url: url.into() })
            .render();
    yew::scheduler::flush().await;

    js(r#"
        window.__longTasks = [];
        new PerformanceObserver(list => {
            for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: true });
    "#);
    js_sys::Reflect::set(
        &gloo::utils::window(),
        &"__expectedLength".into(),
        &(expected.len() as f64).into(),
    )
    .unwrap();
    js(r#"
        // The answer's element exists only once there is an answer (the conversation's
        // layout): the panel is observed, and only the records inside the answer count.
        const panel = document.querySelector('.hf-oauth-panel');
        const inAnswer = node => {
            const element = node.nodeType === 1 ? node : node.parentElement;
            return !!(element && element.closest('.hf-oauth-answer-text'));
        };
        window.__updates = 0;
        window.__doneAt = null;
        new MutationObserver(records => {
            window.__updates += records.filter(r => inAnswer(r.target)).length;
            const answer = panel.querySelector('.hf-oauth-answer-text');
            if (window.__doneAt === null && answer && answer.textContent.length >= window.__expectedLength) {
                window.__doneAt = performance.now();
            }
        }).observe(panel, { childList: true, characterData: true, subtree: true });
    "#);

    TimeoutFuture::new(200).await;
    let started = js(r#"window.__startedAt = performance.now(); document.querySelector("button[type='submit']").click(); return window.__startedAt;"#)
        .as_f64()
        .unwrap();
    for _ in 0..1200 {
        if !js("return window.__doneAt").is_null() {
            break;
        }
        TimeoutFuture::new(50).await;
    }
    let done_at = js("return window.__doneAt")
        .as_f64()
        .expect("the last token reached the page within 60 s");
    TimeoutFuture::new(100).await;

    let text = root
        .query_selector(".hf-oauth-answer-text")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(text.len(), expected.len());
    assert!(text == expected, "the answer is every token, in order");
    let updates = js("return window.__updates").as_f64().unwrap();
    let long_tasks: Vec<(f64, f64)> = {
        let list: js_sys::Array = js("return window.__longTasks").unchecked_into();
        list.iter()
            .map(|e| {
                let get = |k: &str| {
                    js_sys::Reflect::get(&e, &k.into())
                        .unwrap()
                        .as_f64()
                        .unwrap()
                };
                (get("start"), get("duration"))
            })
            .filter(|(start, _)| *start >= started - 1.0)
            .collect()
    };
    let longest = long_tasks.iter().map(|t| t.1).fold(0.0, f64::max);
    // The panel counts every delta it received once the stream has ended.
    let counted = format!("{tokens} tokens");
    let status_text = || {
        root.query_selector(".hf-oauth-status")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    for _ in 0..1200 {
        if status_text().contains(&counted) {
            break;
        }
        TimeoutFuture::new(50).await;
    }
    let status = status_text();
    console_log!(
        "BENCH tokens={tokens} last_token_on_page_ms={:.0} dom_updates={updates} long_tasks={} longest_task_ms={longest:.0} panel=\"{status}\"",
        done_at - started,
        long_tasks.len()
    );
    assert!(
        status.contains(&counted),
        "the panel reports the finished answer with every token counted: {status:?}"
    );
    assert!(
        (updates as usize) * TOKENS_PER_UPDATE_AT_LEAST < tokens,
        "{updates} DOM updates for {tokens} tokens: the answer must be appended in batches"
    );
}
