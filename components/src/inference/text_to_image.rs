//! Text to image, as pure functions: which provider serves a model (the Hub's provider
//! mapping), the request for that provider's route on the router, and the image read back from
//! its answer. The browser layer ([`crate::use_text_to_image`]) only sends and receives.
//!
//! Routes, as `@huggingface/inference` calls them through the router:
//! - `hf-inference`: `POST {router}/hf-inference/models/<id>` with `{"inputs": prompt}`; the
//!   answer is the image's bytes (`Content-Type: image/...`).
//! - `nebius`: `POST {router}/nebius/v1/images/generations` with
//!   `{"prompt", "response_format": "b64_json", "model": <nebius id>}`; the answer is
//!   `{"data": [{"b64_json": ...}]}` (or `{"data": [{"url": ...}]}`).

use super::error::{classify_http_error, error_detail, InferenceError};
use crate::json::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;

/// The model asked when none is configured: served for text to image by `hf-inference`.
pub const DEFAULT_IMAGE_MODEL: &str = "black-forest-labs/FLUX.1-schnell";

/// A text-to-image provider whose route this crate calls.
///
/// # Usage
/// ```
/// use yew_hf_oauth::ImageProvider;
/// assert_eq!(ImageProvider::from_name("nebius"), Some(ImageProvider::Nebius));
/// assert_eq!(ImageProvider::HfInference.name(), "hf-inference");
/// assert_eq!(ImageProvider::from_name("fal-ai"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageProvider {
    /// Hugging Face's own `hf-inference`: image bytes back.
    HfInference,
    /// Nebius AI Studio: OpenAI-style `images/generations`, base64 JSON back.
    Nebius,
}

impl ImageProvider {
    /// Every provider this crate calls, in the order tried when none is asked for.
    pub const ALL: [ImageProvider; 2] = [ImageProvider::HfInference, ImageProvider::Nebius];

    /// The provider named `name` as the Hub and the router spell it; `None` when this crate
    /// does not call it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name.trim())
    }

    /// The name the Hub and the router use.
    pub fn name(self) -> &'static str {
        match self {
            Self::HfInference => "hf-inference",
            Self::Nebius => "nebius",
        }
    }
}

/// Where a model's image is made: the provider, and the model's id at that provider.
///
/// # Usage
/// ```
/// use yew_hf_oauth::{resolve_image_provider, ImageProvider};
/// let body = r#"{"inferenceProviderMapping":{"hf-inference":{"providerId":"a/b","status":"live","task":"text-to-image"}}}"#;
/// let route = resolve_image_provider(body, "a/b", None).unwrap();
/// assert_eq!(route.provider, ImageProvider::HfInference);
/// assert_eq!(route.provider_model, "a/b");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImageRoute {
    /// The provider that makes the image.
    pub provider: ImageProvider,
    /// The model's id at that provider (`providerId` in the Hub's mapping).
    pub provider_model: String,
}

/// The Hub API URL that gives `model`'s provider mapping:
/// `{hub}/api/models/<model>?expand[]=inferenceProviderMapping`. A blank hub means
/// [`crate::DEFAULT_HUB_URL`].
///
/// # Usage
/// ```
/// use yew_hf_oauth::provider_mapping_url;
/// assert_eq!(
///     provider_mapping_url("", "a/b"),
///     "https://huggingface.co/api/models/a/b?expand[]=inferenceProviderMapping"
/// );
/// ```
pub fn provider_mapping_url(hub_url: &str, model: &str) -> String {
    let hub = base(hub_url, crate::DEFAULT_HUB_URL);
    format!(
        "{hub}/api/models/{}?expand[]=inferenceProviderMapping",
        model.trim()
    )
}

/// Read the Hub's answer to [`provider_mapping_url`] and choose the provider: `wanted` when
/// given, else the first of [`ImageProvider::ALL`] that serves `model` for text to image.
///
/// The mapping is read in both shapes the Hub has used: an object keyed by provider, or a
/// list of entries with a `provider` member. Entries for another task, or with status
/// `error`, do not count. No provider this crate calls gives
/// [`InferenceError::ModelNotFound`], naming the model; an answer that is not a model
/// [`InferenceError::MalformedResponse`].
///
/// # Usage
/// ```
/// use yew_hf_oauth::{resolve_image_provider, ImageProvider, InferenceError};
/// let body = r#"{"inferenceProviderMapping":[
///   {"provider":"fal-ai","providerId":"fal/x","status":"live","task":"text-to-image"},
///   {"provider":"nebius","providerId":"nb/x","status":"live","task":"text-to-image"}]}"#;
/// let route = resolve_image_provider(body, "org/x", None).unwrap();
/// assert_eq!((route.provider, route.provider_model.as_str()), (ImageProvider::Nebius, "nb/x"));
/// let only_fal = resolve_image_provider(body, "org/x", Some("fal-ai"));
/// assert!(matches!(only_fal, Err(InferenceError::ModelNotFound { .. })));
/// ```
pub fn resolve_image_provider(
    body: &str,
    model: &str,
    wanted: Option<&str>,
) -> Result<ImageRoute, InferenceError> {
    let malformed = || {
        InferenceError::MalformedResponse("the Hub's model answer has no provider mapping".into())
    };
    let answer = Json::parse_object(body).ok_or_else(malformed)?;
    let mapping = answer.field("inferenceProviderMapping");
    let wanted = wanted.map(str::trim).filter(|w| !w.is_empty());
    let candidates: Vec<ImageProvider> = match wanted {
        Some(name) => ImageProvider::from_name(name).into_iter().collect(),
        None => ImageProvider::ALL.to_vec(),
    };
    for provider in candidates {
        let entry = mapping
            .as_ref()
            .and_then(|m| mapping_entry(m, provider.name()));
        if let Some(provider_model) = entry.as_ref().and_then(usable_provider_model) {
            return Ok(ImageRoute {
                provider,
                provider_model,
            });
        }
    }
    let callable = ImageProvider::ALL.map(ImageProvider::name).join(" or ");
    let detail = match wanted {
        Some(name) if ImageProvider::from_name(name).is_none() => format!(
            "the provider {name} is not one this site can call for text to image ({callable})"
        ),
        Some(name) => format!("{name} does not serve this model for text to image"),
        None => format!("neither {callable} serves this model for text to image"),
    };
    Err(InferenceError::ModelNotFound {
        model: model.trim().to_owned(),
        detail,
    })
}

/// The mapping's entry for `provider`, in either shape.
fn mapping_entry(mapping: &Json, provider: &str) -> Option<Json> {
    if let Some(items) = mapping.items() {
        return items
            .into_iter()
            .find(|item| item.str_field("provider").ok().flatten().as_deref() == Some(provider));
    }
    mapping.object_field(provider).ok().flatten()
}

/// The entry's `providerId` when it is a text-to-image entry that is not in error.
fn usable_provider_model(entry: &Json) -> Option<String> {
    let task = entry.str_field("task").ok().flatten();
    let status = entry.str_field("status").ok().flatten();
    if task.as_deref() != Some("text-to-image") || status.as_deref() == Some("error") {
        return None;
    }
    entry
        .str_field("providerId")
        .ok()
        .flatten()
        .filter(|id| !id.trim().is_empty())
}

/// The request that makes the image: the URL and the JSON body (sent with
/// `Content-Type: application/json` and the visitor's bearer).
///
/// # Usage
/// ```
/// use yew_hf_oauth::{image_request, resolve_image_provider};
/// let body = r#"{"inferenceProviderMapping":{"hf-inference":{"providerId":"a/b","task":"text-to-image"}}}"#;
/// let route = resolve_image_provider(body, "a/b", None).unwrap();
/// let request = image_request("", &route, "a red fox");
/// assert_eq!(request.url, "https://router.huggingface.co/hf-inference/models/a/b");
/// assert_eq!(request.body, r#"{"inputs":"a red fox"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImageRequest {
    /// Where to `POST`.
    pub url: String,
    /// The JSON body.
    pub body: String,
}

/// `hf-inference`'s body.
#[derive(Serialize)]
struct HfInferenceBody<'a> {
    inputs: &'a str,
}

/// An OpenAI-style `images/generations` body.
#[derive(Serialize)]
struct GenerationsBody<'a> {
    prompt: &'a str,
    response_format: &'a str,
    model: &'a str,
}

/// The request for `route` under the router `router_url` (blank: [`crate::DEFAULT_ROUTER_URL`];
/// a trailing `/v1` is dropped, as the chat URL keeps it and the image routes do not).
///
/// # Usage
/// See [`ImageRequest`].
pub fn image_request(router_url: &str, route: &ImageRoute, prompt: &str) -> ImageRequest {
    let router = base(router_url, crate::DEFAULT_ROUTER_URL);
    let router = router.strip_suffix("/v1").unwrap_or(&router);
    let model = route.provider_model.trim();
    let (url, body) = match route.provider {
        ImageProvider::HfInference => (
            format!("{router}/hf-inference/models/{model}"),
            serde_json::to_string(&HfInferenceBody { inputs: prompt }),
        ),
        ImageProvider::Nebius => (
            format!("{router}/nebius/v1/images/generations"),
            serde_json::to_string(&GenerationsBody {
                prompt,
                response_format: "b64_json",
                model,
            }),
        ),
    };
    ImageRequest {
        url,
        // Serializing strings cannot fail.
        body: body.unwrap_or_default(),
    }
}

/// A made image: its bytes with their media type, or a URL the provider serves it from.
///
/// # Usage
/// ```
/// use yew_hf_oauth::{decode_image_answer, GeneratedImage, ImageProvider};
/// let png = b"\x89PNG\r\n\x1a\n....".to_vec();
/// let image = decode_image_answer(ImageProvider::HfInference, 200, "image/png", png.clone(), "a/b");
/// assert_eq!(image, Ok(GeneratedImage::Bytes { bytes: png, content_type: "image/png".into() }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GeneratedImage {
    /// The image itself.
    Bytes {
        /// The encoded image (PNG, JPEG, WebP, ...).
        bytes: Vec<u8>,
        /// Its media type (`image/png`, ...).
        content_type: String,
    },
    /// An `https` URL that serves the image.
    Url(String),
}

/// Read the provider's answer: `status`, the `Content-Type` header and the body's bytes.
///
/// An error status reads as the chat's does (401 expires the
/// session, 402/403/429/5xx read the same); `model` is named in
/// [`InferenceError::ModelNotFound`]. A success that carries no image is
/// [`InferenceError::MalformedResponse`], or [`InferenceError::StreamError`] when it is an
/// `{"error": ...}` body.
///
/// # Usage
/// See [`GeneratedImage`].
pub fn decode_image_answer(
    provider: ImageProvider,
    status: u16,
    content_type: &str,
    body: Vec<u8>,
    model: &str,
) -> Result<GeneratedImage, InferenceError> {
    if !(200..300).contains(&status) {
        return Err(classify_http_error(
            status,
            &String::from_utf8_lossy(&body),
            None,
            model,
        ));
    }
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if media_type.starts_with("image/") && !body.is_empty() {
        return Ok(GeneratedImage::Bytes {
            bytes: body,
            content_type: media_type,
        });
    }
    let text = String::from_utf8_lossy(&body);
    let json = Json::parse_object(&text);
    if json.as_ref().and_then(|j| j.field("error")).is_some() {
        return Err(InferenceError::StreamError(error_detail(&text)));
    }
    match (provider, json) {
        (ImageProvider::Nebius, Some(answer)) => generations_image(&answer),
        _ => Err(InferenceError::MalformedResponse(format!(
            "expected an image from {}, got {}",
            provider.name(),
            if media_type.is_empty() {
                "no content type"
            } else {
                &media_type
            }
        ))),
    }
}

/// The first image of an `images/generations` answer: `b64_json` decoded, or an `https` URL.
fn generations_image(answer: &Json) -> Result<GeneratedImage, InferenceError> {
    let malformed = |why: &str| InferenceError::MalformedResponse(why.to_owned());
    let first = answer
        .array_field("data")
        .ok()
        .flatten()
        .and_then(|items| items.into_iter().next())
        .ok_or_else(|| malformed("the answer lists no image (`data` is empty or missing)"))?;
    if let Some(encoded) = first.str_field("b64_json").ok().flatten() {
        let bytes = STANDARD
            .decode(encoded.trim())
            .map_err(|_| malformed("the image's `b64_json` is not base64"))?;
        let content_type = sniff_image_type(&bytes)
            .ok_or_else(|| malformed("the decoded `b64_json` is not a PNG, JPEG, WebP or GIF"))?;
        return Ok(GeneratedImage::Bytes {
            bytes,
            content_type: content_type.to_owned(),
        });
    }
    match first.str_field("url").ok().flatten() {
        Some(url) if url.starts_with("https://") => Ok(GeneratedImage::Url(url)),
        Some(_) => Err(malformed("the image's `url` is not an https URL")),
        None => Err(malformed("the image has neither `b64_json` nor `url`")),
    }
}

/// The media type of an encoded image, read from its first bytes.
fn sniff_image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"GIF8") {
        Some("image/gif")
    } else {
        None
    }
}

/// A file name for the image made from `prompt`: its first words in lowercase ASCII joined by
/// `-` (at most 48 characters; `image` when none is left), and the extension of
/// `content_type`.
///
/// # Usage
/// ```
/// use yew_hf_oauth::image_file_name;
/// assert_eq!(image_file_name("A red fox, in snow!", "image/png"), "a-red-fox-in-snow.png");
/// assert_eq!(image_file_name("日本", "image/jpeg"), "image.jpg");
/// ```
pub fn image_file_name(prompt: &str, content_type: &str) -> String {
    let mut stem = String::new();
    for word in prompt
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if stem.len() + word.len() + 1 > 48 {
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(&word.to_ascii_lowercase());
    }
    if stem.is_empty() {
        stem.push_str("image");
    }
    let extension = match content_type {
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        "image/gif" => "gif",
        "image/svg+xml" => "svg",
        _ => "png",
    };
    format!("{stem}.{extension}")
}

/// `url` trimmed, without trailing `/`; `default` when blank.
fn base(url: &str, default: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    if url.is_empty() { default } else { url }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn route(provider: ImageProvider, id: &str) -> ImageRoute {
        ImageRoute {
            provider,
            provider_model: id.into(),
        }
    }

    #[test]
    fn the_mapping_url_names_the_model_under_the_hub() {
        assert_eq!(
            provider_mapping_url("http://127.0.0.1:9/", " org/m "),
            "http://127.0.0.1:9/api/models/org/m?expand[]=inferenceProviderMapping"
        );
    }

    #[test]
    fn the_mapping_is_read_keyed_by_provider_and_as_a_list() {
        let keyed = r#"{"id":"org/m","inferenceProviderMapping":{
            "fal-ai":{"providerId":"fal-ai/m","status":"live","task":"text-to-image"},
            "nebius":{"providerId":"nb/m","status":"live","task":"text-to-image"},
            "hf-inference":{"providerId":"org/m","status":"live","task":"text-to-image"}}}"#;
        let listed = r#"{"inferenceProviderMapping":[
            {"provider":"fal-ai","providerId":"fal-ai/m","status":"live","task":"text-to-image"},
            {"provider":"nebius","providerId":"nb/m","status":"staging","task":"text-to-image"}]}"#;
        assert_eq!(
            resolve_image_provider(keyed, "org/m", None),
            Ok(route(ImageProvider::HfInference, "org/m"))
        );
        assert_eq!(
            resolve_image_provider(keyed, "org/m", Some("nebius")),
            Ok(route(ImageProvider::Nebius, "nb/m"))
        );
        assert_eq!(
            resolve_image_provider(listed, "org/m", None),
            Ok(route(ImageProvider::Nebius, "nb/m"))
        );
    }

    #[test]
    fn entries_for_another_task_or_in_error_do_not_count() {
        let body = r#"{"inferenceProviderMapping":{
            "hf-inference":{"providerId":"org/m","status":"live","task":"text-generation"},
            "nebius":{"providerId":"nb/m","status":"error","task":"text-to-image"}}}"#;
        let Err(InferenceError::ModelNotFound { model, detail }) =
            resolve_image_provider(body, "org/m", None)
        else {
            panic!("expected ModelNotFound");
        };
        assert_eq!(model, "org/m");
        assert!(detail.contains("hf-inference or nebius"), "{detail}");
    }

    #[test]
    fn an_unknown_or_unmapped_provider_is_named() {
        let body = r#"{"inferenceProviderMapping":{
            "fal-ai":{"providerId":"fal-ai/m","status":"live","task":"text-to-image"}}}"#;
        for (wanted, says) in [
            (Some("fal-ai"), "fal-ai is not one this site can call"),
            (Some("nebius"), "nebius does not serve this model"),
            (None, "neither hf-inference or nebius"),
        ] {
            match resolve_image_provider(body, "org/m", wanted) {
                Err(InferenceError::ModelNotFound { detail, .. }) => {
                    assert!(detail.contains(says), "{wanted:?}: {detail}")
                }
                other => panic!("{wanted:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn an_answer_that_is_not_a_model_is_malformed() {
        for body in ["", "[]", "<html>", "42"] {
            assert!(
                matches!(
                    resolve_image_provider(body, "m", None),
                    Err(InferenceError::MalformedResponse(_))
                ),
                "{body:?}"
            );
        }
        // A model with no mapping at all serves nothing.
        assert!(matches!(
            resolve_image_provider(r#"{"id":"m"}"#, "m", None),
            Err(InferenceError::ModelNotFound { .. })
        ));
    }

    #[test]
    fn each_route_has_its_url_and_body() {
        let hf = image_request(
            "https://router.huggingface.co/v1/",
            &route(ImageProvider::HfInference, "org/m"),
            "a \"quoted\" fox",
        );
        assert_eq!(
            hf.url,
            "https://router.huggingface.co/hf-inference/models/org/m"
        );
        assert_eq!(hf.body, r#"{"inputs":"a \"quoted\" fox"}"#);
        let nebius = image_request("", &route(ImageProvider::Nebius, "nb/m"), "fox");
        assert_eq!(
            nebius.url,
            "https://router.huggingface.co/nebius/v1/images/generations"
        );
        assert_eq!(
            nebius.body,
            r#"{"prompt":"fox","response_format":"b64_json","model":"nb/m"}"#
        );
    }

    #[test]
    fn image_bytes_are_kept_with_their_media_type() {
        let image = decode_image_answer(
            ImageProvider::HfInference,
            200,
            "Image/JPEG; charset=binary",
            vec![0xFF, 0xD8, 0xFF, 0xE0],
            "m",
        );
        assert_eq!(
            image,
            Ok(GeneratedImage::Bytes {
                bytes: vec![0xFF, 0xD8, 0xFF, 0xE0],
                content_type: "image/jpeg".into()
            })
        );
    }

    #[test]
    fn base64_json_is_decoded_and_typed_from_its_bytes() {
        let body = format!(r#"{{"data":[{{"b64_json":"{}"}}]}}"#, STANDARD.encode(PNG));
        assert_eq!(
            decode_image_answer(
                ImageProvider::Nebius,
                200,
                "application/json",
                body.into(),
                "m"
            ),
            Ok(GeneratedImage::Bytes {
                bytes: PNG.to_vec(),
                content_type: "image/png".into()
            })
        );
        let url = r#"{"data":[{"url":"https://cdn.example/x.png"}]}"#;
        assert_eq!(
            decode_image_answer(
                ImageProvider::Nebius,
                200,
                "application/json",
                url.into(),
                "m"
            ),
            Ok(GeneratedImage::Url("https://cdn.example/x.png".into()))
        );
    }

    #[test]
    fn a_success_without_an_image_is_malformed() {
        for (provider, content_type, body) in [
            (ImageProvider::HfInference, "application/json", r#"{"x":1}"#),
            (ImageProvider::HfInference, "image/png", ""),
            (ImageProvider::HfInference, "", "hello"),
            (ImageProvider::Nebius, "application/json", r#"{"data":[]}"#),
            (
                ImageProvider::Nebius,
                "application/json",
                r#"{"data":[{"b64_json":"!!"}]}"#,
            ),
            (
                ImageProvider::Nebius,
                "application/json",
                r#"{"data":[{"b64_json":"aGVsbG8="}]}"#,
            ),
            (
                ImageProvider::Nebius,
                "application/json",
                r#"{"data":[{"url":"http://x/y.png"}]}"#,
            ),
            (
                ImageProvider::Nebius,
                "application/json",
                r#"{"data":[{}]}"#,
            ),
            (ImageProvider::Nebius, "text/plain", "not json"),
        ] {
            let decoded = decode_image_answer(provider, 200, content_type, body.into(), "m");
            assert!(
                matches!(decoded, Err(InferenceError::MalformedResponse(_))),
                "{provider:?} {body:?}: {decoded:?}"
            );
        }
    }

    #[test]
    fn an_error_inside_a_success_is_a_stream_error_with_the_server_s_words() {
        let decoded = decode_image_answer(
            ImageProvider::HfInference,
            200,
            "application/json",
            br#"{"error":"CUDA out of memory"}"#.to_vec(),
            "m",
        );
        assert_eq!(
            decoded,
            Err(InferenceError::StreamError("CUDA out of memory".into()))
        );
    }

    #[test]
    fn error_statuses_read_as_the_chat_s_do() {
        let body = br#"{"error":"nope"}"#;
        for provider in ImageProvider::ALL {
            let error = |status| {
                decode_image_answer(provider, status, "application/json", body.to_vec(), "org/m")
                    .unwrap_err()
            };
            assert!(error(401).is_auth_expired());
            assert!(matches!(error(402), InferenceError::PaymentRequired { .. }));
            assert!(matches!(error(403), InferenceError::Forbidden { .. }));
            assert_eq!(
                error(404),
                InferenceError::ModelNotFound {
                    model: "org/m".into(),
                    detail: "nope".into()
                }
            );
            assert!(matches!(error(429), InferenceError::RateLimited { .. }));
            assert_eq!(
                error(503),
                InferenceError::Unavailable {
                    status: 503,
                    detail: "nope".into()
                }
            );
        }
    }

    #[test]
    fn providers_are_known_by_name_only() {
        assert_eq!(
            ImageProvider::from_name(" hf-inference "),
            Some(ImageProvider::HfInference)
        );
        for unknown in ["", "HF-Inference", "fal-ai", "together", "replicate"] {
            assert_eq!(ImageProvider::from_name(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn file_names_are_short_ascii_words() {
        assert_eq!(image_file_name("  ", "image/webp"), "image.webp");
        assert_eq!(image_file_name("Fox", "image/gif"), "fox.gif");
        assert_eq!(image_file_name("Fox", "image/svg+xml"), "fox.svg");
        assert_eq!(
            image_file_name("../../etc/passwd", "text/html"),
            "etc-passwd.png"
        );
        let long = image_file_name(&"word ".repeat(40), "image/png");
        assert!(long.len() <= 48 + 4, "{long}");
        assert!(long.starts_with("word-word-"), "{long}");
    }
}
