//! How the picker writes a provider's facts: prices per million tokens and context lengths.
//! Integer arithmetic only: `{:.2}` would link core's float formatting into the wasm.

/// US dollars per million tokens: `$0.27`, `$0.035`, `$2`, `free`; `—` when unknown.
pub(crate) fn price_per_million(price: Option<f64>) -> String {
    let Some(price) = price else {
        return "—".to_owned();
    };
    // Tenths of a cent: enough for the cheapest providers, few digits for the rest.
    let mills = (price * 1000.0).round() as u64;
    if mills == 0 {
        return if price == 0.0 { "free" } else { "<$0.001" }.to_owned();
    }
    let (dollars, fraction) = (mills / 1000, mills % 1000);
    match fraction {
        0 => format!("${dollars}"),
        f if f % 10 == 0 => format!("${dollars}.{:02}", f / 10),
        f => format!("${dollars}.{f:03}"),
    }
}

/// A context length in tokens: `128K`, `1M`, `200K`, the number itself below a thousand, or `—`.
pub(crate) fn context_length(tokens: Option<u64>) -> String {
    const KI: u64 = 1024;
    match tokens {
        None | Some(0) => "—".to_owned(),
        Some(n) if n % (KI * KI) == 0 => format!("{}M", n / (KI * KI)),
        Some(n) if n % KI == 0 => format!("{}K", n / KI),
        Some(n) if n >= 1_000_000 => format!("{}M", (n + 500_000) / 1_000_000),
        Some(n) if n >= 1000 => format!("{}K", (n + 500) / 1000),
        Some(n) => n.to_string(),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn prices_read_as_dollars_per_million_tokens() {
        for (price, shown) in [
            (Some(0.27), "$0.27"),
            (Some(0.4), "$0.40"),
            (Some(2.0), "$2"),
            (Some(1.69), "$1.69"),
            (Some(0.035), "$0.035"),
            (Some(0.9299999999999999), "$0.93"),
            (Some(0.0), "free"),
            (Some(0.0001), "<$0.001"),
            (None, "—"),
        ] {
            assert_eq!(price_per_million(price), shown, "{price:?}");
        }
    }

    #[test]
    fn context_lengths_read_in_thousands_or_millions() {
        for (tokens, shown) in [
            (Some(131_072), "128K"),
            (Some(1_048_576), "1M"),
            (Some(163_840), "160K"),
            (Some(200_000), "200K"),
            (Some(1_000_000), "1M"),
            (Some(32_000), "32K"),
            (Some(512), "512"),
            (Some(0), "—"),
            (None, "—"),
        ] {
            assert_eq!(context_length(tokens), shown, "{tokens:?}");
        }
    }
}
