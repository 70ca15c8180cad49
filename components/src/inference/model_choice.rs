//! Choosing among the router's models: the provider suffix of a model id ([`ProviderChoice`])
//! and the search over the list ([`search_models`]).

use super::models::RouterModel;

/// Which provider runs a model: the suffix of the model id the router reads.
///
/// # Usage
/// ```
/// use yew_hf_oauth::ProviderChoice;
/// let (id, choice) = ProviderChoice::split("deepseek-ai/DeepSeek-V3.2:novita");
/// assert_eq!((id, &choice), ("deepseek-ai/DeepSeek-V3.2", &ProviderChoice::Provider("novita".into())));
/// assert_eq!(ProviderChoice::Cheapest.join(id), "deepseek-ai/DeepSeek-V3.2:cheapest");
/// assert_eq!(ProviderChoice::Fastest.join(id), "deepseek-ai/DeepSeek-V3.2");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProviderChoice {
    /// The router's default: the fastest provider (`:fastest`, or no suffix).
    #[default]
    Fastest,
    /// The cheapest provider (`:cheapest`).
    Cheapest,
    /// The first of the visitor's preferred providers, in their Hugging Face settings
    /// (`:preferred`).
    Preferred,
    /// This provider (`:<provider>`).
    Provider(String),
}

impl ProviderChoice {
    /// The model id without its suffix, and the choice the suffix names. A `:` before the last
    /// `/` belongs to the id; a blank suffix is the default.
    pub fn split(model: &str) -> (&str, ProviderChoice) {
        let model = model.trim();
        let name_start = model.rfind('/').map_or(0, |slash| slash + 1);
        let Some(colon) = model[name_start..].rfind(':').map(|at| name_start + at) else {
            return (model, Self::Fastest);
        };
        let choice = match model[colon + 1..].trim() {
            "" | "fastest" => Self::Fastest,
            "cheapest" => Self::Cheapest,
            "preferred" => Self::Preferred,
            provider => Self::Provider(provider.to_owned()),
        };
        (&model[..colon], choice)
    }

    /// The suffix, without its `:` (`None` for the default, [`ProviderChoice::Fastest`]).
    pub fn suffix(&self) -> Option<&str> {
        match self {
            Self::Fastest => None,
            Self::Cheapest => Some("cheapest"),
            Self::Preferred => Some("preferred"),
            Self::Provider(name) => Some(name),
        }
    }

    /// `model` (its own suffix replaced) with this choice. The default adds no suffix, so the
    /// id also works with servers that do not know suffixes.
    pub fn join(&self, model: &str) -> String {
        let (id, _) = Self::split(model);
        match self.suffix() {
            Some(suffix) => format!("{id}:{suffix}"),
            None => id.to_owned(),
        }
    }
}

/// The models matching `query`, best first: every word of the query (ASCII case ignored) must appear
/// in the model's id or one of its providers' names; `vision` also matches models that read
/// images and `tools` models with a provider that takes tool calls. A provider suffix in the
/// query is ignored, the model whose id is the query comes first, the rest keep the list's
/// order. A blank query matches every model.
///
/// # Usage
/// ```
/// use yew_hf_oauth::{parse_model_list, search_models};
/// let list = parse_model_list(r#"{"data":[{"id":"Qwen/Qwen3-8B"},{"id":"google/gemma-3-27b-it"}]}"#).unwrap();
/// let found = search_models(&list, "GEMMA");
/// assert_eq!(found[0].id, "google/gemma-3-27b-it");
/// assert_eq!(search_models(&list, " ").len(), 2);
/// ```
pub fn search_models<'a>(models: &'a [RouterModel], query: &str) -> Vec<&'a RouterModel> {
    let (id, _) = ProviderChoice::split(query);
    // ASCII case only: model and provider names are ASCII, and Unicode case tables would cost
    // the wasm kilobytes.
    let words: Vec<String> = id.split_whitespace().map(str::to_ascii_lowercase).collect();
    let matches = |model: &RouterModel| {
        let id = model.id.to_ascii_lowercase();
        words.iter().all(|word| {
            id.contains(word.as_str())
                || model
                    .providers
                    .iter()
                    .any(|p| p.provider.to_ascii_lowercase().contains(word.as_str()))
                || word == "vision" && model.accepts_images()
                || word == "tools" && model.supports_tools()
        })
    };
    let mut found: Vec<&RouterModel> = models.iter().filter(|m| matches(m)).collect();
    // A stable sort: the exact id first, the rest in the router's order.
    found.sort_by_key(|m| !m.id.eq_ignore_ascii_case(id));
    found
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::inference::models::parse_model_list;
    use ProviderChoice::*;

    #[test]
    fn the_suffix_names_the_provider() {
        for (model, id, choice) in [
            ("a/b", "a/b", Fastest),
            ("a/b:fastest", "a/b", Fastest),
            ("a/b:", "a/b", Fastest),
            ("a/b:cheapest", "a/b", Cheapest),
            ("a/b:preferred", "a/b", Preferred),
            ("a/b:groq", "a/b", Provider("groq".into())),
            (" a/b:fireworks-ai ", "a/b", Provider("fireworks-ai".into())),
            // A colon before the name is part of the id; the last colon of the name splits.
            ("org:x/b", "org:x/b", Fastest),
            ("org:x/b:novita", "org:x/b", Provider("novita".into())),
            ("gemma", "gemma", Fastest),
            ("gemma:together", "gemma", Provider("together".into())),
            ("", "", Fastest),
        ] {
            assert_eq!(ProviderChoice::split(model), (id, choice), "{model:?}");
        }
    }

    #[test]
    fn joining_replaces_the_suffix() {
        assert_eq!(Provider("groq".into()).join("a/b:cheapest"), "a/b:groq");
        assert_eq!(Cheapest.join("a/b"), "a/b:cheapest");
        assert_eq!(Preferred.join("a/b:groq"), "a/b:preferred");
        assert_eq!(Fastest.join("a/b:groq"), "a/b");
        for choice in [Fastest, Cheapest, Preferred, Provider("nebius".into())] {
            assert_eq!(
                ProviderChoice::split(&choice.join("x/y")),
                ("x/y", choice.clone())
            );
        }
    }

    fn list() -> Vec<RouterModel> {
        parse_model_list(
            r#"{"data":[
              {"id":"meta-llama/Llama-3.1-8B-Instruct","providers":[{"provider":"groq","supports_tools":true}]},
              {"id":"Qwen/Qwen2.5-VL-7B-Instruct","architecture":{"input_modalities":["text","image"]},
               "providers":[{"provider":"hyperbolic"}]},
              {"id":"meta-llama/Llama-3.1-8B","providers":[{"provider":"novita"}]},
              {"id":"google/gemma-3-27b-it","architecture":{"input_modalities":["image","text"]},
               "providers":[{"provider":"nebius","supports_tools":true}]}
            ]}"#,
        )
        .unwrap()
    }

    fn ids<'a>(found: &[&'a RouterModel]) -> Vec<&'a str> {
        found.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn search_matches_every_word_in_ids_and_providers() {
        let list = list();
        assert_eq!(
            ids(&search_models(&list, "llama")),
            [
                "meta-llama/Llama-3.1-8B-Instruct",
                "meta-llama/Llama-3.1-8B"
            ]
        );
        assert_eq!(
            ids(&search_models(&list, "LLAMA instruct")),
            ["meta-llama/Llama-3.1-8B-Instruct"]
        );
        assert_eq!(
            ids(&search_models(&list, "nebius")),
            ["google/gemma-3-27b-it"]
        );
        assert_eq!(
            ids(&search_models(&list, "vision")),
            ["Qwen/Qwen2.5-VL-7B-Instruct", "google/gemma-3-27b-it"]
        );
        assert_eq!(
            ids(&search_models(&list, "vision tools")),
            ["google/gemma-3-27b-it"]
        );
        assert!(search_models(&list, "mistral").is_empty());
        assert_eq!(search_models(&list, "").len(), 4);
        assert!(search_models(&[], "llama").is_empty());
    }

    #[test]
    fn the_exact_id_comes_first_and_the_suffix_is_ignored() {
        let list = list();
        assert_eq!(
            ids(&search_models(&list, "meta-llama/llama-3.1-8b:groq")),
            [
                "meta-llama/Llama-3.1-8B",
                "meta-llama/Llama-3.1-8B-Instruct"
            ]
        );
    }
}
