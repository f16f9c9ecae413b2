//! The seed text format (`date YYYY-MM[-DD]` then the article) and plain text, read as a
//! `.txt` file and as sniffed stdin.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vedetta_fuzz::{read_all, small_opts};
use vedetta_ingest::Format;

fuzz_target!(|data: &[u8]| {
    let flag = data.first().copied().unwrap_or(0);
    for d in read_all(data, "fuzz.txt", Some(Format::Text), small_opts(flag)) {
        assert!(!d.text.trim().is_empty(), "a text document without text");
    }
    read_all(data, "-", None, small_opts(flag));
});
