//! Native throughput of the stream assembler, a measurement rather than a check:
//! `cargo test --release -p yew-hf-oauth --lib sse_throughput -- --ignored --nocapture`.

use super::StreamAssembler;

#[test]
#[ignore = "a measurement: run it with --ignored --nocapture"]
fn sse_throughput() {
    let mut body = Vec::new();
    for i in 0..20_000 {
        body.extend_from_slice(
            format!("data: {{\"object\":\"chat.completion.chunk\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"w{} \"}}}}]}}\n\n", i % 10).as_bytes(),
        );
    }
    body.extend_from_slice(b"data: [DONE]\n\n");
    let start = std::time::Instant::now();
    let rounds = 20;
    for _ in 0..rounds {
        let mut assembler = StreamAssembler::new();
        for chunk in body.chunks(16 * 1024) {
            assembler.push(chunk).unwrap();
        }
        assembler.finish().unwrap();
        assert_eq!(assembler.text().len(), 60_000);
    }
    let per_stream = start.elapsed() / rounds;
    println!(
        "20,000 events ({} bytes): {per_stream:?} per stream, {:?} per event",
        body.len(),
        per_stream / 20_000
    );
}
