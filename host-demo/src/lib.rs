//! A host for the Scalepoint component: one wasmtime `Engine`, one `Linker`,
//! one `InstancePre`; a fresh, sandboxed instance per call.

pub mod artefact_cache;
pub mod bench;
pub mod case;
pub mod cli;
pub mod demo;
pub mod http;
pub mod imports;
pub mod load;
pub mod outbox;
pub mod output;
pub mod overview;
pub mod report;
pub mod runtime;
pub mod send;
pub mod server;
pub mod signer;
pub mod stand_in;
pub mod store;

/// The component built from this workspace by `build.rs`, pre-initialised:
/// the one to ship.
pub const COMPONENT_WASM_PATH: &str = env!("SCALEPOINT_COMPONENT_WASM");

/// The same component as compiled, before pre-initialisation; not set when
/// `SCALEPOINT_COMPONENT_WASM` named a prebuilt component.
pub const UNINITIALISED_COMPONENT_WASM_PATH: Option<&str> =
    option_env!("SCALEPOINT_COMPONENT_UNINITIALISED_WASM");
