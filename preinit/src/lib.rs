//! Pre-initialising the component at build time with wasmtime's wizer.
//!
//! The guest exports `wizer-initialize`, which builds every cache a first
//! call would build (compiled schemas and the like, `scalepoint_core::warm_up`).
//! This runs it once in an instance of the built component, snapshots that
//! instance's memory and globals into a new component.
//! A fresh instance of the result starts warm: whatever host loads it (this
//! repository's wasmtime host, jco, wasmtime-py, Spin), with no step of its own.
//!
//! wizer's own driver needs wasmtime's async support; its two halves
//! (`instrument_component`, `snapshot_component`) need only a way to call the
//! instance, which `Snapshotted` gives over plain synchronous calls.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use anyhow::{anyhow, Context as _, Result};
use wasmtime::component::{Component, Instance, Lift, Linker, WasmList};
use wasmtime::{Config, Engine, Store};
use wasmtime_wizer::{ComponentInstanceState, Wizer};

/// The export the guest offers for this (wizer's default name).
pub const INIT_EXPORT: &str = "wizer-initialize";

/// Runs `INIT_EXPORT` in an instance of `wasm` and returns the component
/// snapshotted after it.
///
/// Every import of the component but one (`seed_hash_keys`) traps during
/// initialisation: what it does must not depend on the host, or the
/// snapshot would freeze one host's answer (a clock reading, say) into
/// every instance.
pub fn pre_initialise(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut wizer = Wizer::new();
    // wizer 48 drops the init function from the core module and from the
    // component's exports, but leaves the component's `canon lift` of it
    // pointing at the core export it dropped: the result does not load.
    // Kept, the export is harmless: every cache it builds is built already,
    // so a call returns at once, and a host bound to `scalepoint:integration`
    // never sees it.
    wizer.keep_init_func(true);
    let (context, instrumented) = wizer
        .instrument_component(wasm)
        .map_err(|e| anyhow!(e))
        .context("instrument the component for pre-initialisation")?;
    let engine = Engine::new(&Config::new())?;
    let component = Component::new(&engine, &instrumented).map_err(|e| anyhow!(e))?;
    let mut linker = Linker::new(&engine);
    seed_hash_keys(&engine, &component, wasm, &mut linker)?;
    linker
        .define_unknown_imports_as_traps(&component)
        .map_err(|e| anyhow!(e))?;
    let mut store = Store::new(&engine, ());
    let instance = linker
        .instantiate(&mut store, &component)
        .map_err(|e| anyhow!(e))
        .context("instantiate the component to pre-initialise it")?;
    let init = instance
        .get_typed_func::<(), ()>(&mut store, INIT_EXPORT)
        .map_err(|e| anyhow!(e))
        .with_context(|| format!("the component has no `{INIT_EXPORT}: func()` export"))?;
    init.call(&mut store, ())
        .map_err(|e| anyhow!(e))
        .with_context(|| format!("`{INIT_EXPORT}` failed (did it call an import?)"))?;
    let mut state = Snapshotted {
        store: &mut store,
        instance,
    };
    let snapshot = run_to_completion(wizer.snapshot_component(&context, &mut state))
        .map_err(|e| anyhow!(e))
        .context("snapshot the pre-initialised instance")?;
    Ok(snapshot)
}

/// Answers WASI's `insecure-seed`, the one import initialisation may call:
/// std's `HashMap` draws its per-instance SipHash keys from it on first use
/// (regex-lite keys one by capture name when a schema's pattern compiles).
///
/// The keys become part of the snapshot, readable by anyone who has the
/// shipped file, whatever produced them: randomness here would buy no
/// secrecy, only a build that differs every time. So the seed is derived
/// from the component itself, and the same compiled component always
/// pre-initialises to the same bytes. What keeps known keys harmless is
/// that no map in the component is keyed by a document's content (those
/// are `BTreeMap`s).
fn seed_hash_keys(
    engine: &Engine,
    component: &Component,
    wasm: &[u8],
    linker: &mut Linker<()>,
) -> Result<()> {
    let seed = seed_of(wasm);
    let imports = component.component_type();
    for (name, _) in imports.imports(engine) {
        if name.starts_with("wasi:random/insecure-seed@") {
            linker
                .instance(name)
                .and_then(|mut instance| {
                    instance.func_wrap("insecure-seed", move |_, ()| Ok((seed,)))
                })
                .map_err(|e| anyhow!(e))?;
        }
    }
    Ok(())
}

/// Two words that depend on every byte of `wasm`, the same on every
/// machine (std's `DefaultHasher::new` has fixed keys).
fn seed_of(wasm: &[u8]) -> (u64, u64) {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let word = |salt: u64| {
        let mut hasher = DefaultHasher::new();
        salt.hash(&mut hasher);
        wasm.hash(&mut hasher);
        hasher.finish()
    };
    (word(0), word(1))
}

/// The instance wizer reads its state from, through the accessor functions
/// its instrumentation exported.
struct Snapshotted<'a> {
    store: &'a mut Store<()>,
    instance: Instance,
}

impl Snapshotted<'_> {
    /// Calls `instance#func`, an accessor wizer added; it cannot fail on a
    /// component wizer itself instrumented, so failing is a bug: panic.
    fn call<R: Lift + Send + Sync + 'static>(&mut self, instance: &str, func: &str) -> R {
        let store = &mut *self.store;
        let (_, parent) = self
            .instance
            .get_export(&mut *store, None, instance)
            .unwrap_or_else(|| panic!("wizer's accessor instance `{instance}` is missing"));
        let (_, index) = self
            .instance
            .get_export(&mut *store, Some(&parent), func)
            .unwrap_or_else(|| panic!("wizer's accessor `{instance}#{func}` is missing"));
        let typed = self
            .instance
            .get_typed_func::<(), (R,)>(&mut *store, index)
            .unwrap_or_else(|e| panic!("wizer's accessor `{instance}#{func}`: {e}"));
        typed
            .call(&mut *store, ())
            .unwrap_or_else(|e| panic!("wizer's accessor `{instance}#{func}` failed: {e}"))
            .0
    }
}

impl ComponentInstanceState for Snapshotted<'_> {
    async fn call_func_ret_list_u8(
        &mut self,
        instance: &str,
        func: &str,
        contents: impl FnOnce(&[u8]) + Send,
    ) {
        let list: WasmList<u8> = self.call(instance, func);
        contents(list.as_le_slice(&*self.store));
    }

    async fn call_func_ret_s32(&mut self, instance: &str, func: &str) -> i32 {
        self.call(instance, func)
    }

    async fn call_func_ret_s64(&mut self, instance: &str, func: &str) -> i64 {
        self.call(instance, func)
    }

    async fn call_func_ret_f32(&mut self, instance: &str, func: &str) -> u32 {
        self.call::<f32>(instance, func).to_bits()
    }

    async fn call_func_ret_f64(&mut self, instance: &str, func: &str) -> u64 {
        self.call::<f64>(instance, func).to_bits()
    }
}

/// Drives a future whose every await is already complete (`Snapshotted`
/// answers synchronously), so it finishes on its first poll.
fn run_to_completion<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("wizer's snapshot waited on something: nothing here can wake it"),
    }
}
