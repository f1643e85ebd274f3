//! Everything the validators and the mapper build on their first use, built
//! at once: the compiled schemas, A2's invoice schema, the task's field list.
//!
//! Each of those is cached for the life of the process (for the component,
//! the life of an instance), and a fresh instance per call would build them
//! again on every call: about ten times the work of the validation itself.
//! The component's build runs this ahead and snapshots the result into the
//! shipped `.wasm` (wizer), so every instance starts with them built.
//! Nothing here calls out of the sandbox: no clock, no randomness, no I/O.

use crate::kind::DocumentKind;

/// Builds every lazily built cache now.
pub fn warm_up() {
    for kind in DocumentKind::ALL {
        kind.schema();
    }
    crate::validate::invoice_schema();
    crate::mapping::warm_up();
}
