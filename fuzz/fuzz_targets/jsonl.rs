//! JSONL input: one `{"id","date","lang"?,"title"?,"url"?,"text"}` object a line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vedetta_fuzz::{read_all, small_opts};
use vedetta_ingest::Format;

fuzz_target!(|data: &[u8]| {
    let flag = data.first().copied().unwrap_or(0);
    read_all(data, "fuzz.jsonl", Some(Format::Jsonl), small_opts(flag));
});
