//! The engine's settings: a pool of pre-reserved instance slots, so a call's
//! fresh instance costs microseconds, and epoch interruption, so a call can
//! be given a deadline.
//!
//! Both change the compiled code or its layout; the compiled-artefact cache
//! keys on the engine's compatibility hash, so a `.cwasm` compiled with other
//! settings is never loaded (`artefact_cache`).

use wasmtime::{Config, Enabled, InstanceAllocationStrategy, PoolingAllocationConfig};

/// Instances alive at once, per engine. The server runs at most 256 workers
/// (`serve --workers`), each holding one instance during a call, and the
/// outbox and CLI a few more: twice that leaves room. A call beyond it fails
/// with `CallError::NoFreeInstance` rather than waiting or growing the pool.
///
/// What it costs: address space, not memory. Each slot reserves 4 GiB plus
/// guard regions for its linear memory (so compiled code needs no bounds
/// checks) but only the pages an instance touches are ever backed (and, after
/// use, at most `MEMORY_KEEP_RESIDENT` per slot stays so): 512 slots are
/// ~2 TiB of the 128 TiB a 64-bit Linux process may map.
pub const POOL_SLOTS: u32 = 512;

/// What one instance of our component holds (its main module, the shim and
/// fixup modules wit-component adds; one memory; their tables), with room
/// for a rebuilt component that differs a little. A component needing more
/// fails to instantiate with wasmtime's error naming the limit.
const CORE_INSTANCES_PER_COMPONENT: u32 = 8;
const TABLES_PER_COMPONENT: u32 = 4;
const MEMORIES_PER_COMPONENT: u32 = 1;

/// How much of a slot's memory stays mapped between two instances: the
/// component's initial 1.2 MiB and what a validation allocates on top.
const MEMORY_KEEP_RESIDENT: usize = 4 << 20;
const TABLE_KEEP_RESIDENT: usize = 64 << 10;

/// The engine configuration every `ComponentHost` uses. `max_memory` is the
/// size of a slot's linear memory: the hard ceiling under the per-store cap
/// (`ComponentHost::with_memory_limit`), which refuses first and says so.
/// `deadline_checks` compiles in the epoch checks a deadline needs; only
/// `host-demo bench` turns them off, to measure what they cost.
pub fn config(max_memory: usize, deadline_checks: bool) -> Config {
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(POOL_SLOTS)
        .total_core_instances(POOL_SLOTS * CORE_INSTANCES_PER_COMPONENT)
        .max_core_instances_per_component(CORE_INSTANCES_PER_COMPONENT)
        .total_memories(POOL_SLOTS * MEMORIES_PER_COMPONENT)
        .max_memories_per_component(MEMORIES_PER_COMPONENT)
        .total_tables(POOL_SLOTS * TABLES_PER_COMPONENT)
        .max_tables_per_component(TABLES_PER_COMPONENT)
        .max_memory_size(max_memory);
    keep_slots_warm(&mut pool);
    let mut config = Config::new();
    config
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pool))
        .epoch_interruption(deadline_checks);
    if std::env::var_os(PERF_MAP_VARIABLE).is_some() {
        // perf names compiled guest functions (from the component's name
        // section) instead of anonymous JIT addresses. Not part of the
        // compatibility hash: a cached `.cwasm` still loads.
        config.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    config
}

/// Set (to anything) to have the engine write `/tmp/perf-PID.map` for
/// `perf report` (BENCHMARKS.md, "profiling the guest").
pub const PERF_MAP_VARIABLE: &str = "SCALEPOINT_PERF_MAP";

/// Where the kernel can say which pages an instance dirtied (Linux 6.7+,
/// `PAGEMAP_SCAN`), a slot is reset by copying back just those pages and
/// stays mapped, so the next instance takes no page faults: instantiation
/// measured about a quarter faster (BENCHMARKS.md). Without it the reset
/// would `memset` the whole kept region whatever was dirtied, which costs
/// more than it saves; wasmtime's default (`madvise`) is kept there.
fn keep_slots_warm(pool: &mut PoolingAllocationConfig) {
    if PoolingAllocationConfig::is_pagemap_scan_available() {
        pool.pagemap_scan(Enabled::Yes)
            .linear_memory_keep_resident(MEMORY_KEEP_RESIDENT)
            .table_keep_resident(TABLE_KEEP_RESIDENT);
    }
}
