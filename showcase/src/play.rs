//! Interaction tests ("plays", as Storybook calls them): a story may carry a list of [`Step`]s
//! that do what a visitor does (click a button by its words, type into a labelled field) and
//! check what a visitor sees (text shown, a button and its state). [`run`] plays them one after
//! the other on the story's canvas; the Interactions panel ([`crate::interactions_panel`]) shows
//! each step as it runs, and the `stories` test runs every play too.
//!
//! Text is read with `innerText`, which leaves out what CSS hides; buttons are found by their
//! visible words or their `aria-label`, fields by the words of their `<label>`.

use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

/// One step of a play.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Click the button with these words. Fails when it is missing or disabled.
    Click(&'static str),
    /// Type `text` into the field labelled `field`, key by key, after emptying it.
    Type {
        /// The words of the field's `<label>`.
        field: &'static str,
        /// What to type.
        text: &'static str,
    },
    /// Wait until the canvas shows this text (fails after [`Pace::wait_ms`]).
    WaitForText(&'static str),
    /// The canvas shows this text now.
    SeeText(&'static str),
    /// The canvas does not show this text.
    NoText(&'static str),
    /// A button with these words is shown and enabled.
    SeeButton(&'static str),
    /// No button with these words is shown.
    NoButton(&'static str),
    /// The button with these words is shown but disabled.
    Disabled(&'static str),
    /// The button with these words has `attribute` set to `value` (`aria-expanded`, …).
    ButtonState {
        /// The button's words.
        button: &'static str,
        /// The attribute (what assistive technology reads out).
        attribute: &'static str,
        /// Its expected value.
        value: &'static str,
    },
}

impl Step {
    /// The step in words, for the step log.
    pub fn describe(&self) -> String {
        match self {
            Step::Click(button) => format!("Click “{button}”"),
            Step::Type { field, text } => format!("Type “{text}” into {field}"),
            Step::WaitForText(text) => format!("Wait for “{text}”"),
            Step::SeeText(text) => format!("See “{text}”"),
            Step::NoText(text) => format!("Do not see “{text}”"),
            Step::SeeButton(button) => format!("See the button “{button}”"),
            Step::NoButton(button) => format!("No button “{button}”"),
            Step::Disabled(button) => format!("The button “{button}” is disabled"),
            Step::ButtonState {
                button,
                attribute,
                value,
            } => format!("“{button}” has {attribute}=\"{value}\""),
        }
    }
}

/// How fast a play goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pace {
    /// Pause before each step, so a person can follow (and the page renders what came before).
    pub pause_ms: u32,
    /// How long [`Step::WaitForText`] waits before it fails.
    pub wait_ms: u32,
    /// Pause between two typed keys.
    pub key_ms: u32,
}

impl Pace {
    /// The Interactions panel's pace.
    pub const PANEL: Pace = Pace {
        pause_ms: 250,
        wait_ms: 10_000,
        key_ms: 25,
    };
}

/// Where a step is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepState {
    /// Not reached (yet).
    Pending,
    /// Running now.
    Running,
    /// Done, as expected.
    Passed,
    /// Failed, with what was wrong.
    Failed(String),
}

/// How a play ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every step passed.
    Passed,
    /// Step `step` (0-based) failed; the ones after it did not run.
    Failed {
        /// The failed step.
        step: usize,
        /// What was wrong.
        message: String,
    },
    /// Stopped because the story went away (`alive` turned false).
    Cancelled,
}

/// Plays `steps` on `canvas`, reporting each step's state to `report`; stops early when `alive`
/// returns false (the story was left or rerun).
pub async fn run(
    canvas: &Element,
    steps: &[Step],
    pace: Pace,
    report: &dyn Fn(usize, StepState),
    alive: &dyn Fn() -> bool,
) -> Outcome {
    for (index, step) in steps.iter().enumerate() {
        sleep(pace.pause_ms).await;
        if !alive() {
            return Outcome::Cancelled;
        }
        report(index, StepState::Running);
        match perform(canvas, step, pace, alive).await {
            Ok(()) => report(index, StepState::Passed),
            Err(message) => {
                if !alive() {
                    return Outcome::Cancelled;
                }
                report(index, StepState::Failed(message.clone()));
                return Outcome::Failed {
                    step: index,
                    message,
                };
            }
        }
    }
    Outcome::Passed
}

/// Lets timers and rendering happen.
async fn sleep(ms: u32) {
    TimeoutFuture::new(ms).await;
}

/// Does or checks one step.
async fn perform(
    canvas: &Element,
    step: &Step,
    pace: Pace,
    alive: &dyn Fn() -> bool,
) -> Result<(), String> {
    match *step {
        Step::Click(words) => {
            let button = find_button(canvas, words)?;
            if is_disabled(&button) {
                return Err(format!("“{words}” is disabled: a click does nothing"));
            }
            button.click();
            Ok(())
        }
        Step::Type { field, text } => type_into(canvas, field, text, pace.key_ms).await,
        Step::WaitForText(text) => {
            let polls = (pace.wait_ms / 50).max(1);
            for _ in 0..polls {
                if !alive() {
                    return Err("the story was left".into());
                }
                if shown_text(canvas).contains(text) {
                    return Ok(());
                }
                sleep(50).await;
            }
            Err(format!(
                "“{text}” did not appear within {} s; the canvas shows: {}",
                pace.wait_ms / 1000,
                excerpt(&shown_text(canvas))
            ))
        }
        Step::SeeText(text) => {
            let shown = shown_text(canvas);
            if shown.contains(text) {
                Ok(())
            } else {
                Err(format!(
                    "“{text}” is not shown; the canvas shows: {}",
                    excerpt(&shown)
                ))
            }
        }
        Step::NoText(text) => {
            if shown_text(canvas).contains(text) {
                Err(format!("“{text}” is shown"))
            } else {
                Ok(())
            }
        }
        Step::SeeButton(words) => {
            let button = find_button(canvas, words)?;
            if is_disabled(&button) {
                Err(format!("“{words}” is shown but disabled"))
            } else {
                Ok(())
            }
        }
        Step::NoButton(words) => match find_button(canvas, words) {
            Ok(_) => Err(format!("the button “{words}” is shown")),
            Err(_) => Ok(()),
        },
        Step::Disabled(words) => {
            if is_disabled(&find_button(canvas, words)?) {
                Ok(())
            } else {
                Err(format!("“{words}” is enabled"))
            }
        }
        Step::ButtonState {
            button,
            attribute,
            value,
        } => {
            let found = find_button(canvas, button)?.get_attribute(attribute);
            if found.as_deref() == Some(value) {
                Ok(())
            } else {
                Err(format!(
                    "“{button}” has {attribute}={found:?}, not \"{value}\""
                ))
            }
        }
    }
}

/// What the canvas shows, as a visitor reads it.
pub fn shown_text(canvas: &Element) -> String {
    canvas
        .dyn_ref::<HtmlElement>()
        .map(HtmlElement::inner_text)
        .unwrap_or_else(|| canvas.text_content().unwrap_or_default())
}

/// The start of a long text, on one line.
fn excerpt(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(160) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}

/// The buttons of the canvas, as elements.
fn buttons(canvas: &Element) -> Vec<HtmlElement> {
    let Ok(list) = canvas.query_selector_all("button") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// The shown button whose words (or `aria-label`) are `words`.
fn find_button(canvas: &Element, words: &str) -> Result<HtmlElement, String> {
    let all = buttons(canvas);
    let named = |b: &HtmlElement| {
        b.inner_text().trim() == words || b.get_attribute("aria-label").as_deref() == Some(words)
    };
    if let Some(button) = all.iter().find(|b| named(b)) {
        return Ok(button.clone());
    }
    let shown: Vec<String> = all
        .iter()
        .map(|b| format!("“{}”", b.inner_text().trim()))
        .filter(|w| w != "“”")
        .collect();
    Err(if shown.is_empty() {
        format!("no button “{words}”; the canvas has no buttons")
    } else {
        format!("no button “{words}”; the buttons are {}", shown.join(", "))
    })
}

/// Whether a button is disabled.
fn is_disabled(button: &HtmlElement) -> bool {
    button.has_attribute("disabled")
}

/// Types `text` into the field labelled `label`, one `input` event per key.
async fn type_into(canvas: &Element, label: &str, text: &str, key_ms: u32) -> Result<(), String> {
    let field = find_field(canvas, label)?;
    let set = |value: &str| {
        if let Some(area) = field.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(value);
        } else if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        }
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        init.set_input_type("insertText");
        if let Ok(event) = web_sys::InputEvent::new_with_event_init_dict("input", &init) {
            let _ = field.dispatch_event(&event);
        }
    };
    let _ = field.focus();
    set("");
    let mut typed = String::new();
    for key in text.chars() {
        typed.push(key);
        set(&typed);
        sleep(key_ms).await;
    }
    let _ = field.blur();
    Ok(())
}

/// The text field or text area whose `<label>` says `words`.
fn find_field(canvas: &Element, words: &str) -> Result<HtmlElement, String> {
    let labels = canvas
        .query_selector_all("label")
        .map_err(|_| "cannot list the labels".to_owned())?;
    let label = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .find(|l| l.inner_text().trim() == words)
        .ok_or_else(|| format!("no field labelled “{words}”"))?;
    let id = label
        .get_attribute("for")
        .ok_or_else(|| format!("the label “{words}” names no field"))?;
    let field = gloo::utils::document()
        .get_element_by_id(&id)
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .ok_or_else(|| format!("the field of “{words}” is missing"))?;
    let editable =
        field.is_instance_of::<HtmlTextAreaElement>() || field.is_instance_of::<HtmlInputElement>();
    if !editable {
        return Err(format!("“{words}” is not a text field"));
    }
    if field.has_attribute("disabled") {
        return Err(format!("the field “{words}” is disabled"));
    }
    Ok(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_described_in_words() {
        assert_eq!(Step::Click("Stop").describe(), "Click “Stop”");
        assert_eq!(
            Step::Type {
                field: "Prompt",
                text: "Hi"
            }
            .describe(),
            "Type “Hi” into Prompt"
        );
        assert_eq!(
            Step::ButtonState {
                button: "3 organizations",
                attribute: "aria-expanded",
                value: "true"
            }
            .describe(),
            "“3 organizations” has aria-expanded=\"true\""
        );
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt("a\n  b\tc"), "a b c");
        let long = "x".repeat(400);
        assert_eq!(excerpt(&long).chars().count(), 161);
    }
}
