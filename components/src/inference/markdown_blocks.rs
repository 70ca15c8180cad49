//! A growing Markdown answer cut into top-level blocks, so that only the last one is parsed
//! again while the answer streams: the blocks before it are finished and never change.
//!
//! A block ends at a blank line followed by a complete line that starts at the margin, outside
//! a fenced code block, unless both are items of a list (a loose list stays one block). Parsing
//! each block alone renders what parsing the whole answer would, except that a reference-style
//! link defined in another block stays plain text.

use std::rc::Rc;

/// Cuts a growing text into finished blocks and the open last one, remembering the finished
/// ones between calls.
#[derive(Debug, Default)]
pub(crate) struct BlockSplitter {
    /// The text seen last, whose first `open_start` bytes are the finished blocks.
    seen: Rc<str>,
    /// The finished blocks, in order; each stays the same `Rc` while the answer grows.
    done: Vec<Rc<str>>,
    /// Where the open block starts in `seen`.
    open_start: usize,
}

impl BlockSplitter {
    /// Take the answer so far; returns the finished blocks and the open one. A text that does
    /// not continue the previous one starts over.
    pub(crate) fn update(&mut self, text: &Rc<str>) -> (&[Rc<str>], &str) {
        let continues = text.len() >= self.open_start
            && text.as_bytes()[..self.open_start] == self.seen.as_bytes()[..self.open_start];
        if !continues {
            self.done.clear();
            self.open_start = 0;
        }
        self.seen = text.clone();
        while let Some(end) = first_block_end(&text[self.open_start..]) {
            let end = self.open_start + end;
            self.done.push(Rc::from(&text[self.open_start..end]));
            self.open_start = end;
        }
        (&self.done, &self.seen[self.open_start..])
    }
}

/// Where the first block of `text` ends (the start of the next one), if a next one has begun.
fn first_block_end(text: &str) -> Option<usize> {
    let mut fence: Option<(u8, usize)> = None;
    let mut after_blank = false;
    let mut list = None::<bool>;
    let mut offset = 0;
    // Only complete lines decide: the last, unterminated one may still change.
    for line in text.split_inclusive('\n').filter(|l| l.ends_with('\n')) {
        let start = offset;
        offset += line.len();
        if let Some(open) = fence {
            if closes(line, open) {
                fence = None;
            }
            continue;
        }
        if line.trim().is_empty() {
            after_blank = list.is_some();
            continue;
        }
        let at_margin = !line.starts_with([' ', '\t']);
        let item = is_list_item(line);
        match list {
            None => list = Some(item),
            Some(block_is_list) if after_blank && at_margin && !(block_is_list && item) => {
                return Some(start);
            }
            Some(_) => {}
        }
        after_blank = false;
        fence = opens(line);
    }
    None
}

/// The fence a line opens: its character and length (```` ``` ```` or `~~~`, at least 3).
fn opens(line: &str) -> Option<(u8, usize)> {
    let trimmed = line.trim_start();
    let mark = *trimmed.as_bytes().first()?;
    if mark != b'`' && mark != b'~' {
        return None;
    }
    let run = trimmed.bytes().take_while(|&b| b == mark).count();
    // A backtick fence's info string has no backtick (else it is inline code).
    let info_ok = mark == b'~' || !trimmed[run..].contains('`');
    (run >= 3 && info_ok).then_some((mark, run))
}

/// Whether `line` closes the fence `open`: the same character, at least as many, nothing after.
fn closes(line: &str, (mark, len): (u8, usize)) -> bool {
    let trimmed = line.trim();
    let run = trimmed.bytes().take_while(|&b| b == mark).count();
    run >= len && run == trimmed.len()
}

/// `- `, `* `, `+ ` or `1. ` / `1) ` at the start of a line.
fn is_list_item(line: &str) -> bool {
    let trimmed = line.trim_start();
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let rest = if digits > 0 && digits <= 9 {
        trimmed[digits..].strip_prefix(['.', ')']).unwrap_or("x")
    } else {
        trimmed.strip_prefix(['-', '*', '+']).unwrap_or("x")
    };
    rest.starts_with([' ', '\t', '\n'])
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let mut splitter = BlockSplitter::default();
        let (done, open) = splitter.update(&Rc::from(text));
        let mut blocks: Vec<String> = done.iter().map(|b| b.to_string()).collect();
        blocks.push(open.to_owned());
        blocks
    }

    #[test]
    fn blocks_end_at_a_blank_line_before_a_line_at_the_margin() {
        assert_eq!(
            split("# Title\n\nSome *text*\nmore\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nlast\n"),
            [
                "# Title\n\n",
                "Some *text*\nmore\n\n",
                "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
                "last\n"
            ]
        );
        // The next block's first line must be complete to be known.
        assert_eq!(split("para\n\n- x"), ["para\n\n- x"]);
        assert_eq!(split("para\n\n- x\n"), ["para\n\n", "- x\n"]);
    }

    #[test]
    fn fences_lists_and_indented_lines_hold_a_block_together() {
        let fenced = "```rust\nfn a() {}\n\nfn b() {}\n```\n\nafter\n";
        assert_eq!(
            split(fenced),
            ["```rust\nfn a() {}\n\nfn b() {}\n```\n\n", "after\n"]
        );
        // An unclosed fence holds everything after it.
        assert_eq!(
            split("```\ncode\n\nmore\n\nstill code\n"),
            ["```\ncode\n\nmore\n\nstill code\n"]
        );
        // A longer fence is closed only by one as long; `~~~` by `~~~`.
        assert_eq!(
            split("````\n```\n\nx\n````\n\ny\n"),
            ["````\n```\n\nx\n````\n\n", "y\n"]
        );
        assert_eq!(
            split("~~~\n```\n\nx\n~~~\n\ny\n"),
            ["~~~\n```\n\nx\n~~~\n\n", "y\n"]
        );
        // Inline code at the start of a line opens no fence.
        assert_eq!(split("```a``` b\n\nc\n"), ["```a``` b\n\n", "c\n"]);
        // A loose list stays one list; an indented continuation stays in its item.
        assert_eq!(
            split("- a\n\n- b\n\n1. c\n\ntext\n"),
            ["- a\n\n- b\n\n1. c\n\n", "text\n"]
        );
        assert_eq!(
            split("1. a\n\n   more of a\n\n2) b\n"),
            ["1. a\n\n   more of a\n\n2) b\n"]
        );
        assert_eq!(
            split("para\n\n    indented code\n"),
            ["para\n\n    indented code\n"]
        );
        // A thematic break is no list item.
        assert_eq!(split("- a\n\n---\n"), ["- a\n\n", "---\n"]);
    }

    #[test]
    fn finished_blocks_are_kept_while_the_answer_grows_and_dropped_when_it_changes() {
        let mut splitter = BlockSplitter::default();
        let (done, open) = splitter.update(&Rc::from("One.\n\nTw"));
        assert_eq!((done.len(), open), (0, "One.\n\nTw"));
        let (done, open) = splitter.update(&Rc::from("One.\n\nTwo.\n\nThree.\n"));
        assert_eq!(done.len(), 2);
        assert_eq!(open, "Three.\n");
        let first = done[0].clone();
        let (done, open) = splitter.update(&Rc::from("One.\n\nTwo.\n\nThree.\n\nFour\n"));
        assert!(
            Rc::ptr_eq(&first, &done[0]),
            "a finished block is not rebuilt"
        );
        assert_eq!((done.len(), open), (3, "Four\n"));
        let (done, open) = splitter.update(&Rc::from("Other\n"));
        assert_eq!((done.len(), open), (0, "Other\n"));
    }
}
