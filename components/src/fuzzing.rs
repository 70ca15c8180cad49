//! The pure parsers, for the fuzz targets of `fuzz/` only: this module exists only when built
//! with `--cfg fuzzing` (as cargo-fuzz builds) and is not part of the crate's API.

pub use crate::auth::callback::{
    parse_callback_query, return_path_of, safe_return_path, strip_callback_params, CallbackParams,
    CALLBACK_PARAMS,
};
pub use crate::auth::endpoints::ProviderEndpoints;
pub use crate::auth::id_token::{decode_id_token, verify_claims, verify_id_token};
pub use crate::auth::token::parse_token_response;
pub use crate::auth::userinfo_response::parse_userinfo;
pub use crate::inference::error::parse_retry_after;
pub use crate::inference::sse::{SseError, SseEvent, SseParser, DEFAULT_MAX_LINE_BYTES};
pub use crate::inference::stream::StreamItem;
pub use crate::inference::stream::{parse_chunk_event, parse_non_streaming_response};
pub use crate::inference::{classify_http_error, StreamAssembler};
pub use crate::text::{quote_value, MAX_ERROR_BODY_CHARS};
