//! Just enough markdown for doc comments on the docs pages: paragraphs, `# headings`, fenced
//! code (rustdoc's hidden `# ` lines left out) and inline `code`.

use yew::prelude::*;

/// A block of a doc comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph, its lines joined with spaces.
    Paragraph(String),
    /// A `#` heading.
    Heading(String),
    /// A fenced code block.
    Code(String),
}

/// The blocks of `text`.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |paragraph: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(paragraph.join(" ")));
            paragraph.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(lines) = code.as_mut() {
            if trimmed.starts_with("```") {
                out.push(Block::Code(lines.join("\n")));
                code = None;
            } else if trimmed != "#" && !trimmed.starts_with("# ") {
                lines.push(line);
            }
        } else if trimmed.starts_with("```") {
            flush(&mut paragraph, &mut out);
            code = Some(Vec::new());
        } else if trimmed.is_empty() {
            flush(&mut paragraph, &mut out);
        } else if let Some(heading) = trimmed.strip_prefix("# ") {
            flush(&mut paragraph, &mut out);
            out.push(Block::Heading(heading.to_owned()));
        } else {
            paragraph.push(trimmed);
        }
    }
    flush(&mut paragraph, &mut out);
    if let Some(lines) = code {
        out.push(Block::Code(lines.join("\n")));
    }
    out
}

/// `text` with its `` `code` `` spans as `<code>`.
pub fn inline(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 {
            html! { <code>{ part.to_owned() }</code> }
        } else {
            html! { { part.to_owned() } }
        }) }
    }
}

/// `text` rendered; headings at level `heading` (`"h4"`).
pub fn render(text: &str, heading: &'static str) -> Html {
    html! {
        { for blocks(text).into_iter().map(|block| match block {
            Block::Paragraph(p) => html! { <p>{ inline(&p) }</p> },
            Block::Heading(h) => html! { <@{heading}>{ inline(&h) }</@> },
            Block::Code(c) => html! { <pre class="sb-code" tabindex="0"><code>{ c }</code></pre> },
        }) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_headings_and_code() {
        let text = "One line\nand its second.\n\n# Usage\n```\n# use hidden;\nlet x = 1;\n\nx\n```\nAfter.";
        assert_eq!(
            blocks(text),
            [
                Block::Paragraph("One line and its second.".into()),
                Block::Heading("Usage".into()),
                Block::Code("let x = 1;\n\nx".into()),
                Block::Paragraph("After.".into()),
            ]
        );
        assert!(blocks("").is_empty());
    }
}
