//! Pure inference logic: chat request, SSE event parsing, error classification. Runs natively.
