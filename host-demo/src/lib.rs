//! A host for the Scalepoint component: one wasmtime `Engine`, one `Linker`,
//! one `InstancePre`; a fresh, sandboxed instance per call.

pub mod bench;
pub mod cli;
pub mod report;
pub mod runtime;

/// The component built from this workspace by `build.rs`.
pub const COMPONENT_WASM_PATH: &str = env!("SCALEPOINT_COMPONENT_WASM");
