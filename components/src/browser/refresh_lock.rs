//! Taking turns to refresh: a Web Lock (`navigator.locks`) where the browser has one, else an
//! election over the tab channel ([`crate::session::refresh::elected`]).

use crate::session::refresh::{ELECTION_WINDOW_MS, REFRESH_LOCK_NAME};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Claims heard from other tabs during an election, shared with the tab listener.
pub type Claims = Rc<RefCell<Option<Vec<String>>>>;

/// Run `turn` under the refresh lock. `None` when the browser has no Web Locks (then use
/// [`elect`]).
pub async fn with_refresh_lock<F, Fut>(turn: F) -> Option<Fut::Output>
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future + 'static,
    Fut::Output: 'static,
{
    let navigator: JsValue = gloo::utils::window().navigator().into();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    let request: js_sys::Function = js_sys::Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let slot = Rc::new(RefCell::new(None));
    let filled = slot.clone();
    // The lock is held until the returned promise settles, that is until `turn` is done.
    let callback = Closure::once(move |_lock: JsValue| -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            *filled.borrow_mut() = Some(turn().await);
            Ok(JsValue::UNDEFINED)
        })
    });
    let promise: js_sys::Promise = request
        .call2(&locks, &REFRESH_LOCK_NAME.into(), callback.as_ref())
        .ok()?
        .dyn_into()
        .ok()?;
    let _ = JsFuture::from(promise).await;
    drop(callback);
    let output = slot.borrow_mut().take();
    output
}

/// Without Web Locks: claim the refresh with `own_id`, listen [`ELECTION_WINDOW_MS`] for the
/// other tabs' claims (collected into `claims` by the tab listener), and say whether this tab
/// won.
pub async fn elect(own_id: &str, claims: &Claims) -> bool {
    *claims.borrow_mut() = Some(Vec::new());
    super::broadcast::announce(&super::broadcast::TabMessage::RefreshClaim {
        tab: own_id.to_owned(),
    });
    gloo::timers::future::TimeoutFuture::new(ELECTION_WINDOW_MS).await;
    let heard = claims.borrow_mut().take().unwrap_or_default();
    crate::session::refresh::elected(own_id, &heard)
}

/// A random id for this tab's election claims.
pub fn tab_id() -> String {
    let mut bytes = [0u8; 8];
    super::page::fill_random(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// Runs in the browser only (`cargo xtask test browser`): every browser under test has Web Locks.
#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    //! Tabs (here, two tasks of one page) take turns under `navigator.locks`, so a second
    //! refresh turn starts only after the first one ended.
    use super::with_refresh_lock;
    use crate::testing::wait_until;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    async fn refresh_turns_under_the_web_lock_never_overlap() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let turn = |name: &'static str, log: Rc<RefCell<Vec<String>>>| {
            move || async move {
                log.borrow_mut().push(format!("{name} starts"));
                // Yield to the event loop several times while holding the lock.
                for _ in 0..3 {
                    gloo::timers::future::TimeoutFuture::new(10).await;
                }
                log.borrow_mut().push(format!("{name} ends"));
                name
            }
        };
        let outputs = Rc::new(RefCell::new(Vec::new()));
        for name in ["first", "second"] {
            let (log, outputs) = (log.clone(), outputs.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let output = with_refresh_lock(turn(name, log)).await;
                outputs.borrow_mut().push(output);
            });
        }
        wait_until("both turns", || outputs.borrow().len() == 2).await;
        assert_eq!(
            *outputs.borrow(),
            [Some("first"), Some("second")],
            "every browser under test has Web Locks"
        );
        assert_eq!(
            *log.borrow(),
            ["first starts", "first ends", "second starts", "second ends"]
        );
    }
}
