//! One benchmark run's figures, read from the `BENCH key=value ...` line that both pages print
//! (`tests/bench/main.rs` for the widget, `tests/bench/react/main.jsx` for React).

use crate::util::Result;

/// What one run measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    /// Milliseconds from the Generate click to the last token in the DOM.
    pub last_token_ms: f64,
    /// DOM mutation records on the answer while streaming.
    pub dom_updates: f64,
    /// Long tasks (over 50 ms) from the click on.
    pub long_tasks: f64,
    /// The longest of them, in milliseconds (0 when there was none).
    pub longest_task_ms: f64,
}

impl Measurement {
    /// Reads the first `BENCH` line of `output`. Fields after `panel=` (free text) are ignored.
    pub fn parse(output: &str) -> Result<Measurement> {
        let line = output
            .lines()
            .find_map(|line| line.trim().strip_prefix("BENCH "))
            .ok_or_else(|| format!("no `BENCH` line in the output:\n{output}"))?;
        let fields = line.split(" panel=").next().unwrap_or(line);
        let get = |key: &str| -> Result<f64> {
            fields
                .split_whitespace()
                .find_map(|field| field.strip_prefix(key)?.strip_prefix('='))
                .and_then(|value| value.parse().ok())
                .ok_or_else(|| {
                    format!("`{key}` is missing or not a number in `BENCH {line}`").into()
                })
        };
        Ok(Measurement {
            last_token_ms: get("last_token_on_page_ms")?,
            dom_updates: get("dom_updates")?,
            long_tasks: get("long_tasks")?,
            longest_task_ms: get("longest_task_ms")?,
        })
    }
}

/// The median of `values` (the mean of the middle two for an even count); 0 when empty.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_bench_line_among_other_output() {
        let output = "running 1 test\nBENCH tokens=20000 last_token_on_page_ms=604 dom_updates=27 long_tasks=1 longest_task_ms=83 panel=\"First token after 63 ms · 20000 tokens\"\ntest ok\n";
        assert_eq!(
            Measurement::parse(output).unwrap(),
            Measurement {
                last_token_ms: 604.0,
                dom_updates: 27.0,
                long_tasks: 1.0,
                longest_task_ms: 83.0,
            }
        );
        assert!(Measurement::parse("no line").is_err());
        assert!(Measurement::parse("BENCH last_token_on_page_ms=x").is_err());
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }
}
