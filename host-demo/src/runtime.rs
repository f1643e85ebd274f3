//! Loading the component once and calling it many times, each call in a
//! fresh instance with a memory cap and a deadline.

mod call_error;
mod engine;
mod export_indices;
mod limits;
mod ticker;

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use wasmtime::component::{Component, HasSelf, InstancePre, Linker, ResourceTable};
use wasmtime::{Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

pub use call_error::CallError;
pub use engine::POOL_SLOTS;
pub use export_indices::{ExportIndices, Exports};
pub use limits::MemorySizes;
use limits::{CallClock, MemoryCap};
use ticker::EpochTicker;

wasmtime::component::bindgen!({
    path: "../wit",
    world: "integration",
});

pub use exports::scalepoint::integration::validation as wit_validation;
pub use scalepoint::integration::types as wit;

pub use scalepoint::integration::http_client;

/// The network, as the host gives it to the component's `http-client`
/// import. Implemented by `crate::http` (a real client) and by tests.
pub trait HttpTransport: Send + Sync {
    fn send(
        &self,
        request: http_client::Request,
    ) -> Result<http_client::Response, http_client::TransportError>;
}

/// What one call may reach outside its sandbox. The default is nothing:
/// validation calls never touch the network.
#[derive(Clone, Default)]
pub struct HostImports {
    pub http: Option<std::sync::Arc<dyn HttpTransport>>,
    /// Time, waiting, randomness (`platform`); the system's when not given.
    pub platform: Option<std::sync::Arc<dyn crate::imports::Platform>>,
    /// The client certificate's key holder (`signer`); none by default.
    pub signer: Option<std::sync::Arc<dyn crate::imports::Signer>>,
    /// Where access tokens outlive a call (`token-cache`); none by default,
    /// so nothing is cached.
    pub token_cache: Option<std::sync::Arc<dyn crate::imports::TokenCache>>,
}

/// Per-call state: a WASI context with nothing in it (no files, no
/// environment, no network, no clock beyond what WASI always gives). Of WASI
/// our component imports only `insecure-seed` (the keys of std's `HashMap`);
/// the whole of WASI stays linked so that other components load too
/// (`--component`: an older build, which imported stdio and environment).
pub struct CallState {
    /// Built at the first WASI call, which most instances never make (the
    /// pre-initialised component has its hash seeds already): building one
    /// seeds two random generators, ~2 % of an instantiation.
    wasi: Option<WasiCtx>,
    table: ResourceTable,
    limits: MemoryCap,
    imports: HostImports,
    clock: CallClock,
}

impl WasiView for CallState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: self
                .wasi
                .get_or_insert_with(|| WasiCtxBuilder::new().build()),
            table: &mut self.table,
        }
    }
}

impl CallState {
    /// A call's state, its clock started now.
    fn new(imports: HostImports, memory_limit: usize, deadline: Duration) -> Self {
        CallState {
            wasi: None,
            table: ResourceTable::new(),
            limits: MemoryCap {
                limit: memory_limit,
                hit: false,
                sizes: MemorySizes::default(),
            },
            imports,
            clock: CallClock {
                started: Instant::now(),
                in_host: Duration::ZERO,
                deadline,
                expired: false,
            },
        }
    }

    /// Runs `f` on the host's imports, keeping its time off the deadline.
    fn in_host<R>(&mut self, f: impl FnOnce(&HostImports) -> R) -> R {
        let start = Instant::now();
        let result = f(&self.imports);
        self.clock.in_host += start.elapsed();
        result
    }

    /// The instance's linear memory: as instantiated, and now.
    pub fn memory(&self) -> MemorySizes {
        self.limits.sizes
    }

    /// What stopped a failed call, when it was one of the sandbox's limits.
    /// The memory cap says no by failing `memory.grow`; the guest then
    /// aborts, so the trap alone would not tell.
    fn limit_hit(&self) -> Option<CallError> {
        if self.clock.expired {
            Some(CallError::DeadlineExceeded {
                deadline: self.clock.deadline,
            })
        } else if self.limits.hit {
            Some(CallError::MemoryLimit {
                limit: self.limits.limit,
            })
        } else {
            None
        }
    }
}

impl scalepoint::integration::types::Host for CallState {}

impl http_client::Host for CallState {
    fn send(
        &mut self,
        request: http_client::Request,
    ) -> std::result::Result<http_client::Response, http_client::TransportError> {
        self.in_host(|imports| match &imports.http {
            Some(transport) => transport.send(request),
            None => Err(http_client::TransportError::Other(
                "this call was not given network access".into(),
            )),
        })
    }
}

impl scalepoint::integration::platform::Host for CallState {
    fn now(&mut self) -> u64 {
        match &self.imports.platform {
            Some(p) => p.now(),
            None => crate::imports::Platform::now(&crate::imports::SystemPlatform),
        }
    }

    fn sleep(&mut self, ms: u32) {
        self.in_host(|imports| match &imports.platform {
            Some(p) => p.sleep(ms),
            None => crate::imports::Platform::sleep(&crate::imports::SystemPlatform, ms),
        })
    }

    fn random_bytes(&mut self, len: u32) -> Vec<u8> {
        match &self.imports.platform {
            Some(p) => p.random_bytes(len),
            None => crate::imports::Platform::random_bytes(&crate::imports::SystemPlatform, len),
        }
    }
}

impl scalepoint::integration::signer::Host for CallState {
    fn certificate_thumbprint(&mut self) -> std::result::Result<Vec<u8>, String> {
        self.in_host(|imports| match &imports.signer {
            Some(signer) => signer.certificate_thumbprint(),
            None => Err("this call was not given a signer".into()),
        })
    }

    fn sign_rs256(&mut self, data: Vec<u8>) -> std::result::Result<Vec<u8>, String> {
        self.in_host(|imports| match &imports.signer {
            Some(signer) => signer.sign_rs256(&data),
            None => Err("this call was not given a signer".into()),
        })
    }
}

impl scalepoint::integration::token_cache::Host for CallState {
    fn get(&mut self, key: String) -> Option<scalepoint::integration::token_cache::CachedToken> {
        self.in_host(|imports| imports.token_cache.as_ref()?.get(&key))
    }

    fn put(&mut self, key: String, token: scalepoint::integration::token_cache::CachedToken) {
        self.in_host(|imports| {
            if let Some(cache) = &imports.token_cache {
                cache.put(key, token);
            }
        })
    }
}

/// The component, compiled once, ready to instantiate per call.
pub struct ComponentHost {
    engine: Engine,
    component: Component,
    pre: InstancePre<CallState>,
    exports: ExportIndices,
    memory_limit: usize,
    deadline: Duration,
    /// Advances the engine's epoch while the host lives; stops with it.
    /// None when the engine has no deadline checks to feed.
    _ticker: Option<EpochTicker>,
}

/// Each instance's linear memory may grow to this much by default: a
/// parsed 4 MiB document (the component's input limit) fits many times over,
/// a runaway allocation does not take the host down with it.
pub const DEFAULT_MEMORY_LIMIT: usize = 64 * 1024 * 1024;

/// The most `with_memory_limit` may allow: the size of a memory slot in the
/// engine's instance pool (`engine::config`).
pub const MAX_MEMORY_LIMIT: usize = DEFAULT_MEMORY_LIMIT;

/// A call may compute this long by default. Validating a 4 MiB document (the
/// input limit) takes well under a second; five leave room for a loaded
/// machine and stop a runaway loop long before a client gives up.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(5);

impl ComponentHost {
    /// Loads the component's bytes (a `.wasm` component), compiled, from
    /// the compiled-artefact cache when it was compiled before
    /// (`crate::artefact_cache`).
    pub fn new(wasm: &[u8]) -> Result<Self> {
        Self::with_cache(wasm, crate::artefact_cache::default_dir().as_deref())
    }

    /// As `new`, with the cache in `cache_dir` (none: always compile).
    pub fn with_cache(wasm: &[u8], cache_dir: Option<&std::path::Path>) -> Result<Self> {
        Self::build(wasm, cache_dir, true)
    }

    /// As `with_cache`, with the component compiled without the checks a
    /// deadline needs: a call then runs until it ends, whatever
    /// `with_deadline` says. For measuring what those checks cost
    /// (`host-demo bench`), never for serving.
    pub fn without_deadline_checks(
        wasm: &[u8],
        cache_dir: Option<&std::path::Path>,
    ) -> Result<Self> {
        Self::build(wasm, cache_dir, false)
    }

    fn build(
        wasm: &[u8],
        cache_dir: Option<&std::path::Path>,
        deadline_checks: bool,
    ) -> Result<Self> {
        let engine = Engine::new(&engine::config(MAX_MEMORY_LIMIT, deadline_checks))?;
        let (component, _) = crate::artefact_cache::load_or_compile(&engine, wasm, cache_dir)?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        Integration::add_to_linker::<_, HasSelf<_>>(&mut linker, |state| state)?;
        let pre = linker.instantiate_pre(&component)?;
        let exports = ExportIndices::new(&pre)?;
        let ticker = deadline_checks
            .then(|| EpochTicker::start(&engine).context("start the epoch ticker thread"))
            .transpose()?;
        Ok(Self {
            engine,
            component,
            pre,
            exports,
            memory_limit: DEFAULT_MEMORY_LIMIT,
            deadline: DEFAULT_DEADLINE,
            _ticker: ticker,
        })
    }

    /// Reads and compiles the component at `path`.
    pub fn from_file(path: &std::path::Path) -> Result<Self> {
        let wasm =
            std::fs::read(path).with_context(|| format!("read component {}", path.display()))?;
        Self::new(&wasm)
    }

    /// The component at `path`, or the one this workspace builds.
    pub fn load(path: Option<&std::path::Path>) -> Result<Self> {
        match path {
            Some(path) => Self::from_file(path),
            None => Self::built(),
        }
    }

    /// The component this workspace builds.
    pub fn built() -> Result<Self> {
        Self::from_file(std::path::Path::new(crate::COMPONENT_WASM_PATH))
    }

    /// Caps each instance's memory at `bytes`; growing past it fails the
    /// call with `CallError::MemoryLimit`, and the host goes on serving.
    /// A cap above `MAX_MEMORY_LIMIT`, the pool's slot size, is refused: it
    /// would promise memory the pool cannot give.
    pub fn with_memory_limit(mut self, bytes: usize) -> Result<Self> {
        anyhow::ensure!(
            bytes <= MAX_MEMORY_LIMIT,
            "a memory limit of {bytes} bytes is above the instance pool's slot of \
             {MAX_MEMORY_LIMIT} bytes"
        );
        self.memory_limit = bytes;
        Ok(self)
    }

    /// Stops each call that computes longer than `deadline` with
    /// `CallError::DeadlineExceeded` (checked every `ticker::TICK`, 10 ms);
    /// the host goes on serving. The time counts from the instance's
    /// creation to the end of `call`'s closure, less the time spent in the
    /// host's imports.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The names of the component's imports and exports.
    pub fn interface_names(&self) -> (Vec<String>, Vec<String>) {
        let ty = self.component.component_type();
        let imports = ty
            .imports(&self.engine)
            .map(|(name, _)| name.to_string())
            .collect();
        let exports = ty
            .exports(&self.engine)
            .map(|(name, _)| name.to_string())
            .collect();
        (imports, exports)
    }

    /// Runs `f` against a fresh instance in a fresh store, with no access to
    /// anything outside the sandbox. `f` looks up the interfaces it calls
    /// (`Exports::validation`, ...).
    pub fn call<T>(
        &self,
        f: impl FnOnce(&Exports<'_>, &mut Store<CallState>) -> wasmtime::Result<T>,
    ) -> Result<T> {
        self.call_with(HostImports::default(), f)
    }

    /// Runs `f` against a fresh instance whose imports reach `imports`.
    pub fn call_with<T>(
        &self,
        imports: HostImports,
        f: impl FnOnce(&Exports<'_>, &mut Store<CallState>) -> wasmtime::Result<T>,
    ) -> Result<T> {
        let state = CallState::new(imports, self.memory_limit, self.deadline);
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.limits);
        store.set_epoch_deadline(EpochTicker::ticks(self.deadline));
        store.epoch_deadline_callback(|mut store| Ok(store.data_mut().clock.on_deadline()));
        let instance = self.pre.instantiate(&mut store).map_err(|e| {
            if e.is::<wasmtime::PoolConcurrencyLimitError>() {
                anyhow::Error::from(e).context(CallError::NoFreeInstance { slots: POOL_SLOTS })
            } else {
                e.into()
            }
        })?;
        let exports = Exports {
            instance,
            indices: &self.exports,
        };
        f(&exports, &mut store).map_err(|e| {
            let trap = e.downcast_ref::<wasmtime::Trap>().copied();
            let error = anyhow::Error::from(e);
            match (store.data().limit_hit(), trap) {
                (Some(limit), _) => error.context(limit),
                (None, Some(trap)) => error.context(CallError::Trap(trap)),
                (None, None) => error,
            }
        })
    }
}

/// The core's product as the WIT enum.
pub fn wit_product(product: scalepoint_core::Product) -> wit::Product {
    use scalepoint_core::Product as P;
    match product {
        P::HubProperty => wit::Product::HubProperty,
        P::HubMotor => wit::Product::HubMotor,
        P::HubHealth => wit::Product::HubHealth,
        P::ClaimShop => wit::Product::Claimshop,
        P::Ecx => wit::Product::Ecx,
        P::Subrogation => wit::Product::Subrogation,
    }
}

/// A product named on a command line (`hub-property`, `HUB Property`, ...),
/// parsed by the core's one list of products.
pub fn parse_product(name: &str) -> Result<wit::Product> {
    Ok(wit_product(name.parse::<scalepoint_core::Product>()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Validating and mapping in a fresh instance makes no WASI call, so no
    /// instance pays for a WASI context (the component's hash seeds were
    /// drawn when it was pre-initialised).
    #[test]
    fn a_fresh_instance_validates_and_maps_without_building_a_wasi_context() {
        let host = ComponentHost::load(None).unwrap();
        let built = host
            .call(|instance, store| {
                crate::bench::validate_and_map_b1(instance, store)?;
                Ok(store.data().wasi.is_some())
            })
            .unwrap();
        assert!(!built, "the call built a WASI context");

        // Asked for, it is built.
        let mut state = CallState::new(HostImports::default(), 1 << 20, Duration::from_secs(1));
        state.ctx();
        assert!(state.wasi.is_some());
    }
}
