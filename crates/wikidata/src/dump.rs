//! Opening a Wikidata JSON dump and reading it line by line with a bound on the line length.
//!
//! The real format: the first line is `[`, then one entity per line, each but the last ending
//! with `,`, and a last line `]`. Compressed dumps are multi-stream (`pbzip2`, concatenated
//! gzip members), so the multi-member decoders are used.

use crate::WikidataError;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How a dump is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain JSON.
    None,
    /// gzip (`.gz`).
    Gzip,
    /// bzip2 (`.bz2`).
    Bzip2,
}

impl Compression {
    /// From the file name's extension; then from the first bytes (`1f 8b` gzip, `BZh` bzip2).
    pub fn detect(path: &Path, head: &[u8]) -> Compression {
        let name = path.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".gz") || head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if name.ends_with(".bz2") || head.starts_with(b"BZh") {
            Compression::Bzip2
        } else {
            Compression::None
        }
    }
}

/// A reader that counts the bytes read through it (the compressed input, for progress).
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// What [`DumpReader::next_line`] read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRead {
    /// A line (1-based number) is in the buffer, without its line break.
    Line(u64),
    /// The line (1-based number) was longer than the limit: it was skipped without being held;
    /// the second value is its length in bytes.
    TooLong(u64, u64),
}

/// A dump being read line by line.
pub struct DumpReader {
    inner: Box<dyn BufRead + Send>,
    input_bytes: Arc<AtomicU64>,
    uncompressed: u64,
    line: u64,
    max_line: usize,
    /// Display name of the input (for errors).
    pub name: String,
    /// Size of the input file in bytes, when known (for the progress bar).
    pub input_len: Option<u64>,
}

impl DumpReader {
    /// Opens a dump file, compressed or not (by extension or magic bytes). Lines longer than
    /// `max_line` bytes are skipped and reported.
    pub fn open(path: &Path, max_line: usize) -> Result<DumpReader, WikidataError> {
        let io = |e| WikidataError::io(path.display(), e);
        let mut f = std::fs::File::open(path).map_err(io)?;
        let len = f.metadata().map(|m| m.len()).ok();
        let mut head = [0u8; 3];
        let n = read_up_to(&mut f, &mut head).map_err(io)?;
        drop(f);
        let comp = Compression::detect(path, &head[..n]);
        let f = std::fs::File::open(path).map_err(io)?;
        let mut r = DumpReader::from_reader(f, &path.display().to_string(), comp, max_line);
        r.input_len = len;
        Ok(r)
    }

    /// Wraps any reader (a file, a byte slice in tests).
    pub fn from_reader<R: Read + Send + 'static>(
        r: R,
        name: &str,
        comp: Compression,
        max_line: usize,
    ) -> DumpReader {
        let input_bytes = Arc::new(AtomicU64::new(0));
        let counted = Counting {
            inner: r,
            count: input_bytes.clone(),
        };
        const BUF: usize = 1 << 20;
        let inner: Box<dyn BufRead + Send> = match comp {
            Compression::None => Box::new(BufReader::with_capacity(BUF, counted)),
            Compression::Gzip => Box::new(BufReader::with_capacity(
                BUF,
                flate2::read::MultiGzDecoder::new(BufReader::with_capacity(BUF, counted)),
            )),
            Compression::Bzip2 => Box::new(BufReader::with_capacity(
                BUF,
                bzip2::read::MultiBzDecoder::new(BufReader::with_capacity(BUF, counted)),
            )),
        };
        DumpReader {
            inner,
            input_bytes,
            uncompressed: 0,
            line: 0,
            max_line: max_line.max(1),
            name: name.to_string(),
            input_len: None,
        }
    }

    /// A shared counter of the input bytes read so far (compressed bytes for compressed input).
    pub fn input_counter(&self) -> Arc<AtomicU64> {
        self.input_bytes.clone()
    }

    /// Lines read so far.
    pub fn line_count(&self) -> u64 {
        self.line
    }

    /// Uncompressed bytes read so far.
    pub fn uncompressed_bytes(&self) -> u64 {
        self.uncompressed
    }

    /// Reads the next line into `buf` (cleared first; without `\n`/`\r\n`). `Ok(None)` at the
    /// end. A line over the limit is consumed without being stored and reported as
    /// [`LineRead::TooLong`].
    pub fn next_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Option<LineRead>> {
        buf.clear();
        self.append_line(buf)
    }

    /// Like [`DumpReader::next_line`], but appends the line to `buf` (whose earlier content
    /// stays); a line over the limit leaves `buf` as it was.
    pub fn append_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Option<LineRead>> {
        let base = buf.len();
        let mut too_long = false;
        let mut len: u64 = 0;
        let mut any = false;
        loop {
            let avail = match self.inner.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let (chunk, done) = match memchr::memchr(b'\n', avail) {
                Some(i) => (&avail[..i], Some(i + 1)),
                None => (avail, None),
            };
            len += chunk.len() as u64;
            if !too_long {
                if buf.len() - base + chunk.len() <= self.max_line {
                    buf.extend_from_slice(chunk);
                } else {
                    too_long = true;
                    buf.truncate(base);
                }
            }
            let used = done.unwrap_or(avail.len());
            self.inner.consume(used);
            self.uncompressed += used as u64;
            if done.is_some() {
                break;
            }
        }
        self.line += 1;
        if too_long {
            return Ok(Some(LineRead::TooLong(self.line, len)));
        }
        if buf.len() > base && buf.last() == Some(&b'\r') {
            buf.pop();
        }
        Ok(Some(LineRead::Line(self.line)))
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// The byte range of the entity JSON within a dump line (see [`entity_json`]).
pub fn entity_range(line: &[u8]) -> Option<std::ops::Range<usize>> {
    let j = entity_json(line)?;
    let start = j.as_ptr() as usize - line.as_ptr() as usize;
    Some(start..start + j.len())
}

/// The entity JSON of a dump line: trimmed, without the trailing `,`; `None` for the `[` and
/// `]` lines and blank lines.
pub fn entity_json(line: &[u8]) -> Option<&[u8]> {
    let mut s = line;
    while let [rest @ .., last] = s {
        if last.is_ascii_whitespace() || *last == b',' {
            s = rest;
        } else {
            break;
        }
    }
    while let [first, rest @ ..] = s {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    match s {
        b"" | b"[" | b"]" => None,
        _ => Some(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(data: &'static [u8], max: usize) -> Vec<(LineRead, String)> {
        let mut r = DumpReader::from_reader(data, "t", Compression::None, max);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(l) = r.next_line(&mut buf).unwrap() {
            out.push((l, String::from_utf8(buf.clone()).unwrap()));
        }
        out
    }

    #[test]
    fn long_lines_are_skipped_not_held() {
        let got = lines(b"[\n{\"a\":1},\n0123456789abcdef,\n{}\r\n]", 10);
        assert_eq!(got[0], (LineRead::Line(1), "[".into()));
        assert_eq!(got[1], (LineRead::Line(2), "{\"a\":1},".into()));
        assert_eq!(got[2].0, LineRead::TooLong(3, 17));
        assert_eq!(got[3], (LineRead::Line(4), "{}".into()));
        assert_eq!(got[4], (LineRead::Line(5), "]".into()));
        assert_eq!(got.len(), 5);
    }

    #[test]
    fn entity_json_strips_the_array_syntax() {
        assert_eq!(entity_json(b"["), None);
        assert_eq!(entity_json(b" ]"), None);
        assert_eq!(entity_json(b"{\"id\":1},"), Some(&b"{\"id\":1}"[..]));
        assert_eq!(entity_json(b"{\"id\":1}"), Some(&b"{\"id\":1}"[..]));
    }
}
