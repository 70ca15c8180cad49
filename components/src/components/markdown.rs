//! Markdown to Yew nodes, safely: pulldown-cmark's events become elements one by one (never
//! `inner_html`). Raw HTML shows as text, images as their alt text, and a link keeps its `<a>`
//! only when it goes to `http(s)` or `mailto` (opening in a new tab, without referrer or
//! opener). Nesting deeper than [`MAX_DEPTH`] shows as the text it was written with, so a
//! hostile answer cannot make the page's rendering recurse without end.

use super::code_block::CodeBlock;
use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag,
};
use yew::prelude::*;
use yew::virtual_dom::VTag;

/// Elements nested deeper than this (lists, quotes, emphasis, ...) show as their source text.
pub(crate) const MAX_DEPTH: usize = 32;

/// `rel` of every link: the opened page gets no `window.opener`, no referrer, no ranking credit.
pub(crate) const LINK_REL: &str = "noopener noreferrer nofollow";

/// The nodes of `source`, one Markdown document.
pub(crate) fn markdown_to_html(source: &str) -> Html {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut builder = Builder::new();
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        builder.event(event, &source[range]);
    }
    builder.finish()
}

/// An element being built, with its children so far.
struct Frame {
    kind: Kind,
    children: Vec<Html>,
}

/// What an open element becomes when it ends.
enum Kind {
    Root,
    Tag(VTag),
    /// A fenced or indented code block: its text is collected, then shown by [`CodeBlock`].
    Code {
        language: Option<AttrValue>,
        text: String,
    },
    /// A link to somewhere unsafe, or an image: only its text is kept.
    Plain,
    /// A table: its columns' alignment, the column and row (head or not) being built.
    Table {
        alignments: Vec<Alignment>,
        column: usize,
        in_head: bool,
    },
}

struct Builder {
    /// The open elements, the root first (never closed).
    stack: Vec<Frame>,
    /// While skipping a too-deep element: how many of its elements are open.
    skipping: usize,
}

impl Builder {
    fn new() -> Self {
        let root = Frame {
            kind: Kind::Root,
            children: Vec::new(),
        };
        Self {
            stack: vec![root],
            skipping: 0,
        }
    }

    fn event(&mut self, event: Event<'_>, source: &str) {
        if self.skipping > 0 {
            match event {
                Event::Start(_) => self.skipping += 1,
                Event::End(_) => self.skipping -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(_) if self.stack.len() > MAX_DEPTH => {
                // The whole element, as written, in place of what it would have built.
                self.skipping = 1;
                self.push(Html::from(source.to_owned()));
            }
            Event::Start(tag) => self.open(tag),
            Event::End(_) => self.close(),
            Event::Text(text) => match self.stack.last_mut() {
                Some(Frame {
                    kind: Kind::Code { text: code, .. },
                    ..
                }) => code.push_str(&text),
                _ => self.push(Html::from(text.into_string())),
            },
            Event::Code(code) => self.push(html! { <code>{ code.into_string() }</code> }),
            Event::SoftBreak => self.push(Html::from("\n")),
            Event::HardBreak => self.push(html! { <br /> }),
            Event::Rule => self.push(html! { <hr /> }),
            // Raw HTML, and whatever this renderer does not draw, as the text it was written with.
            _ => self.push(Html::from(source.to_owned())),
        }
    }

    fn open(&mut self, tag: Tag<'_>) {
        let element = |name: &'static str| Kind::Tag(VTag::new(name));
        let kind = match tag {
            Tag::Paragraph => element("p"),
            Tag::Heading { level, .. } => with_class("p", heading(level)),
            Tag::BlockQuote(_) => element("blockquote"),
            Tag::CodeBlock(kind) => Kind::Code {
                language: match kind {
                    CodeBlockKind::Fenced(info) => language(&info),
                    CodeBlockKind::Indented => None,
                },
                text: String::new(),
            },
            Tag::HtmlBlock => with_class("p", "hf-oauth-md-html"),
            Tag::List(Some(start)) => {
                let mut list = VTag::new("ol");
                if start != 1 {
                    list.add_attribute("start", start.to_string());
                }
                Kind::Tag(list)
            }
            Tag::List(None) => element("ul"),
            Tag::Item => element("li"),
            Tag::Table(alignments) => Kind::Table {
                alignments,
                column: 0,
                in_head: false,
            },
            Tag::TableHead => self.table_row(true),
            Tag::TableRow => self.table_row(false),
            Tag::TableCell => self.table_cell(),
            Tag::Emphasis => element("em"),
            Tag::Strong => element("strong"),
            Tag::Strikethrough => element("del"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => match safe_href(link_type, &dest_url) {
                Some(href) => {
                    let mut link = VTag::new("a");
                    link.add_attribute("href", href);
                    link.add_attribute("rel", LINK_REL);
                    link.add_attribute("target", "_blank");
                    if !title.is_empty() {
                        link.add_attribute("title", title.into_string());
                    }
                    Kind::Tag(link)
                }
                None => Kind::Plain,
            },
            // Images are not loaded (a model's image URL can carry what the page knows to
            // anyone): the alt text stays.
            _ => Kind::Plain,
        };
        self.stack.push(Frame {
            kind,
            children: Vec::new(),
        });
    }

    fn close(&mut self) {
        if self.stack.len() < 2 {
            return; // an end without a start: nothing to close
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let node = match frame.kind {
            Kind::Root | Kind::Plain => Html::from_iter(frame.children),
            Kind::Tag(mut tag) => {
                tag.add_children(frame.children);
                Html::from(tag)
            }
            Kind::Table { .. } => {
                let mut rows = frame.children.into_iter();
                let head = rows.next();
                html! {
                    <div class="hf-oauth-md-table">
                        <table><thead>{ for head }</thead><tbody>{ for rows }</tbody></table>
                    </div>
                }
            }
            Kind::Code { language, text } => {
                html! { <CodeBlock code={AttrValue::from(text)} {language} /> }
            }
        };
        self.push(node);
    }

    /// The head or a body row of the table being built.
    fn table_row(&mut self, head: bool) -> Kind {
        if let Some(Kind::Table {
            column, in_head, ..
        }) = self.stack.last_mut().map(|f| &mut f.kind)
        {
            *column = 0;
            *in_head = head;
        }
        Kind::Tag(VTag::new("tr"))
    }

    /// A cell of the row being built, aligned as its column says.
    fn table_cell(&mut self) -> Kind {
        let table = self
            .stack
            .iter_mut()
            .rev()
            .find_map(|frame| match &mut frame.kind {
                Kind::Table {
                    alignments,
                    column,
                    in_head,
                    ..
                } => Some((alignments, column, *in_head)),
                _ => None,
            });
        let Some((alignments, column, in_head)) = table else {
            return Kind::Tag(VTag::new("td"));
        };
        let mut cell = VTag::new(if in_head { "th" } else { "td" });
        let align = match alignments.get(*column) {
            Some(Alignment::Left) => Some("hf-oauth-md-left"),
            Some(Alignment::Center) => Some("hf-oauth-md-center"),
            Some(Alignment::Right) => Some("hf-oauth-md-right"),
            _ => None,
        };
        if let Some(class) = align {
            cell.add_attribute("class", class);
        }
        *column += 1;
        Kind::Tag(cell)
    }

    fn push(&mut self, node: Html) {
        if let Some(frame) = self.stack.last_mut() {
            frame.children.push(node);
        }
    }

    fn finish(mut self) -> Html {
        // pulldown-cmark closes what it opens; close anything left, innermost first.
        while self.stack.len() > 1 {
            self.close();
        }
        self.stack
            .pop()
            .map(|root| Html::from_iter(root.children))
            .unwrap_or_default()
    }
}

fn with_class(name: &'static str, class: &'static str) -> Kind {
    let mut tag = VTag::new(name);
    tag.add_attribute("class", class);
    Kind::Tag(tag)
}

/// An answer's headings are styled paragraphs, not headings of the page: the page's outline
/// (which a model cannot know) stays the page's own.
fn heading(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "hf-oauth-md-heading hf-oauth-md-h1",
        HeadingLevel::H2 => "hf-oauth-md-heading hf-oauth-md-h2",
        _ => "hf-oauth-md-heading",
    }
}

/// The language a fence names (its info string's first word), if it is a plain name.
fn language(info: &str) -> Option<AttrValue> {
    let word = info.split_whitespace().next()?;
    let plain = word.len() <= 32
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-#._".contains(c));
    plain.then(|| AttrValue::from(word.to_owned()))
}

/// The `href` of a link, when it goes somewhere safe: `http`, `https` or `mailto` (an e-mail
/// autolink gets its `mailto:`). Anything else (`javascript:`, `data:`, `vbscript:`, relative
/// paths, ...) has none: the link shows as plain text.
pub(crate) fn safe_href(link_type: LinkType, destination: &str) -> Option<String> {
    if link_type == LinkType::Email {
        let plain = !destination.contains([':', '/', '?', '#']) && destination.contains('@');
        return plain.then(|| format!("mailto:{destination}"));
    }
    let lower = destination
        .get(..8)
        .unwrap_or(destination)
        .to_ascii_lowercase();
    let safe = lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:");
    (safe && !destination.chars().any(char::is_control)).then(|| destination.to_owned())
}
