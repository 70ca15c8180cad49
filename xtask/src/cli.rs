//! The command line of `cargo xtask`, declared once (clap's derive): every command, its flags,
//! their defaults and their help. The commands' modules take the parsed arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// `cargo xtask <command>`: the developer commands of the yew-hf-oauth workspace. Every command
/// installs what it needs and skips what is already there (`--skip-install` installs nothing).
#[derive(Debug, Parser)]
#[command(name = "xtask", bin_name = "cargo xtask")]
pub struct Cli {
    /// The command; none prints this help.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Install every tool the commands use.
    ///
    /// The wasm32 target, wasm-bindgen-cli (version from Cargo.lock), rustfmt/clippy, rust-src,
    /// Chromium and chromedriver, cargo-fuzz.
    Install,
    /// Run every CI step in order, or only the named ones (`--list` lists them).
    Test(TestArgs),
    /// Build the showcase and serve it on loopback, rebuilding on change.
    ///
    /// Builds with cargo + wasm-bindgen into dist/showcase and serves it on
    /// http://127.0.0.1:PORT; rebuilds when showcase/, components/, demo/ or assets/ change and
    /// the open page reloads. Installs the wasm32 target and wasm-bindgen-cli.
    Showcase(ShowcaseArgs),
    /// Rendering benchmark of the InferencePanel.
    ///
    /// 20,000 streamed tokens into the InferencePanel in headless Chromium (structure asserted,
    /// timings printed).
    Bench(BenchArgs),
    /// The widget against the JavaScript reference, side by side (issue 21's five rows).
    ///
    /// Bytes (gzip -9, brotli q11 of js + wasm), page load → enabled Sign in button, callback
    /// landing → name on screen (loopback OpenID provider, tests/e2e), 20,000 streamed tokens:
    /// medians of alternating fresh headless Chromium runs of the widget, the widget with
    /// preload hints, the widget with its first paint and preload hints, and
    /// ../shared/perf-anchor (React 18 + huggingface.js; HF_PERF_ANCHOR to point elsewhere).
    Perf(PerfArgs),
    /// Run the cargo-fuzz targets of fuzz/.
    ///
    /// Each target for `--seconds`, from fuzz/seeds plus the working corpus; installs
    /// cargo-fuzz.
    Fuzz(FuzzArgs),
    /// Build the embeddable demo into dist/widget.
    ///
    /// hf-oauth-demo.js + wasm, wasm-opt -Oz (installs npm binaryen); prints the files. With
    /// --site, also dist/site: the widget, a page, and the client ID metadata document (sign-in
    /// without a registered OAuth app).
    Widget(WidgetArgs),
    /// A static Hugging Face Space ready to push, in dist/space.
    ///
    /// README.md with hf_oauth metadata, index.html, widget/. With --site, the Space signs in
    /// with a client ID metadata document instead of hf_oauth (untested on Hugging Face).
    Space(SpaceArgs),
    /// A Hugging Face twin on this machine: sign in for real, no account, no network.
    ///
    /// Starts the e2e's parties (an OpenID provider configured like Hugging Face, Gemma 3 270M
    /// behind a token-checking gate) and serves the widget, a page signing in with a client ID
    /// metadata document, and the showcase (its Live demo signs in at the twin); prints what to
    /// click, until Ctrl-C. The first run builds the model server (llama.cpp: minutes).
    Demo(Install),
    /// A client ID metadata document: sign in without registering an OAuth app.
    ///
    /// Writes <out>/.well-known/oauth-cimd (client_id = that URL on --site, redirect_uris,
    /// token_endpoint_auth_method "none") and <out>/.nojekyll, to publish at the site's root;
    /// the URL is then the client ID.
    Cimd(CimdArgs),
    /// The widget's size against its budget.
    ///
    /// Builds the widget and prints its wasm/js/css bytes, raw and gzip -9, against the budget
    /// in widget-size-budget.txt.
    Size(Install),
    /// End to end against local parties on loopback.
    ///
    /// An OpenID provider (npm oidc-provider),
    /// Gemma 3 270M on llama-cpp-python behind a token-checking gate, the widget; drives
    /// headless Chromium through chromedriver, or WebKit's MiniBrowser through WebKitWebDriver
    /// (tests/e2e; venv + model cached in ~/.cache/hf-oauth-e2e, built once).
    E2e(E2eArgs),
    /// A PNG of every showcase story, light and dark.
    ///
    /// Builds the showcase (cargo + wasm-bindgen) and saves the pictures into dist/screenshots
    /// (headless Chromium); the README's pictures into assets/screenshots.
    Screenshots(ScreenshotsArgs),
    /// Visual regression of the showcase's stories.
    ///
    /// Every story alone (or those whose path starts with a STORY given), light and dark, shot
    /// in headless Chromium and compared with showcase/visual/*.png (diffs in
    /// target/visual/diff).
    Visual(VisualArgs),
}

/// The flag every installing command has.
#[derive(Debug, Args)]
pub struct Install {
    /// Install nothing; use the tools that are there.
    #[arg(long)]
    pub skip_install: bool,
}

/// `cargo xtask test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Install nothing; use the tools that are there.
    #[arg(long)]
    pub skip_install: bool,
    /// List the steps and what each runs, and run none.
    #[arg(long)]
    pub list: bool,
    /// The steps to run, in the order given (default: all, in CI's order).
    #[arg(value_name = "STEP", value_parser = clap::builder::PossibleValuesParser::new(crate::test::step_names()), hide_possible_values = true)]
    pub steps: Vec<String>,
}

/// `cargo xtask showcase`.
#[derive(Debug, Args)]
pub struct ShowcaseArgs {
    /// The port tried first (the next free one if busy).
    #[arg(long, default_value_t = crate::showcase::DEFAULT_PORT)]
    pub port: u16,
    /// Only build dist/showcase (a static folder, without the reload script).
    #[arg(long)]
    pub no_serve: bool,
    /// Install nothing; use the tools that are there.
    #[arg(long)]
    pub skip_install: bool,
}

/// `cargo xtask bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Run it against React 18 + @huggingface/inference (npm, tests/bench/react), alternating,
    /// and print medians and the ratio.
    #[arg(long)]
    pub compare: bool,
    /// How many runs of each with --compare.
    #[arg(long, requires = "compare", default_value_t = crate::bench::compare::DEFAULT_RUNS, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub runs: usize,
}

/// `cargo xtask perf`.
#[derive(Debug, Args)]
pub struct PerfArgs {
    /// Runs of each side.
    #[arg(long, default_value_t = 5, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub runs: usize,
    /// Wait this long before each answer of the sites (the page, the js, the wasm), as a
    /// network's round trip would: loopback has none, so preloading cannot show there.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Install nothing; use the tools that are there.
    #[arg(long)]
    pub skip_install: bool,
}

/// `cargo xtask fuzz`.
#[derive(Debug, Args)]
pub struct FuzzArgs {
    /// Seconds per target.
    #[arg(long, default_value_t = crate::fuzz::DEFAULT_SECONDS, value_parser = clap::value_parser!(u64).range(1..))]
    pub seconds: u64,
    /// Forget the working corpus and start from fuzz/seeds again.
    #[arg(long)]
    pub fresh: bool,
    /// Install nothing; use the tools that are there.
    #[arg(long)]
    pub skip_install: bool,
    /// List the targets and fuzz none.
    #[arg(long)]
    pub list: bool,
    /// The targets to fuzz (default: all).
    #[arg(value_name = "TARGET", value_parser = clap::builder::PossibleValuesParser::new(crate::fuzz::TARGETS))]
    pub targets: Vec<String>,
}

/// `cargo xtask space`.
#[derive(Debug, Args)]
pub struct SpaceArgs {
    /// Install nothing; use the tools that are there.
    #[arg(long)]
    pub skip_install: bool,
    /// The model the Space's page asks.
    #[arg(long, default_value = crate::space::DEFAULT_MODEL)]
    pub model: String,
    /// The Space's own URL (https://OWNER-NAME.static.hf.space): sign in with a client ID
    /// metadata document served by the Space instead of `hf_oauth: true`.
    #[arg(long, value_name = "URL")]
    pub site: Option<String>,
}

/// `cargo xtask widget`.
#[derive(Debug, Args)]
pub struct WidgetArgs {
    /// Install nothing; use the tools that are there.
    #[arg(long)]
    pub skip_install: bool,
    /// The site the widget will be published at (https://example.org): also write dist/site,
    /// to publish at that site's root, with .well-known/oauth-cimd, .nojekyll, index.html and
    /// widget/.
    #[arg(long, value_name = "URL")]
    pub site: Option<String>,
    /// A redirect URI of the document, repeatable (default: the site's root page).
    #[arg(long, value_name = "URL", requires = "site")]
    pub redirect: Vec<String>,
    /// The name Hugging Face shows on its consent screen (default: the site's host).
    #[arg(long, requires = "site")]
    pub name: Option<String>,
    /// Also write dist/widget-first-paint: the same wasm, and a module that puts the demo's
    /// markup (rendered at build time from the same components) on the page before the wasm
    /// arrives, and answers a click made before then.
    #[arg(long)]
    pub first_paint: bool,
}

/// `cargo xtask cimd`.
#[derive(Debug, Args)]
pub struct CimdArgs {
    /// The site's base URL: https, or http on 127.0.0.1/[::1]/localhost. The client ID is
    /// <site>/.well-known/oauth-cimd.
    #[arg(long, value_name = "URL")]
    pub site: String,
    /// A redirect URI, repeatable (default: <site>/); every page that signs in, without query
    /// or hash.
    #[arg(long, value_name = "URL")]
    pub redirect: Vec<String>,
    /// The name Hugging Face shows on its consent screen (default: the site's host).
    #[arg(long)]
    pub name: Option<String>,
    /// The URL of a logo for the consent screen (logo_uri).
    #[arg(long, value_name = "URL")]
    pub logo: Option<String>,
    /// The folder to write into (default: dist/cimd).
    #[arg(long, value_name = "DIR")]
    pub out: Option<std::path::PathBuf>,
}

/// `cargo xtask e2e`.
#[derive(Debug, Args)]
pub struct E2eArgs {
    /// Install nothing; use the tools that are there.
    #[arg(long)]
    pub skip_install: bool,
    /// Start the parties and the demo for a person instead, until Ctrl-C.
    #[arg(long)]
    pub serve: bool,
    /// The browser engine.
    #[arg(long, value_enum, default_value_t = Engine::Chromium)]
    pub engine: Engine,
}

/// The browser engine of `cargo xtask e2e`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    /// Headless Chromium through chromedriver.
    #[value(alias = "chrome")]
    Chromium,
    /// WebKitGTK's MiniBrowser through WebKitWebDriver under Xvfb.
    Webkit,
}

/// `cargo xtask screenshots`.
#[derive(Debug, Args)]
pub struct ScreenshotsArgs {
    /// Install nothing; use the tools that are there.
    #[arg(long)]
    pub skip_install: bool,
    /// Shoot the showcase built last time.
    #[arg(long)]
    pub skip_build: bool,
    /// Browsers shooting at once.
    #[arg(long, default_value_t = 2)]
    pub jobs: usize,
}

/// `cargo xtask visual`.
#[derive(Debug, Args)]
pub struct VisualArgs {
    /// Accept the new pictures as the baselines.
    #[arg(long)]
    pub update: bool,
    /// Install nothing; use the tools that are there.
    #[arg(long)]
    pub skip_install: bool,
    /// Browsers shooting at once.
    #[arg(long, default_value_t = 2)]
    pub jobs: usize,
    /// Only the stories whose path starts with one of these (default: all).
    #[arg(value_name = "STORY")]
    pub stories: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Parses `cargo xtask <line>`.
    fn parse(line: &str) -> Result<Option<Command>, clap::Error> {
        Cli::try_parse_from(std::iter::once("xtask").chain(line.split_whitespace()))
            .map(|cli| cli.command)
    }

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn documented_invocations_parse() {
        assert!(parse("").unwrap().is_none());
        let Some(Command::Test(test)) = parse("test --skip-install fmt clippy").unwrap() else {
            panic!("not test")
        };
        assert!(test.skip_install && !test.list);
        assert_eq!(test.steps, ["fmt", "clippy"]);
        assert!(matches!(parse("test --list").unwrap(), Some(Command::Test(t)) if t.list));
        let Some(Command::Showcase(showcase)) = parse("showcase").unwrap() else {
            panic!("not showcase")
        };
        assert_eq!(showcase.port, 8080);
        assert!(!showcase.no_serve && !showcase.skip_install);
        for line in [
            "showcase --port 9000 --no-serve",
            "showcase --port=9000 --no-serve",
        ] {
            let Some(Command::Showcase(showcase)) = parse(line).unwrap() else {
                panic!("not showcase")
            };
            assert_eq!((showcase.port, showcase.no_serve), (9000, true));
        }
        let Some(Command::Bench(bench)) = parse("bench --compare --runs 3").unwrap() else {
            panic!("not bench")
        };
        assert_eq!((bench.compare, bench.runs), (true, 3));
        let Some(Command::Fuzz(fuzz)) = parse("fuzz --seconds 15 --fresh sse").unwrap() else {
            panic!("not fuzz")
        };
        assert_eq!(
            (fuzz.seconds, fuzz.fresh, fuzz.targets),
            (15, true, vec!["sse".into()])
        );
        let Some(Command::E2e(e2e)) = parse("e2e --serve --engine webkit").unwrap() else {
            panic!("not e2e")
        };
        assert_eq!((e2e.serve, e2e.engine), (true, Engine::Webkit));
        assert!(
            matches!(parse("e2e --engine chrome").unwrap(), Some(Command::E2e(e)) if e.engine == Engine::Chromium)
        );
        let Some(Command::Cimd(cimd)) = parse(
            "cimd --site https://example.org --redirect https://example.org/a --redirect https://example.org/b --name Blog --out /tmp/x",
        )
        .unwrap() else {
            panic!("not cimd")
        };
        assert_eq!(cimd.site, "https://example.org");
        assert_eq!(
            cimd.redirect,
            ["https://example.org/a", "https://example.org/b"]
        );
        assert_eq!(cimd.name.as_deref(), Some("Blog"));
        assert_eq!(cimd.out, Some("/tmp/x".into()));
        let Some(Command::Widget(widget)) = parse("widget").unwrap() else {
            panic!("not widget")
        };
        assert!(widget.site.is_none() && !widget.skip_install);
        let Some(Command::Visual(visual)) =
            parse("visual --update --jobs 3 button/ panel").unwrap()
        else {
            panic!("not visual")
        };
        assert_eq!((visual.update, visual.jobs), (true, 3));
        assert_eq!(visual.stories, ["button/", "panel"]);
        for line in [
            "install",
            "widget --skip-install",
            "size",
            "space --model m/x",
            "demo",
            "demo --skip-install",
            "space --site https://me-demo.static.hf.space",
            "widget --site https://example.org --redirect https://example.org/a --name Blog",
            "screenshots --skip-build --jobs 1",
        ] {
            assert!(parse(line).unwrap().is_some(), "{line}");
        }
    }

    #[test]
    fn mistakes_are_refused() {
        for line in [
            "nonsense",
            "test no-such-step",
            "showcase --port 70000",
            "showcase --verbose",
            "bench --runs 0 --compare",
            "bench --runs 3",
            "fuzz --seconds 0",
            "fuzz no-such-target",
            "e2e --engine gecko",
            "install --skip-install",
            "cimd",
            "cimd --redirect https://example.org/",
            "widget --redirect https://example.org/",
            "widget --name Blog",
        ] {
            assert!(parse(line).is_err(), "{line}");
        }
    }
}
