//! The refresh lock: tabs (here, two tasks of one page) take turns under `navigator.locks`,
//! so a second refresh turn starts only after the first one ended.

use crate::support::wait_until;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen_test::wasm_bindgen_test;
use yew_hf_oauth::browser::refresh_lock::with_refresh_lock;

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
