//! Bindings only: WIT values in, `scalepoint-core` does the work, WIT values
//! out. Nothing here decides anything about documents.

mod case_client;
mod convert;
mod mapping;
mod service_partner;
mod validation;
#[cfg(all(target_arch = "wasm32", target_os = "wasi"))]
mod without_stdio;

// The published world, plus one export the build calls (wizer's default
// name): see `Guest::wizer_initialize` below. It lives in a package of the
// guest's own so the contract in `wit/` stays what hosts implement.
wit_bindgen::generate!({
    inline: r#"
        package scalepoint:guest;

        world guest {
            include scalepoint:integration/integration@0.1.0;
            /// Builds every cache a first call would (compiled schemas,
            /// ...), for the build to snapshot. In the shipped component
            /// it has nothing left to do.
            export wizer-initialize: func();
        }
    "#,
    path: "../wit",
    world: "scalepoint:guest/guest",
    generate_all,
});

/// Small blocks from free lists per size class (`scalepoint-guest-alloc`);
/// only in the guest (one thread).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: scalepoint_guest_alloc::SizeClasses = scalepoint_guest_alloc::SizeClasses::new();

/// The component. Each exported interface is implemented in a module of
/// its own (`validation.rs`, ...).
pub struct Component;

export!(Component);

/// Pre-initialisation: `host-demo/build.rs` instantiates the component built
/// from this crate, calls this, snapshots the instance's memory into a new
/// component (wasmtime's wizer), and ships that. Every
/// instance of the shipped component then starts with the caches built.
impl Guest for Component {
    fn wizer_initialize() {
        scalepoint_core::warm_up();
        reserve_heap_headroom();
    }
}

/// Free heap every instance of the shipped component starts with.
///
/// A call that outgrows the heap grows the linear memory, and a host with
/// wasmtime's pooling allocator (ours, and what a server embedding the
/// component should use) pays an `mprotect` for it and another when the
/// slot is recycled, each a TLB shootdown on every core. An SP1 task
/// (validated and mapped) needed one more 64 KiB page; this leaves room for
/// documents many times larger. Pages of it a call never touches cost
/// nothing: the snapshot stores no zero pages, and a slot resets only what
/// was dirtied.
const HEAP_HEADROOM: usize = 1 << 20;

/// Grows the heap by `HEAP_HEADROOM` while the build snapshots the instance,
/// and hands it back to the allocator, which keeps it as free space.
fn reserve_heap_headroom() {
    let block: Vec<u8> = Vec::with_capacity(HEAP_HEADROOM);
    // Kept observable, so the allocation is not optimised away.
    std::hint::black_box(&block);
}
