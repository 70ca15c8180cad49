//! The components' documentation, read from their source at build time (`build.rs`, with
//! `syn`): the doc comment of each component and its props table. The docs pages show it, so a
//! table can never drift from the code.

/// One component, as `build.rs` read it.
#[derive(Debug, PartialEq, Eq)]
pub struct ComponentDoc {
    /// The component's name (`HfLoginButton`).
    pub name: &'static str,
    /// The source file, relative to the workspace.
    pub file: &'static str,
    /// Its doc comment (markdown).
    pub doc: &'static str,
    /// Its props, in source order.
    pub props: &'static [PropDoc],
}

/// One prop of a component.
#[derive(Debug, PartialEq, Eq)]
pub struct PropDoc {
    /// The field's name.
    pub name: &'static str,
    /// Its type, as written.
    pub ty: &'static str,
    /// The default as Rust; `None` when the prop is required.
    pub default: Option<&'static str>,
    /// Its doc comment (markdown).
    pub doc: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/props.rs"));

/// The documentation of the component named `name`.
pub fn find(name: &str) -> Option<&'static ComponentDoc> {
    COMPONENTS.iter().find(|c| c.name == name)
}

#[cfg(test)]
#[path = "../build/props.rs"]
mod parser;

#[cfg(test)]
mod tests {
    use super::parser::{components, tidy, PropDoc};

    const SAMPLE: &str = r#"
use yew::prelude::*;

/// Properties of [`Greeting`].
#[derive(Properties, PartialEq)]
pub struct GreetingProps {
    /// Who is greeted.
    pub name: AttrValue,
    /// How loud: a number of exclamation marks, which
    /// this comment explains over two lines.
    ///
    /// And a second paragraph.
    #[prop_or(3)]
    pub volume: u8,
    /// Fired with the name when the greeting is clicked.
    #[prop_or_default]
    pub on_click: Callback<String>,
    #[prop_or_default]
    pub theme: Option<Theme>,
    #[prop_or_else(default_words)]
    pub words: Vec<String>,
    #[prop_or(Some(512))]
    pub max: Option<u32>,
    hidden: bool,
}

/// Says hello to [`GreetingProps::name`].
///
/// Second paragraph.
#[function_component]
pub fn Greeting(props: &GreetingProps) -> Html {
    html! { <p>{ "Hello" }</p> }
}

/// Not a component.
#[derive(Properties, PartialEq)]
pub struct UnusedProps {
    pub x: bool,
}

#[function_component]
fn Private(props: &UnusedProps) -> Html {
    html! {}
}

/// A struct component.
pub struct Counter;

#[derive(Properties, PartialEq)]
pub struct CounterProps {
    /// Start here.
    #[prop_or_default]
    pub start: i32,
}

impl Component for Counter {
    type Message = ();
    type Properties = CounterProps;
    fn create(_: &Context<Self>) -> Self { Self }
    fn view(&self, _: &Context<Self>) -> Html { html! {} }
}
"#;

    fn prop(name: &str, ty: &str, default: Option<&str>, doc: &str) -> PropDoc {
        PropDoc {
            name: name.into(),
            ty: ty.into(),
            default: default.map(Into::into),
            doc: doc.into(),
        }
    }

    #[test]
    fn reads_props_defaults_and_doc_comments_from_the_source() {
        let found = components("sample.rs", SAMPLE).unwrap();
        let names: Vec<_> = found.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Greeting", "Counter"], "public components only");
        let greeting = &found[0];
        assert_eq!(greeting.file, "sample.rs");
        assert_eq!(
            greeting.doc,
            "Says hello to `GreetingProps::name`.\n\nSecond paragraph."
        );
        assert_eq!(
            greeting.props,
            [
                prop("name", "AttrValue", None, "Who is greeted."),
                prop(
                    "volume",
                    "u8",
                    Some("3"),
                    "How loud: a number of exclamation marks, which\nthis comment explains over two lines.\n\nAnd a second paragraph."
                ),
                prop(
                    "on_click",
                    "Callback<String>",
                    Some("Callback::default()"),
                    "Fired with the name when the greeting is clicked."
                ),
                prop("theme", "Option<Theme>", Some("None"), ""),
                prop("words", "Vec<String>", Some("default_words()"), ""),
                prop("max", "Option<u32>", Some("Some(512)"), ""),
            ]
        );
        assert_eq!(found[1].doc, "A struct component.");
        assert_eq!(
            found[1].props,
            [prop("start", "i32", Some("0"), "Start here.")]
        );
    }

    #[test]
    fn the_table_is_rust_that_holds_every_component() {
        let found = components("sample.rs", SAMPLE).unwrap();
        let table = super::parser::to_rust(&found);
        syn::parse_file(&table).expect("build.rs writes valid Rust");
        assert!(
            table.contains(r#"name: "volume", ty: "u8", default: Some("3")"#),
            "{table}"
        );
        assert!(
            table.contains(r#"name: "name", ty: "AttrValue", default: None"#),
            "{table}"
        );
        assert_eq!(table.matches("ComponentDoc {").count(), 2);
    }

    #[test]
    fn a_syntax_error_is_an_error() {
        assert!(components("broken.rs", "pub struct {").is_err());
    }

    #[test]
    fn types_print_as_written() {
        assert_eq!(tidy("Option < Vec < u8 > >"), "Option<Vec<u8>>");
        assert_eq!(tidy("& 'static str"), "&'static str");
        assert_eq!(tidy("crate :: Theme :: Dark"), "crate::Theme::Dark");
        assert_eq!(tidy("Some (512)"), "Some(512)");
    }

    #[test]
    fn the_generated_table_matches_the_library() {
        let button = super::find("HfLoginButton").expect("HfLoginButton is documented");
        assert_eq!(button.file, "components/src/components/login_button.rs");
        assert!(button
            .doc
            .starts_with("The \"Sign in with Hugging Face\" button"));
        let names: Vec<_> = button.props.iter().map(|p| p.name).collect();
        assert_eq!(names, ["size", "theme", "label"]);
        let badge = super::find("UserBadge").unwrap();
        let show_orgs = badge.props.iter().find(|p| p.name == "show_orgs").unwrap();
        assert_eq!(show_orgs.default, Some("true"));
        assert_eq!(show_orgs.ty, "bool");
        for name in ["InferencePanel", "HfOAuthProvider", "DemoPage"] {
            assert!(super::find(name).is_some(), "{name} is not documented");
        }
    }
}
