//! Reading one HTTP/1.1 request from a socket: the request line and the body (by
//! `Content-Length`), the headers skipped. Shared by the loopback servers of the benchmark, the
//! first-paint check and `cargo xtask perf`.

use std::io::BufRead;

/// One request: its line (`POST /result HTTP/1.1`, line ending trimmed) and its body.
pub struct Request {
    /// The request line.
    pub line: String,
    /// The body, `Content-Length` bytes long.
    pub body: Vec<u8>,
}

impl Request {
    /// The request target (`/path?query`), `/` when the line has none.
    pub fn target(&self) -> &str {
        self.line.split(' ').nth(1).unwrap_or("/")
    }

    /// The target's path, without its query.
    pub fn path(&self) -> &str {
        self.target().split('?').next().unwrap_or("/")
    }
}

/// The next request on `reader`, or `None` when the client closed the connection first.
pub fn read_request(reader: &mut impl BufRead) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut content_length = 0usize;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        if header == "\r\n" || header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                content_length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; content_length];
    reader.read_exact(&mut body)?;
    Ok(Some(Request {
        line: line.trim_end().to_owned(),
        body,
    }))
}

#[cfg(test)]
mod tests {
    use super::read_request;

    #[test]
    fn reads_the_line_and_the_body_then_the_next_request_then_none() {
        let wire = "POST /result?x=1 HTTP/1.1\r\nHost: a\r\ncontent-length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n\r\n";
        let mut reader = std::io::BufReader::new(wire.as_bytes());
        let first = read_request(&mut reader).unwrap().unwrap();
        assert_eq!(first.line, "POST /result?x=1 HTTP/1.1");
        assert_eq!(first.target(), "/result?x=1");
        assert_eq!(first.path(), "/result");
        assert_eq!(first.body, b"hello");
        let second = read_request(&mut reader).unwrap().unwrap();
        assert_eq!(second.path(), "/");
        assert!(second.body.is_empty());
        assert!(read_request(&mut reader).unwrap().is_none());
    }
}
