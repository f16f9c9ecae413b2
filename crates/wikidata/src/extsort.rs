//! An external sort of text records: sorted runs of bounded size spilled to temporary files,
//! merged at the end, so the output of a dump of any size is sorted in bounded memory.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Collects records (no `\n` inside), spilling sorted runs of about `limit` bytes.
pub(crate) struct ExtSorter {
    buf: Vec<String>,
    bytes: usize,
    limit: usize,
    runs: Vec<File>,
    dir: PathBuf,
}

impl ExtSorter {
    /// A sorter spilling into `dir` once `limit` bytes are held.
    pub fn new(dir: &Path, limit: usize) -> ExtSorter {
        ExtSorter {
            buf: Vec::new(),
            bytes: 0,
            limit: limit.max(1 << 16),
            runs: Vec::new(),
            dir: dir.to_path_buf(),
        }
    }

    /// Adds a record.
    pub fn push(&mut self, rec: String) -> std::io::Result<()> {
        debug_assert!(!rec.contains('\n'));
        self.bytes += rec.len() + std::mem::size_of::<String>();
        self.buf.push(rec);
        if self.bytes >= self.limit {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        self.buf.sort_unstable();
        let mut f = tempfile::tempfile_in(&self.dir)?;
        {
            let mut w = BufWriter::with_capacity(1 << 20, &mut f);
            for r in self.buf.drain(..) {
                w.write_all(r.as_bytes())?;
                w.write_all(b"\n")?;
            }
            w.flush()?;
        }
        f.seek(SeekFrom::Start(0))?;
        self.runs.push(f);
        self.bytes = 0;
        self.buf = Vec::new();
        Ok(())
    }

    /// All records in order, exact duplicates once.
    pub fn finish(mut self) -> std::io::Result<Merged> {
        if self.runs.is_empty() {
            self.buf.sort_unstable();
            self.buf.dedup();
            return Ok(Merged {
                mem: self.buf.into_iter(),
                readers: Vec::new(),
                heap: BinaryHeap::new(),
                last: None,
            });
        }
        self.spill()?;
        let mut readers: Vec<BufReader<File>> = self
            .runs
            .into_iter()
            .map(|f| BufReader::with_capacity(1 << 16, f))
            .collect();
        let mut heap = BinaryHeap::new();
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some(l) = read_rec(r)? {
                heap.push(Reverse((l, i)));
            }
        }
        Ok(Merged {
            mem: Vec::new().into_iter(),
            readers,
            heap,
            last: None,
        })
    }
}

fn read_rec(r: &mut BufReader<File>) -> std::io::Result<Option<String>> {
    let mut s = String::new();
    if r.read_line(&mut s)? == 0 {
        return Ok(None);
    }
    if s.ends_with('\n') {
        s.pop();
    }
    Ok(Some(s))
}

/// The sorted records of an [`ExtSorter`].
pub(crate) struct Merged {
    mem: std::vec::IntoIter<String>,
    readers: Vec<BufReader<File>>,
    heap: BinaryHeap<Reverse<(String, usize)>>,
    last: Option<String>,
}

impl Iterator for Merged {
    type Item = std::io::Result<String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.readers.is_empty() {
            return self.mem.next().map(Ok);
        }
        loop {
            let Reverse((rec, i)) = self.heap.pop()?;
            match read_rec(&mut self.readers[i]) {
                Ok(Some(l)) => self.heap.push(Reverse((l, i))),
                Ok(None) => {}
                Err(e) => return Some(Err(e)),
            }
            if self.last.as_ref() == Some(&rec) {
                continue;
            }
            self.last = Some(rec.clone());
            return Some(Ok(rec));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_across_runs_and_drops_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = ExtSorter::new(dir.path(), 1);
        for i in (0..5000u32).rev() {
            s.push(format!("{:05}", i % 2500)).unwrap();
        }
        let out: Vec<String> = s.finish().unwrap().map(Result::unwrap).collect();
        assert_eq!(out.len(), 2500);
        assert!(out.windows(2).all(|w| w[0] < w[1]));
    }
}
