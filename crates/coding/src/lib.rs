//! Event coding: PLOVER event types and modes, actor/recipient, auxiliary mode, attribution.
//!
//! Empty until the event-coding issue: the stages before it (`ingest`, `analysis`,
//! `mentions`) produce what this crate will read.

pub use vedetta_model as model;
