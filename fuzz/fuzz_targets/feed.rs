//! RSS 0.9x/1.0/2.0, Atom and RDF feeds: one document per entry.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vedetta_fuzz::{read_all, small_opts};
use vedetta_ingest::Format;

fuzz_target!(|data: &[u8]| {
    let flag = data.first().copied().unwrap_or(0);
    read_all(data, "fuzz.rss", Some(Format::Feed), small_opts(flag & !1));
});
