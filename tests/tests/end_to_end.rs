//! The end-to-end tests, one module per concern, in one binary: each test
//! binary links all of wasmtime, and one process compiles the component once
//! for all of them. Run one concern with a filter, e.g.
//! `cargo test -p scalepoint-e2e --test end_to_end fuzz_corpus::`.

mod bad_input;
mod fixture_tables;
mod fuzz_corpus;
mod mapping;
mod preinit;
mod sandbox;
mod service_partner;
mod spec_examples;
