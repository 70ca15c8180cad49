//! Mounting a tree in the test page, reading it, and waiting for it.

use crate::{HfOAuthProvider, SessionState};
use gloo::timers::future::TimeoutFuture;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// How many times [`wait_until`] checks its condition, [`WAIT_STEP_MS`] apart, before it fails.
pub const WAIT_STEPS: u32 = 500;

/// Milliseconds between two checks of [`wait_until`].
pub const WAIT_STEP_MS: u32 = 10;

#[derive(Properties, PartialEq)]
struct HostProps {
    content: Html,
}

#[function_component]
fn Host(props: &HostProps) -> Html {
    props.content.clone()
}

/// One mounted tree: its root element and its app, until unmounted.
struct Slot {
    root: Element,
    handle: RefCell<Option<yew::AppHandle<Host>>>,
}

impl Slot {
    fn unmount(&self) {
        if let Some(handle) = self.handle.borrow_mut().take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

thread_local! {
    /// Every tree [`mount`] made that may still be mounted (for [`unmount_all`]).
    static SLOTS: RefCell<Vec<Weak<Slot>>> = const { RefCell::new(Vec::new()) };
}

/// A tree mounted by [`mount`] or [`mount_with_session`]; unmounted and removed from the page
/// when dropped (or by [`unmount_all`]).
pub struct Mounted {
    /// The element the tree is mounted in (a `<div>` appended to `<body>`).
    pub root: Element,
    slot: Rc<Slot>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.slot.unmount();
    }
}

/// Unmount every tree [`mount`] made that is still mounted, and remove it from the page.
///
/// A test that panics never drops its [`Mounted`] (WebAssembly does not unwind): its providers
/// would go on running, listening to other tabs and writing storage, in the tests after it.
/// Call this where each test starts, so one failure stays one failure.
pub fn unmount_all() {
    let slots = SLOTS.with(|slots| std::mem::take(&mut *slots.borrow_mut()));
    for slot in slots.iter().filter_map(Weak::upgrade) {
        slot.unmount();
    }
}

impl Mounted {
    /// The first element matching the CSS `selector`, if any.
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    /// The first element matching `selector`.
    ///
    /// # Panics
    /// When there is none; the message holds the mounted HTML.
    pub fn get(&self, selector: &str) -> Element {
        self.find(selector)
            .unwrap_or_else(|| panic!("no `{selector}` in {}", self.root.inner_html()))
    }

    /// Every element matching `selector`, in document order.
    pub fn all(&self, selector: &str) -> Vec<Element> {
        let Ok(list) = self.root.query_selector_all(selector) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|node| node.dyn_into::<Element>().ok())
            .collect()
    }

    /// The text of the whole tree, as a visitor (or a screen reader) reads it.
    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    /// Click the first element matching `selector`, then [`flush`].
    ///
    /// # Panics
    /// When nothing matches `selector`.
    pub async fn click(&self, selector: &str) {
        self.get(selector).unchecked_into::<HtmlElement>().click();
        flush().await;
    }
}

/// Mount `content` into a fresh `<div>` appended to `<body>`, and [`flush`].
///
/// Components that read the session need an [`HfOAuthProvider`] above them:
/// [`mount_with_session`] adds one.
pub async fn mount(content: Html) -> Mounted {
    let document = gloo::utils::document();
    let root = document
        .create_element("div")
        .expect("a test page can create a <div>");
    gloo::utils::body()
        .append_child(&root)
        .expect("a test page has a <body>");
    let handle =
        yew::Renderer::<Host>::with_root_and_props(root.clone(), HostProps { content }).render();
    let slot = Rc::new(Slot {
        root: root.clone(),
        handle: RefCell::new(Some(handle)),
    });
    SLOTS.with(|slots| {
        let mut slots = slots.borrow_mut();
        slots.retain(|slot| slot.strong_count() > 0);
        slots.push(Rc::downgrade(&slot));
    });
    flush().await;
    Mounted { root, slot }
}

/// Mount `content` under an [`HfOAuthProvider`] whose session is `state` (any
/// [`SessionState`]: signed out, signed in, expired, an error...). The provider neither reads
/// storage nor talks to Hugging Face; the state changes only when a component asks (sign-out,
/// a 401 from inference).
pub async fn mount_with_session(state: SessionState, content: Html) -> Mounted {
    mount(html! {
        <HfOAuthProvider state={Some(state)}>{ content }</HfOAuthProvider>
    })
    .await
}

/// Let Yew run every pending render and effect. Call it after anything that changes state
/// (a click, an input event, a callback) and before reading the page.
pub async fn flush() {
    yew::scheduler::flush().await;
}

/// Wait until `condition` holds, checking after each [`flush`], every [`WAIT_STEP_MS`], at
/// most [`WAIT_STEPS`] times.
///
/// # Panics
/// When the condition never holds; the message says `what` was awaited.
pub async fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..WAIT_STEPS {
        flush().await;
        if condition() {
            return;
        }
        TimeoutFuture::new(WAIT_STEP_MS).await;
    }
    panic!("timed out waiting until {what}");
}
