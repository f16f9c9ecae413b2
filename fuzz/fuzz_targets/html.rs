//! HTML pages: readability main text, title, date and URL from the metadata.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vedetta_fuzz::{read_all, small_opts};
use vedetta_ingest::Format;

fuzz_target!(|data: &[u8]| {
    let flag = data.first().copied().unwrap_or(0);
    read_all(data, "fuzz.html", Some(Format::Html), small_opts(flag & !1));
});
