//! The address of a story, kept in the URL's fragment so deep links survive a reload on any
//! static host: `#/button/sizes?theme=dark&viewport=phone&tab=code` (the canvas's view options
//! are in [`crate::viewport`]). With `isolated` in the
//! query (`#/button/sizes?isolated&theme=dark`) the story is shown alone, with no sidebar and no
//! panels: for embedding in an iframe, screenshots and tests.

use yew_hf_oauth::Theme;

use crate::viewport::View;

/// The Live demo story (group, story): where a sign-in comes back to.
pub const LIVE_DEMO: (&str, &str) = ("demo", "live");

/// Which view of the story is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    /// The rendered story.
    #[default]
    Canvas,
    /// The story's source.
    Code,
}

/// A parsed fragment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    /// Component group id (`button`); empty for the first story.
    pub group: String,
    /// Story id within the group (`sizes`).
    pub story: String,
    /// Page theme; `None` follows `prefers-color-scheme`.
    pub theme: Option<Theme>,
    /// The canvas's viewport, zoom and background.
    pub view: View,
    /// Canvas or code.
    pub tab: Tab,
    /// The story alone: no header, sidebar, toolbar or panels.
    pub isolated: bool,
}

impl Route {
    /// A route to a story with default view options.
    pub fn to(group: &str, story: &str) -> Self {
        Self {
            group: group.into(),
            story: story.into(),
            ..Self::default()
        }
    }

    /// The route of a page whose fragment is `hash` and whose query was `landing` when it loaded:
    /// a sign-in coming back from the provider (`?code=..&state=..` or `?error=..&state=..`,
    /// without a fragment: the provider redirects to the page's URL, which has none) lands on
    /// the Live demo story, the one whose page completes the sign-in; otherwise
    /// [`Route::parse`]`(hash)`.
    pub fn on_load(hash: &str, landing: &str) -> Self {
        let keys: Vec<&str> = landing
            .trim_start_matches('?')
            .split('&')
            .map(|pair| pair.split('=').next().unwrap_or_default())
            .collect();
        let callback =
            keys.contains(&"state") && (keys.contains(&"code") || keys.contains(&"error"));
        if callback && hash.trim_start_matches('#').is_empty() {
            Route::to(LIVE_DEMO.0, LIVE_DEMO.1)
        } else {
            Route::parse(hash)
        }
    }

    /// Parses `location.hash` (with or without the leading `#`). Unknown parts are ignored.
    pub fn parse(hash: &str) -> Self {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let mut parts = path.trim_matches('/').split('/');
        let mut route = Route {
            group: parts.next().unwrap_or_default().to_owned(),
            story: parts.next().unwrap_or_default().to_owned(),
            ..Route::default()
        };
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if route.view.read(key, value) {
                continue;
            }
            match (key, value) {
                ("theme", "light") => route.theme = Some(Theme::Light),
                ("theme", "dark") => route.theme = Some(Theme::Dark),
                ("tab", "code") => route.tab = Tab::Code,
                ("isolated", "" | "1" | "true") => route.isolated = true,
                _ => {}
            }
        }
        route
    }

    /// The fragment, with its leading `#`.
    pub fn href(&self) -> String {
        let mut query = Vec::new();
        if self.isolated {
            query.push("isolated".into());
        }
        if let Some(theme) = self.theme {
            query.push(format!("theme={}", theme.name()));
        }
        query.extend(self.view.query());
        if self.tab == Tab::Code {
            query.push("tab=code".into());
        }
        let mut href = format!("#/{}/{}", self.group, self.story);
        if !query.is_empty() {
            href.push('?');
            href.push_str(&query.join("&"));
        }
        href
    }

    /// The same story alone on the page, with the same theme and view (and no tab).
    pub fn isolated(&self) -> Self {
        Self {
            tab: Tab::Canvas,
            isolated: true,
            ..self.clone()
        }
    }

    /// The same view options on another story (the sidebar's links keep theme and view).
    pub fn with_story(&self, group: &str, story: &str) -> Self {
        Self {
            group: group.into(),
            story: story.into(),
            tab: Tab::Canvas,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        let route = Route::parse("#/button/sizes?theme=dark&viewport=phone&zoom=75&tab=code");
        assert_eq!(route.group, "button");
        assert_eq!(route.story, "sizes");
        assert_eq!(route.theme, Some(Theme::Dark));
        assert_eq!(route.view.width(), Some(375));
        assert_eq!(route.view.zoom, 75);
        assert_eq!(route.tab, Tab::Code);
        assert_eq!(Route::parse(&route.href()), route);
        assert_eq!(Route::to("badge", "pro").href(), "#/badge/pro");
    }

    #[test]
    fn isolated_keeps_the_view_options_but_not_the_tab() {
        let route = Route::parse("#/button/sizes?theme=dark&width=narrow&tab=code");
        let alone = route.isolated();
        assert_eq!(
            alone.href(),
            "#/button/sizes?isolated&theme=dark&viewport=phone"
        );
        assert_eq!(Route::parse(&alone.href()), alone);
        assert!(Route::parse("#/a/b?isolated=1").isolated);
        assert!(!Route::parse("#/a/b?isolated=no").isolated);
        assert!(!Route::parse("#/a/b").isolated);
    }

    #[test]
    fn a_sign_in_coming_back_lands_on_the_live_demo() {
        let live = Route::to("demo", "live");
        assert!(crate::registry::find(LIVE_DEMO.0, LIVE_DEMO.1).is_some());
        for landing in [
            "?code=c&state=s",
            "?state=s&code=c&iss=x",
            "?error=access_denied&state=s",
        ] {
            assert_eq!(Route::on_load("", landing), live, "{landing}");
            assert_eq!(Route::on_load("#", landing), live, "{landing}");
        }
        // A fragment wins (the visitor went elsewhere), and a query that is no callback is ignored.
        assert_eq!(
            Route::on_load("#/button/sizes", "?code=c&state=s"),
            Route::to("button", "sizes")
        );
        for landing in ["", "?code=c", "?state=s", "?codex=1&state=s", "?theme=dark"] {
            assert_eq!(Route::on_load("", landing), Route::default(), "{landing}");
        }
    }

    #[test]
    fn tolerates_empty_and_junk() {
        assert_eq!(Route::parse(""), Route::default());
        assert_eq!(Route::parse("#"), Route::default());
        let route = Route::parse("#/panel/idle/extra?theme=sepia&x&width=");
        assert_eq!(
            (route.group.as_str(), route.story.as_str()),
            ("panel", "idle")
        );
        assert_eq!(route.theme, None);
        assert_eq!(route.view, View::default());
    }
}
