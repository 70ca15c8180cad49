//! The story registry: component groups, their stories, the props a story's controls edit,
//! and the source snippets shown in the Code tab.

use std::sync::OnceLock;
use yew::prelude::*;
use yew_hf_oauth::{ButtonSize, Theme};

use crate::fixtures::StateChoice;
use crate::play::Step;

/// The props the controls panel edits. Each story reads the ones it uses.
#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    /// `HfLoginButton` size.
    pub size: ButtonSize,
    /// A fixed component theme; `None` follows the page's light/dark toggle.
    pub theme: Option<Theme>,
    /// The page theme (set by the app, not a control).
    pub page_theme: Theme,
    /// `HfLoginButton` label (empty: the default words).
    pub label: String,
    /// `UserBadge::show_orgs`.
    pub show_orgs: bool,
    /// `UserBadge::show_expiry`.
    pub show_expiry: bool,
    /// `InferencePanel::model`.
    pub model: String,
    /// `InferencePanel::model_editable`.
    pub model_editable: bool,
    /// The injected session state.
    pub state: StateChoice,
}

impl Default for Args {
    fn default() -> Self {
        Self {
            size: ButtonSize::Md,
            theme: None,
            page_theme: Theme::Light,
            label: String::new(),
            show_orgs: true,
            show_expiry: true,
            model: "meta-llama/Llama-3.1-8B-Instruct".into(),
            model_editable: false,
            state: StateChoice::SignedOut,
        }
    }
}

impl Args {
    /// The theme the components get: the fixed one, else the page's.
    pub fn theme(&self) -> Theme {
        self.theme.unwrap_or(self.page_theme)
    }

    /// The label prop: `None` when the text control is empty.
    pub fn label(&self) -> Option<AttrValue> {
        (!self.label.trim().is_empty()).then(|| AttrValue::from(self.label.clone()))
    }
}

/// A prop the controls panel can edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// `size` (enum).
    Size,
    /// `theme` (enum).
    Theme,
    /// `label` (text).
    Label,
    /// `show_orgs` (bool).
    ShowOrgs,
    /// `show_expiry` (bool).
    ShowExpiry,
    /// `model` (text).
    Model,
    /// `model_editable` (bool).
    ModelEditable,
    /// the injected session state (enum).
    State,
}

/// One story: a component in one state.
pub struct Story {
    /// Id in the URL (`#/<group>/<id>`).
    pub id: &'static str,
    /// Title in the sidebar.
    pub title: &'static str,
    /// What the story shows.
    pub description: &'static str,
    /// Renders the story.
    pub render: fn(&Args) -> Html,
    /// The props this story's controls edit.
    pub controls: &'static [Control],
    /// The props the story starts with.
    pub args: Args,
    /// The source shown in the Code tab (the story's own function, and helpers it names).
    pub source: String,
    /// Its interaction test, run in the Interactions panel and by the `stories` test (empty: none).
    pub play: &'static [Step],
}

/// A component and its stories.
pub struct Group {
    /// Id in the URL.
    pub id: &'static str,
    /// Title in the sidebar (the component's name).
    pub title: &'static str,
    /// The component its docs page documents (a name in [`crate::props::COMPONENTS`]).
    pub component: &'static str,
    /// Its stories, in sidebar order.
    pub stories: Vec<Story>,
}

/// Builder of one group's stories, reading snippets from the group's own source file.
pub struct Stories {
    file: &'static str,
    stories: Vec<Story>,
}

impl Stories {
    /// Stories whose code lives in `file` (the text of the file, from `include_str!`).
    pub fn new(file: &'static str) -> Self {
        Self {
            file,
            stories: Vec::new(),
        }
    }

    /// Adds a story. Its code is the snippets named in `code` (marked in the file), or the one
    /// named like the story when `code` is empty.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        mut self,
        id: &'static str,
        title: &'static str,
        description: &'static str,
        controls: &'static [Control],
        args: Args,
        code: &[&str],
        render: fn(&Args) -> Html,
    ) -> Self {
        let names = if code.is_empty() { &[id][..] } else { code };
        let source = names
            .iter()
            .map(|name| {
                snippet(self.file, name)
                    .unwrap_or_else(|| panic!("no snippet `{name}` in the stories source"))
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        self.stories.push(Story {
            id,
            title,
            description,
            render,
            controls,
            args,
            source,
            play: &[],
        });
        self
    }

    /// Gives the story added last an interaction test ([`crate::play`]).
    pub fn play(mut self, steps: &'static [Step]) -> Self {
        if let Some(story) = self.stories.last_mut() {
            story.play = steps;
        }
        self
    }

    /// The stories, in the order added.
    pub fn build(self) -> Vec<Story> {
        self.stories
    }
}

/// The text between the line `// [snippet:NAME]` and the next line `// [end]`, without the
/// markers and with common indentation removed.
pub fn snippet(file: &str, name: &str) -> Option<String> {
    let start_marker = format!("// [snippet:{name}]");
    let mut lines = file.lines().skip_while(|l| l.trim() != start_marker);
    lines.next()?;
    let body: Vec<&str> = lines.take_while(|l| l.trim() != "// [end]").collect();
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let text = body
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n");
    (!text.trim().is_empty()).then(|| text.trim_matches('\n').to_owned())
}

/// Every group, in sidebar order.
pub fn groups() -> &'static [Group] {
    static GROUPS: OnceLock<Vec<Group>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        vec![
            Group {
                id: "button",
                title: "HfLoginButton",
                component: "HfLoginButton",
                stories: crate::stories::login_button::stories(),
            },
            Group {
                id: "badge",
                title: "UserBadge",
                component: "UserBadge",
                stories: crate::stories::user_badge::stories(),
            },
            Group {
                id: "panel",
                title: "InferencePanel",
                component: "InferencePanel",
                stories: crate::stories::inference_panel::stories(),
            },
            Group {
                id: "models",
                title: "ModelPicker",
                component: "ModelPicker",
                stories: crate::stories::model_picker::picker_stories(),
            },
            Group {
                id: "bill-to",
                title: "BillToChoice",
                component: "BillToChoice",
                stories: crate::stories::model_picker::bill_to_stories(),
            },
            Group {
                id: "images",
                title: "ImagePanel",
                component: "ImagePanel",
                stories: crate::stories::image_panel::stories(),
            },
            Group {
                id: "provider",
                title: "HfOAuthProvider",
                component: "HfOAuthProvider",
                stories: crate::stories::provider::stories(),
            },
            Group {
                id: "demo",
                title: "Live demo",
                component: "DemoPage",
                stories: crate::stories::live::stories(),
            },
        ]
    })
}

/// Every story with its group, in sidebar order.
pub fn all() -> impl Iterator<Item = (&'static Group, &'static Story)> {
    groups()
        .iter()
        .flat_map(|group| group.stories.iter().map(move |story| (group, story)))
}

/// The story id of a component's docs page (`#/<group>/docs`); no story may use it.
pub const DOCS: &str = "docs";

/// The group `id`, if it exists.
pub fn group(id: &str) -> Option<&'static Group> {
    groups().iter().find(|g| g.id == id)
}

/// The story at `group`/`story`, if it exists.
pub fn find(group: &str, story: &str) -> Option<(&'static Group, &'static Story)> {
    all().find(|(g, s)| g.id == group && s.id == story)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_url_safe() {
        let mut seen = std::collections::BTreeSet::new();
        for (group, story) in all() {
            let key = format!("{}/{}", group.id, story.id);
            assert!(seen.insert(key.clone()), "duplicate story {key}");
            assert_ne!(story.id, DOCS, "{key}: `docs` is the docs page's address");
            assert!(
                key.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-/".contains(c)),
                "{key} is not URL-safe"
            );
        }
        assert!(seen.len() >= 40, "only {} stories", seen.len());
    }

    #[test]
    fn every_group_has_a_documented_component() {
        for group in groups() {
            let doc = crate::props::find(group.component)
                .unwrap_or_else(|| panic!("{} is not in the props tables", group.component));
            assert!(!doc.doc.is_empty(), "{} has no doc comment", doc.name);
            assert!(!doc.props.is_empty(), "{} has no props", doc.name);
        }
    }

    #[test]
    fn every_story_shows_its_own_code() {
        for (group, story) in all() {
            assert!(
                story.source.contains("html!"),
                "{}/{}: {}",
                group.id,
                story.id,
                story.source
            );
            assert!(!story.source.contains("// [snippet:"));
        }
    }

    #[test]
    fn the_button_badge_and_panel_have_plays() {
        let played: Vec<String> = all()
            .filter(|(_, s)| !s.play.is_empty())
            .map(|(g, s)| format!("{}/{}", g.id, s.id))
            .collect();
        assert_eq!(
            played,
            ["button/play-sign-in", "badge/play-orgs", "panel/play-stop"]
        );
    }

    #[test]
    fn snippets_are_cut_and_dedented() {
        let file = "a\n    // [snippet:x]\n    fn x() {\n        1\n    }\n    // [end]\nb\n";
        assert_eq!(snippet(file, "x").unwrap(), "fn x() {\n    1\n}");
        assert_eq!(snippet(file, "y"), None);
    }
}
