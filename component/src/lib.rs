//! Bindings only: WIT values in, `scalepoint-core` does the work, WIT values
//! out. Nothing here decides anything about documents.

mod case_client;
mod convert;
mod mapping;
mod service_partner;
mod validation;

wit_bindgen::generate!({
    path: "../wit",
    world: "integration",
});

/// The component. Each exported interface is implemented in a module of
/// its own (`validation.rs`, ...).
pub struct Component;

export!(Component);

/// Parsing a document into `serde_json::Value` is mostly small allocations;
/// talc serves them faster than the default wasm allocator (dlmalloc), which
/// keeps validation in the component close to native (BENCHMARKS.md).
/// Single-threaded: the component has no threads.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
