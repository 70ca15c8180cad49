//! The figures of `cargo xtask perf`: one run's three times, each side's runs, and the table of
//! medians with the ratios to the JavaScript reference (the last side).

use super::bytes::Compressed;
use crate::util::Result;

/// One run's times in milliseconds, as the page reported them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    /// Navigation start → an enabled Sign in button.
    pub load_ms: Option<f64>,
    /// Navigation start of the callback page → the account's name on screen.
    pub callback_ms: Option<f64>,
    /// Generate click → the whole answer on screen.
    pub stream_ms: Option<f64>,
}

impl Run {
    /// Takes one `key=value` report; an `error=` report fails the run.
    pub fn read(&mut self, line: &str) -> Result {
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| format!("not a report: {line}"))?;
        if key == "error" {
            return Err(format!("the page reported an error: {value}").into());
        }
        let ms: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("not a number in the report {line}"))?;
        match key {
            "load_ms" => self.load_ms = Some(ms),
            "callback_ms" => self.callback_ms = Some(ms),
            "stream_ms" => self.stream_ms = Some(ms),
            _ => return Err(format!("unknown report {line}").into()),
        }
        Ok(())
    }

    /// `load 123 ms   callback 45 ms   stream 678 ms`.
    pub fn describe(&self) -> String {
        let ms = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.0} ms"));
        format!(
            "load {:>7}   callback {:>7}   stream {:>7}",
            ms(self.load_ms),
            ms(self.callback_ms),
            ms(self.stream_ms)
        )
    }
}

/// One side: its name, bytes and runs.
pub struct Side {
    /// Column title.
    pub name: &'static str,
    /// Its js + wasm, compressed.
    pub bytes: Compressed,
    /// Its runs so far.
    pub runs: Vec<Run>,
    /// Runs that failed and were run again.
    pub failures: usize,
}

impl Side {
    /// A side without runs yet.
    pub fn new(name: &'static str, bytes: Compressed) -> Side {
        Side {
            name,
            bytes,
            runs: Vec::new(),
            failures: 0,
        }
    }

    fn median(&self, field: fn(&Run) -> Option<f64>) -> f64 {
        median(&self.runs.iter().filter_map(field).collect::<Vec<_>>())
    }
}

/// The median (the mean of the middle two for an even count); 0 when empty.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The five rows as a Markdown table: one column per side, each widget value with its ratio to
/// the last side (the reference) in parentheses.
pub fn markdown(sides: &[Side]) -> String {
    let Some(reference) = sides.last() else {
        return String::new();
    };
    type Row = (&'static str, fn(&Side) -> f64, &'static str);
    let rows: [Row; 5] = [
        ("bytes, gzip -9 (js + wasm)", |s| s.bytes.gzip as f64, ""),
        ("bytes, brotli q11", |s| s.bytes.brotli as f64, ""),
        (
            "page load → enabled Sign in button, median",
            |s| s.median(|r| r.load_ms),
            " ms",
        ),
        (
            "callback landing → name on screen, median",
            |s| s.median(|r| r.callback_ms),
            " ms",
        ),
        (
            "20,000 streamed tokens, Generate → last token, median",
            |s| s.median(|r| r.stream_ms),
            " ms",
        ),
    ];
    let mut out = format!(
        "| | {} |\n|{}\n",
        sides.iter().map(|s| s.name).collect::<Vec<_>>().join(" | "),
        " --- |".repeat(sides.len() + 1)
    );
    for (title, value, unit) in rows {
        let base = value(reference);
        let cells: Vec<String> = sides
            .iter()
            .map(|side| {
                let v = value(side);
                let shown = if unit.is_empty() {
                    group(v as u64)
                } else {
                    format!("{v:.0}{unit}")
                };
                if std::ptr::eq(side, reference) || base == 0.0 {
                    shown
                } else {
                    format!("{shown} ({:.2})", v / base)
                }
            })
            .collect();
        out.push_str(&format!("| {title} | {} |\n", cells.join(" | ")));
    }
    out
}

/// `191384` → `191,384`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(name: &'static str, gzip: u64, loads: &[f64]) -> Side {
        let mut side = Side::new(
            name,
            Compressed {
                gzip,
                brotli: gzip / 2,
            },
        );
        for &load in loads {
            side.runs.push(Run {
                load_ms: Some(load),
                callback_ms: Some(load / 2.0),
                stream_ms: Some(load * 2.0),
            });
        }
        side
    }

    #[test]
    fn reads_reports_and_refuses_errors() {
        let mut run = Run::default();
        run.read("load_ms=151.3").unwrap();
        run.read("callback_ms=90").unwrap();
        run.read("stream_ms=200.5").unwrap();
        assert_eq!(
            run,
            Run {
                load_ms: Some(151.3),
                callback_ms: Some(90.0),
                stream_ms: Some(200.5)
            }
        );
        assert!(run.read("error=boom").is_err());
        assert!(run.read("load_ms=fast").is_err());
        assert!(run.read("other=1").is_err());
    }

    #[test]
    fn the_table_has_five_rows_with_ratios_to_the_reference() {
        let table = markdown(&[
            side("widget", 200_000, &[100.0, 300.0, 200.0]),
            side("js", 100_000, &[400.0, 400.0]),
        ]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 7, "{table}");
        assert_eq!(lines[0], "| | widget | js |");
        assert_eq!(
            lines[2],
            "| bytes, gzip -9 (js + wasm) | 200,000 (2.00) | 100,000 |"
        );
        assert_eq!(
            lines[4],
            "| page load → enabled Sign in button, median | 200 ms (0.50) | 400 ms |"
        );
        assert!(lines[6].contains("400 ms (0.50) | 800 ms"), "{table}");
    }

    #[test]
    fn medians_and_grouping() {
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
        assert_eq!(group(191_384), "191,384");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000_000), "1,000,000");
    }
}
