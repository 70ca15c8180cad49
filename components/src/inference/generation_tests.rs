//! The generation core, event by event: the same sequences a transport delivers.

use super::*;
use crate::inference::stream::{StreamAssembler, Usage};

fn generation() -> Generation<StreamAssembler> {
    Generation::new(StreamAssembler::new(), "google/gemma-2-2b-it", 1_000.0)
}

fn head(status: u16) -> ChatTransportEvent {
    ChatTransportEvent::Head {
        status,
        retry_after: None,
    }
}

fn chunk(text: &str) -> ChatTransportEvent {
    ChatTransportEvent::Chunk(text.as_bytes().to_vec())
}

fn delta(token: &str) -> ChatTransportEvent {
    chunk(&format!(
        "data: {{\"choices\":[{{\"delta\":{{\"content\":\"{token}\"}}}}]}}\n\n"
    ))
}

/// The outcome of an `Ended` update; panics on any other.
fn ended(update: GenerationUpdate) -> (Outcome, bool) {
    match update {
        GenerationUpdate::Ended { outcome, abort } => (outcome, abort),
        other => panic!("expected the end, got {other:?}"),
    }
}

#[test]
fn a_stream_grows_then_ends_done_with_its_timings() {
    let mut g = generation();
    assert_eq!(g.on_event(head(200), 1_010.0), GenerationUpdate::Nothing);
    assert_eq!(
        g.on_event(delta("Hel"), 1_200.0),
        GenerationUpdate::Grew { first: true }
    );
    assert_eq!(
        g.on_event(delta("lo"), 1_700.0),
        GenerationUpdate::Grew { first: false }
    );
    // A keep-alive comment adds nothing to show.
    assert_eq!(
        g.on_event(chunk(": ping\n\n"), 1_800.0),
        GenerationUpdate::Nothing
    );
    assert_eq!(
        g.on_event(delta("!"), 2_200.0),
        GenerationUpdate::Grew { first: false }
    );
    assert_eq!(g.text(), "Hello!");
    g.on_event(chunk("data: [DONE]\n\n"), 2_200.0);
    let (outcome, abort) = ended(g.on_event(ChatTransportEvent::End, 3_000.0));
    assert!(!abort, "the transport ended by itself");
    assert_eq!(outcome.status, InferenceStatus::Done);
    let metrics = outcome.metrics;
    assert_eq!(metrics.time_to_first_token_ms, Some(200.0));
    assert_eq!(metrics.total_ms, 2_000.0);
    assert_eq!(metrics.tokens, 3);
    // Two tokens after the first, in 1.8 s.
    let rate = metrics.tokens_per_second.unwrap();
    assert!((rate - 2.0 / 1.8).abs() < 1e-9, "{rate}");
    assert!(g.is_ended());
}

#[test]
fn the_servers_usage_and_finish_reason_win_over_counted_deltas() {
    let mut g = generation();
    g.on_event(head(200), 1_000.0);
    g.on_event(delta("a"), 1_100.0);
    g.on_event(
        chunk("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":9}}\n\n"),
        1_200.0,
    );
    let (outcome, _) = ended(g.on_event(ChatTransportEvent::End, 2_100.0));
    assert_eq!(outcome.status, InferenceStatus::Done);
    assert_eq!(outcome.metrics.tokens, 9);
    assert_eq!(outcome.metrics.finish_reason.as_deref(), Some("length"));
    assert_eq!(
        outcome.metrics.usage,
        Some(Usage {
            prompt_tokens: 3,
            completion_tokens: 9,
            total_tokens: 12
        })
    );
}

#[test]
fn an_error_event_mid_stream_fails_keeps_the_partial_answer_and_asks_to_abort() {
    let mut g = generation();
    g.on_event(head(200), 1_000.0);
    g.on_event(delta("Before"), 1_100.0);
    let (outcome, abort) = ended(g.on_event(
        chunk("data: {\"error\":{\"message\":\"Input validation error\"}}\n\n"),
        1_200.0,
    ));
    assert!(
        abort,
        "the transport is still running and must be cancelled"
    );
    assert_eq!(
        outcome.status,
        InferenceStatus::Failed(InferenceError::StreamError("Input validation error".into()))
    );
    assert_eq!(g.text(), "Before");
    // Whatever the transport still delivers is ignored.
    assert_eq!(
        g.on_event(delta("after"), 1_300.0),
        GenerationUpdate::Nothing
    );
    assert_eq!(
        g.on_event(ChatTransportEvent::End, 1_400.0),
        GenerationUpdate::Nothing
    );
    assert_eq!(g.text(), "Before");
}

#[test]
fn a_401_event_mid_stream_is_an_expired_session() {
    let mut g = generation();
    g.on_event(head(200), 1_000.0);
    g.on_event(delta("Half"), 1_100.0);
    let (outcome, _) = ended(g.on_event(
        chunk("data: {\"error\":{\"message\":\"expired\",\"code\":401}}\n\n"),
        1_200.0,
    ));
    match outcome.status {
        InferenceStatus::Failed(error) => assert!(error.is_auth_expired(), "{error:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_stream_that_stops_short_is_truncated_with_its_partial_answer() {
    let mut g = generation();
    g.on_event(head(200), 1_000.0);
    g.on_event(delta("Partial"), 1_100.0);
    g.on_event(
        chunk("data: {\"choices\":[{\"delta\":{\"content\":\" ans"),
        1_150.0,
    );
    let (outcome, abort) = ended(g.on_event(ChatTransportEvent::End, 1_200.0));
    assert!(!abort);
    assert_eq!(
        outcome.status,
        InferenceStatus::Failed(InferenceError::Truncated)
    );
    assert_eq!(g.text(), "Partial");
}

#[test]
fn an_error_status_buffers_its_body_across_chunks_and_classifies_it() {
    let mut g = generation();
    g.on_event(
        ChatTransportEvent::Head {
            status: 429,
            retry_after: Some("30".into()),
        },
        1_000.0,
    );
    // The body is split mid-word: it is read whole, never as a stream.
    assert_eq!(
        g.on_event(chunk(r#"{"error":"Rate li"#), 1_010.0),
        GenerationUpdate::Nothing
    );
    assert_eq!(
        g.on_event(chunk(r#"mit reached"}"#), 1_020.0),
        GenerationUpdate::Nothing
    );
    assert_eq!(g.text(), "", "an error body is not an answer");
    let (outcome, abort) = ended(g.on_event(ChatTransportEvent::End, 1_030.0));
    assert!(!abort);
    let InferenceStatus::Failed(error) = outcome.status else {
        panic!("{:?}", outcome.status);
    };
    assert_eq!(
        error,
        classify_http_error(
            429,
            r#"{"error":"Rate limit reached"}"#,
            Some("30"),
            "google/gemma-2-2b-it"
        )
    );
    assert!(
        error.message().contains("retry in 30 s"),
        "{}",
        error.message()
    );
    assert_eq!(outcome.metrics.tokens, 0);
    assert_eq!(outcome.metrics.time_to_first_token_ms, None);
}

#[test]
fn an_error_body_is_kept_up_to_its_limit() {
    let mut g = generation();
    g.on_event(head(500), 1_000.0);
    for _ in 0..3 {
        g.on_event(
            ChatTransportEvent::Chunk(vec![b'x'; MAX_ERROR_BODY_BYTES / 2]),
            1_000.0,
        );
    }
    assert_eq!(g.error_body.len(), MAX_ERROR_BODY_BYTES);
    let (outcome, _) = ended(g.on_event(ChatTransportEvent::End, 1_000.0));
    let kept = "x".repeat(MAX_ERROR_BODY_BYTES);
    assert_eq!(
        outcome.status,
        InferenceStatus::Failed(classify_http_error(
            500,
            &kept,
            None,
            "google/gemma-2-2b-it"
        ))
    );
    assert!(g.error_body.is_empty(), "the body is dropped once read");
}

#[test]
fn the_model_is_named_in_a_404() {
    let mut g = Generation::new(StreamAssembler::new(), "acme/missing:fastest", 0.0);
    g.on_event(head(404), 0.0);
    g.on_event(chunk(r#"{"error":"Model not found"}"#), 0.0);
    let (outcome, _) = ended(g.on_event(ChatTransportEvent::End, 0.0));
    let InferenceStatus::Failed(error) = outcome.status else {
        panic!()
    };
    assert!(
        error.message().contains("acme/missing:fastest"),
        "{}",
        error.message()
    );
}

#[test]
fn a_network_failure_ends_it_with_what_was_read() {
    let mut g = generation();
    g.on_event(head(200), 1_000.0);
    g.on_event(delta("so far"), 1_100.0);
    let (outcome, abort) = ended(g.on_event(
        ChatTransportEvent::Failed("Failed to fetch".into()),
        1_200.0,
    ));
    assert!(!abort);
    assert_eq!(
        outcome.status,
        InferenceStatus::Failed(InferenceError::Network("Failed to fetch".into()))
    );
    assert_eq!(g.text(), "so far");
}

#[test]
fn stop_keeps_the_partial_answer_once() {
    let mut g = generation();
    g.on_event(head(200), 1_000.0);
    g.on_event(delta("t0 "), 1_100.0);
    g.on_event(delta("t1 "), 1_200.0);
    let outcome = g.stop(1_500.0).expect("it was running");
    assert_eq!(outcome.status, InferenceStatus::Stopped);
    assert_eq!(outcome.metrics.tokens, 2);
    assert_eq!(outcome.metrics.time_to_first_token_ms, Some(100.0));
    assert_eq!(g.text(), "t0 t1 ");
    assert_eq!(g.stop(1_600.0), None, "a second stop reports nothing");
    assert_eq!(g.on_event(delta("t2 "), 1_700.0), GenerationUpdate::Nothing);
    assert_eq!(g.text(), "t0 t1 ");
}

#[test]
fn a_whole_json_answer_is_read_at_the_end() {
    let mut g = generation();
    g.on_event(head(200), 1_000.0);
    let body = r#"{"choices":[{"index":0,"message":{"role":"assistant","content":"Whole"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"#;
    assert_eq!(g.on_event(chunk(body), 1_100.0), GenerationUpdate::Nothing);
    let (outcome, _) = ended(g.on_event(ChatTransportEvent::End, 1_200.0));
    assert_eq!(outcome.status, InferenceStatus::Done);
    assert_eq!(g.text(), "Whole");
    assert_eq!(outcome.metrics.tokens, 2);
}

#[test]
fn garbage_is_a_malformed_answer() {
    let mut g = generation();
    g.on_event(head(200), 1_000.0);
    g.on_event(chunk("<html>Bad gateway</html>"), 1_100.0);
    let (outcome, _) = ended(g.on_event(ChatTransportEvent::End, 1_200.0));
    assert!(matches!(
        outcome.status,
        InferenceStatus::Failed(InferenceError::MalformedResponse(_))
    ));
}
