//! The code a user would write for what is on the canvas (Storybook's dynamic source): the
//! story's component with the controls' current values as props, only those that differ from
//! the component's defaults; and a small highlighter for it.

use yew_hf_oauth::{ButtonSize, Theme};

use crate::registry::{Args, Control, Group, Story};

/// `Theme::Dark` as Rust: the variant's name is its `Debug` text (both enums are
/// `#[non_exhaustive]`, so a match here could not name every variant to come).
fn theme_rust(theme: Theme) -> String {
    format!("Theme::{theme:?}")
}

/// `ButtonSize::Lg` as Rust.
fn size_rust(size: ButtonSize) -> String {
    format!("ButtonSize::{size:?}")
}

/// A Rust string literal.
fn string(text: &str) -> String {
    format!("{text:?}")
}

/// The props of `component` that `story`'s controls set to something other than the default.
fn props(component: &str, story: &Story, args: &Args) -> Vec<String> {
    let has = |c: Control| story.controls.contains(&c);
    let mut out = Vec::new();
    if has(Control::Size) && args.size != ButtonSize::default() && component == "HfLoginButton" {
        out.push(format!("size={{{}}}", size_rust(args.size)));
    }
    if has(Control::Label) && component == "HfLoginButton" {
        if let Some(label) = args.label() {
            out.push(format!("label={}", string(&label)));
        }
    }
    if has(Control::Model) && matches!(component, "InferencePanel" | "DemoPage") {
        out.push(format!("model={}", string(&args.model)));
    }
    if has(Control::ModelEditable) && args.model_editable && component == "InferencePanel" {
        out.push("model_editable=true".into());
    }
    if has(Control::ShowOrgs) && !args.show_orgs && component == "UserBadge" {
        out.push("show_orgs=false".into());
    }
    if has(Control::ShowExpiry) && !args.show_expiry && component == "UserBadge" {
        out.push("show_expiry=false".into());
    }
    if has(Control::Theme) && args.theme() != Theme::default() {
        out.push(format!("theme={{{}}}", theme_rust(args.theme())));
    }
    out
}

/// One element: `<Name a b />`.
fn element(name: &str, props: &[String]) -> String {
    if props.is_empty() {
        format!("<{name} />")
    } else {
        format!("<{name} {} />", props.join(" "))
    }
}

/// The html! a user would write for `story` of `group` with `args`.
pub fn for_story(group: &Group, story: &Story, args: &Args) -> String {
    let inner: Vec<String> = match group.component {
        "DemoPage" => {
            return format!(
                "html! {{ {} }}",
                element("DemoPage", &props("DemoPage", story, args))
            )
        }
        "HfOAuthProvider" => vec![
            element("HfLoginButton", &props("HfLoginButton", story, args)),
            element("UserBadge", &props("UserBadge", story, args)),
        ],
        name => vec![element(name, &props(name, story, args))],
    };
    let mut lines = vec!["html! {".to_owned()];
    if story.controls.contains(&Control::State) {
        lines.push(format!(
            "    // The canvas injects the state {}; in your app the provider runs the real flow.",
            args.state.label()
        ));
    }
    lines.push("    <HfOAuthProvider>".into());
    lines.extend(inner.into_iter().map(|e| format!("        {e}")));
    lines.push("    </HfOAuthProvider>".into());
    lines.push("}".into());
    lines.join("\n")
}

/// What a piece of highlighted code is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Anything else.
    Plain,
    /// A component's name after `<` or `</`.
    Tag,
    /// A prop's name before `=`.
    Attr,
    /// A string literal.
    Str,
    /// A `//` comment to the end of the line.
    Comment,
    /// A path such as `Theme::Dark`, or `true`/`false`.
    Value,
}

/// `code` cut into highlighted pieces; joined, they are `code` again.
pub fn highlight(code: &str) -> Vec<(Kind, String)> {
    let mut out: Vec<(Kind, String)> = Vec::new();
    let push = |out: &mut Vec<(Kind, String)>, kind: Kind, text: &str| match out.last_mut() {
        Some((k, t)) if *k == kind => t.push_str(text),
        _ => out.push((kind, text.to_owned())),
    };
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().collect();
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            push(&mut out, Kind::Comment, &rest[..end]);
            i += rest[..end].chars().count();
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(chars.len());
            push(
                &mut out,
                Kind::Str,
                &chars[i..end].iter().collect::<String>(),
            );
            i = end;
        } else if c.is_alphanumeric() || c == '_' {
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_alphanumeric()
                    || chars[j] == '_'
                    || (chars[j] == ':' && chars.get(j + 1) == Some(&':'))
                    || (chars[j] == ':' && j > 0 && chars[j - 1] == ':'))
            {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            let before = out.last().map(|(_, t)| t.as_str()).unwrap_or("");
            let kind = if before.ends_with('<') || before.ends_with("</") {
                Kind::Tag
            } else if chars.get(j) == Some(&'=') {
                Kind::Attr
            } else if word.contains("::") || word == "true" || word == "false" {
                Kind::Value
            } else {
                Kind::Plain
            };
            push(&mut out, kind, &word);
            i = j;
        } else {
            push(&mut out, Kind::Plain, &c.to_string());
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry;

    fn story(group: &str, id: &str) -> (&'static Group, &'static Story) {
        registry::find(group, id).unwrap()
    }

    #[test]
    fn the_controls_values_become_props() {
        let (group, story) = story("button", "signed-out");
        let args = Args {
            size: ButtonSize::Lg,
            theme: Some(Theme::Dark),
            label: "Continue".into(),
            ..story.args.clone()
        };
        let code = for_story(group, story, &args);
        assert!(
            code.contains(
                r#"<HfLoginButton size={ButtonSize::Lg} label="Continue" theme={Theme::Dark} />"#
            ),
            "{code}"
        );
        assert!(code.contains("<HfOAuthProvider>"), "{code}");
        assert!(code.contains("injects the state SignedOut"), "{code}");
        assert!(!code.contains("args."), "{code}");
    }

    #[test]
    fn defaults_are_left_out() {
        let (group, story) = story("badge", "signed-in");
        let args = Args {
            theme: Some(Theme::Auto),
            ..story.args.clone()
        };
        assert!(for_story(group, story, &args).contains("        <UserBadge />"));
        let args = Args {
            show_orgs: false,
            ..args
        };
        assert!(for_story(group, story, &args).contains("<UserBadge show_orgs=false />"));
    }

    #[test]
    fn highlighting_keeps_the_text() {
        let code = "html! {\n    // a note\n    <HfLoginButton size={ButtonSize::Lg} label=\"Go \\\"now\\\"\" />\n}";
        let pieces = highlight(code);
        assert_eq!(
            pieces.iter().map(|(_, t)| t.as_str()).collect::<String>(),
            code
        );
        let kind_of = |text: &str| pieces.iter().find(|(_, t)| t == text).map(|(k, _)| *k);
        assert_eq!(kind_of("HfLoginButton"), Some(Kind::Tag));
        assert_eq!(kind_of("size"), Some(Kind::Attr));
        assert_eq!(kind_of("ButtonSize::Lg"), Some(Kind::Value));
        assert_eq!(kind_of("\"Go \\\"now\\\"\""), Some(Kind::Str));
        assert_eq!(kind_of("// a note"), Some(Kind::Comment));
    }
}
