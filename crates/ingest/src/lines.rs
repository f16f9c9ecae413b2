//! Line reading with a size bound: a 50 MB line is skipped and reported, not held in memory.

use std::io::BufRead;

/// One line from [`BoundedLines`].
#[derive(Debug)]
pub enum Line {
    /// The line's bytes, without the newline.
    Ok(Vec<u8>),
    /// The line was longer than the limit; its length in bytes.
    TooLong(usize),
}

/// Iterates lines of a reader, refusing (and skipping) lines over `limit` bytes.
pub struct BoundedLines<R> {
    r: R,
    limit: usize,
    /// 1-based number of the line last returned.
    pub line_no: usize,
    done: bool,
}

impl<R: BufRead> BoundedLines<R> {
    /// Wraps a reader.
    pub fn new(r: R, limit: usize) -> Self {
        BoundedLines {
            r,
            limit,
            line_no: 0,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for BoundedLines<R> {
    type Item = std::io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut buf = Vec::new();
        let mut len = 0usize;
        let mut too_long = false;
        loop {
            let chunk = match self.r.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            if chunk.is_empty() {
                self.done = true;
                if len == 0 {
                    return None;
                }
                break;
            }
            let (take, found) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            let part = if found {
                &chunk[..take - 1]
            } else {
                &chunk[..take]
            };
            len += part.len();
            if len > self.limit {
                too_long = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(part);
            }
            self.r.consume(take);
            if found {
                break;
            }
        }
        self.line_no += 1;
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        Some(Ok(if too_long {
            Line::TooLong(len)
        } else {
            Line::Ok(buf)
        }))
    }
}
