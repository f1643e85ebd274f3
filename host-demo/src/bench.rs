//! `host-demo bench`: the hot paths measured in one process, so ratios
//! compare like with like (same machine, same moment).

use std::hint::black_box;
use std::time::{Duration, Instant};

use anyhow::Result;
use serde_json::json;

use crate::runtime::ComponentHost;

/// B1, the spec's task example, is the document every figure uses.
const B1: &[u8] = include_bytes!("../../examples/task-b1.json");

/// Per-iteration time in µs: the median over `rounds` batches, each batch
/// sized to take about `batch_time`.
fn measure(rounds: usize, batch_time: Duration, mut f: impl FnMut() -> Result<()>) -> Result<f64> {
    // Calibrate the batch size on a warm path.
    f()?;
    let start = Instant::now();
    let mut calibration = 0u32;
    while start.elapsed() < batch_time / 4 {
        f()?;
        calibration += 1;
    }
    let per_batch = (calibration * 4).max(1);
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..per_batch {
            f()?;
        }
        samples.push(start.elapsed().as_secs_f64() * 1e6 / f64::from(per_batch));
    }
    samples.sort_by(f64::total_cmp);
    Ok(samples[samples.len() / 2])
}

pub struct Figures {
    pub compile_ms: f64,
    /// Loading the same component from the compiled-artefact cache.
    pub cached_load_ms: f64,
    pub instantiate_us: f64,
    pub validate_wasm_us: f64,
    pub validate_native_us: f64,
    pub parse_only_us: f64,
}

pub fn run(wasm: &[u8]) -> Result<Figures> {
    let rounds = 15;
    let batch = Duration::from_millis(100);

    let start = Instant::now();
    let host = ComponentHost::with_cache(wasm, None)?;
    let compile_ms = start.elapsed().as_secs_f64() * 1e3;
    let cache = std::env::temp_dir().join(format!("scalepoint-bench-cache-{}", std::process::id()));
    ComponentHost::with_cache(wasm, Some(&cache))?;
    let start = Instant::now();
    ComponentHost::with_cache(wasm, Some(&cache))?;
    let cached_load_ms = start.elapsed().as_secs_f64() * 1e3;
    let _ = std::fs::remove_dir_all(&cache);

    let instantiate_us = measure(rounds, batch, || host.call(|_, _| Ok(())))?;

    let validate_wasm_us = host.call(|instance, store| {
        let v = instance.scalepoint_integration_validation();
        let report = v.call_validate_task(&mut *store, B1)?;
        assert!(report.valid, "B1 is valid");
        measure(rounds, batch, || {
            black_box(v.call_validate_task(&mut *store, black_box(B1))?);
            Ok(())
        })
        .map_err(wasmtime::Error::from_anyhow)
    })?;

    let validate_native_us = measure(rounds, batch, || {
        black_box(scalepoint_core::validate_task(black_box(B1)));
        Ok(())
    })?;
    let parse_only_us = measure(rounds, batch, || {
        black_box(serde_json::from_slice::<serde_json::Value>(black_box(B1))?);
        Ok(())
    })?;
    Ok(Figures {
        compile_ms,
        cached_load_ms,
        instantiate_us,
        validate_wasm_us,
        validate_native_us,
        parse_only_us,
    })
}

impl Figures {
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "document": "seed 002 Appendix B1 (task)",
            "compile_ms": round(self.compile_ms),
            "cached_load_ms": round(self.cached_load_ms),
            "instantiate_us": round(self.instantiate_us),
            "validate_wasm_us": round(self.validate_wasm_us),
            "validate_native_us": round(self.validate_native_us),
            "parse_only_native_us": round(self.parse_only_us),
            "validate_ratio_wasm_over_native": round(self.validate_wasm_us / self.validate_native_us),
            "validate_ratio_native_over_parse": round(self.validate_native_us / self.parse_only_us),
        })
    }

    pub fn to_text(&self) -> String {
        format!(
            "document: seed 002 Appendix B1 (task), {} bytes\n\
             compile component:        {:>10.1} ms (without the cache)\n\
             load from .cwasm cache:   {:>10.1} ms\n\
             instantiate (fresh store):{:>10.2} µs\n\
             validate in component:    {:>10.2} µs\n\
             validate natively:        {:>10.2} µs\n\
             parse only (serde_json):  {:>10.2} µs\n\
             component / native:       {:>10.2} ×\n\
             native / parse:           {:>10.2} ×",
            B1.len(),
            self.compile_ms,
            self.cached_load_ms,
            self.instantiate_us,
            self.validate_wasm_us,
            self.validate_native_us,
            self.parse_only_us,
            self.validate_wasm_us / self.validate_native_us,
            self.validate_native_us / self.parse_only_us,
        )
    }
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
