//! host-demo's integration tests, one module per concern, in one binary:
//! each test binary links all of wasmtime, so seven of them cost CI seven
//! links and seven copies on disk for nothing.

mod browser;
mod case_submit;
mod cli;
mod outbox;
mod send;
mod server;
mod server_common;
mod server_crash;
