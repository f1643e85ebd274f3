//! The shipped component is pre-initialised (`scalepoint-preinit`): what an
//! instance of the component as compiled builds on its first call (the
//! compiled schemas, ...) is already in the shipped one's initial memory, so
//! its first call has far less to allocate.
//!
//! Watched through the memory a fresh instance starts with and grows to:
//! counted in bytes by the engine, the same on every run and machine.

use std::path::Path;

use host_demo::runtime::{ComponentHost, MemorySizes};
use host_demo::{COMPONENT_WASM_PATH, UNINITIALISED_COMPONENT_WASM_PATH};
use scalepoint_e2e::read;

/// The memory of a fresh instance of the component at `path` that has
/// validated B1 once.
fn memory_of_a_first_call(path: &str) -> MemorySizes {
    let host = ComponentHost::from_file(Path::new(path)).unwrap();
    let b1 = read("examples/task-b1.json");
    host.call(|instance, store| {
        let report = instance
            .validation(&mut *store)?
            .call_validate_task(&mut *store, &b1)?;
        assert!(report.valid, "{:?}", report.issues);
        Ok(store.data().memory())
    })
    .unwrap()
}

#[test]
fn a_fresh_instance_of_the_shipped_component_starts_with_its_caches_built() {
    let uninitialised = UNINITIALISED_COMPONENT_WASM_PATH
        .expect("built by host-demo's build.rs (SCALEPOINT_COMPONENT_WASM is not set)");
    let raw = memory_of_a_first_call(uninitialised);
    let shipped = memory_of_a_first_call(COMPONENT_WASM_PATH);
    eprintln!(
        "one validate-task on B1 in a fresh instance: as compiled {raw:?}, shipped {shipped:?}"
    );

    // As compiled, the first call builds the task schema: memory grows.
    assert!(raw.now > raw.initial, "{raw:?}");
    // Shipped, the schemas of every kind are in the initial image...
    assert!(shipped.initial > raw.initial, "{shipped:?} {raw:?}");
    // ...and the first call only parses and checks.
    assert!(
        shipped.now - shipped.initial < raw.now - raw.initial,
        "{shipped:?} {raw:?}"
    );
}

/// The same compiled component always pre-initialises to the same bytes,
/// here in another process than `build.rs`'s: the shipped file can be
/// rebuilt from the compiled one and compared.
#[test]
fn pre_initialisation_is_reproducible() {
    let uninitialised = UNINITIALISED_COMPONENT_WASM_PATH
        .expect("built by host-demo's build.rs (SCALEPOINT_COMPONENT_WASM is not set)");
    let compiled = std::fs::read(uninitialised).unwrap();
    let shipped = std::fs::read(COMPONENT_WASM_PATH).unwrap();
    let again = scalepoint_preinit::pre_initialise(&compiled).unwrap();
    assert!(again == shipped, "pre-initialising again gave other bytes");
}

/// What `serve` asks of a fresh instance per SP1 request (B1 validated and
/// mapped with the Zurich settings of the golden case) fits in the memory a
/// fresh instance of the shipped component starts with. Growing the memory
/// costs a host with wasmtime's pooling allocator an `mprotect` per call and
/// another when the slot is recycled, each a TLB shootdown on every core:
/// under `serve` that was a tenth of the server's time (BENCHMARKS.md).
#[test]
fn an_sp1_task_is_validated_and_mapped_without_growing_the_memory() {
    let case = scalepoint_e2e::golden::mapping_case("b1");
    let options = scalepoint_e2e::convert::wit_mapping_options(&case.options);
    let b1 = read(&case.document);
    let host = ComponentHost::from_file(Path::new(COMPONENT_WASM_PATH)).unwrap();
    let memory = host
        .call(|instance, store| {
            let mapped = instance.mapping(&mut *store)?.call_validate_and_map_task(
                &mut *store,
                &b1,
                &options,
            )?;
            assert!(matches!(mapped, Ok(ref m) if m.report.valid && !m.work_orders.is_empty()));
            Ok(store.data().memory())
        })
        .unwrap();
    eprintln!("validate-and-map-task on B1 in a fresh instance: {memory:?}");
    assert_eq!(memory.now, memory.initial, "{memory:?}");
}
