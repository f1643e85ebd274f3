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
