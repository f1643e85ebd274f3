//! `host-demo bench`: the hot paths measured in one process, so ratios
//! compare like with like (same machine, same moment).

use std::cell::RefCell;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use scalepoint_core::input::{parse_object, DEFAULT_MAX_DOCUMENT_BYTES};
use serde_json::json;

use crate::output::{errln, outln};
use crate::runtime::exports::scalepoint::integration::mapping;
use crate::runtime::exports::scalepoint::integration::service_partner as sp;
use crate::runtime::{
    http_client, wit, wit_validation, CallState, ComponentHost, Exports, HostImports, HttpTransport,
};
use wasmtime::Store;

/// B1, the spec's task example, is the document most figures use.
const B1: &[u8] = include_bytes!("../../examples/task-b1.json");
/// Feedback with an invoice: A2's lines plus the invoice arithmetic, which
/// B1 does not exercise.
const FEEDBACK: &[u8] = include_bytes!("../../examples/feedback-valid.json");

const ROUNDS: usize = 15;
const BATCH: Duration = Duration::from_millis(100);

type Bench<'a> = &'a mut dyn FnMut() -> Result<()>;

/// How many calls of `f` take about `batch_time` (measured on a warm path).
fn batch_size(batch_time: Duration, f: &mut dyn FnMut() -> Result<()>) -> Result<u32> {
    f()?;
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < batch_time / 4 {
        f()?;
        calls += 1;
    }
    Ok((calls * 4).max(1))
}

/// Per-call time in µs of each of `benches`, one sample per round. Every
/// round runs one batch of each, the first one changing from round to round,
/// so a change in the machine's load (it is shared) hits all of them alike
/// and a ratio taken within a round compares like with like.
fn interleaved(benches: &mut [Bench<'_>]) -> Result<Vec<Vec<f64>>> {
    let sizes = benches
        .iter_mut()
        .map(|f| batch_size(BATCH, &mut **f))
        .collect::<Result<Vec<_>>>()?;
    let mut samples = vec![Vec::with_capacity(ROUNDS); benches.len()];
    for round in 0..ROUNDS {
        for k in 0..benches.len() {
            let i = (round + k) % benches.len();
            let start = Instant::now();
            for _ in 0..sizes[i] {
                benches[i]()?;
            }
            samples[i].push(micros_per_call(start, f64::from(sizes[i])));
        }
    }
    Ok(samples)
}

/// The time since `start` in µs, shared by `calls` calls.
fn micros_per_call(start: Instant, calls: f64) -> f64 {
    start.elapsed().as_secs_f64() * 1e6 / calls
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The median over rounds of `a / b` within each round.
fn ratio(a: &[f64], b: &[f64]) -> f64 {
    median(a.iter().zip(b).map(|(a, b)| a / b).collect())
}

/// A validation in the component against the same natively.
pub struct Comparison {
    pub wasm_us: f64,
    pub native_us: f64,
    /// Median of the per-round ratios (not the ratio of the medians).
    pub ratio: f64,
}

impl Comparison {
    fn from(wasm: &[f64], native: &[f64]) -> Self {
        Self {
            wasm_us: median(wasm.to_vec()),
            native_us: median(native.to_vec()),
            ratio: ratio(wasm, native),
        }
    }
}

pub struct Figures {
    pub compile_ms: f64,
    /// Loading the same component from the compiled-artefact cache.
    pub cached_load_ms: f64,
    pub instantiate_us: f64,
    /// A fresh instance and `validate-task` on B1 in it: what a host that
    /// instantiates per request (`serve`, Spin, `wasmtime serve`) pays.
    pub fresh_validate_us: f64,
    /// A fresh instance and `validate-and-map-task` on B1 in it: the
    /// component's part of one SP1 request to `serve`.
    pub fresh_validate_and_map_us: f64,
    /// `validate-task` on B1.
    pub task: Comparison,
    /// The same in the component compiled without the deadline's epoch
    /// checks (`ComponentHost::without_deadline_checks`): what they cost.
    pub task_unchecked: Comparison,
    /// The parse validation does (`input::parse_object`) alone, on B1: the
    /// floor of our own work.
    pub parse_only_us: f64,
    pub native_over_parse: f64,
    /// serde_json into a `serde_json::Value` alone, on B1: the floor issue 7
    /// names ("at most 2× merely parsing with serde_json").
    pub serde_json_parse_us: f64,
    pub native_over_serde_json_parse: f64,
    /// `validate-feedback` on a feedback with an invoice.
    pub feedback: Comparison,
    pub feedback_unchecked: Comparison,
    /// `send-status` through a stub transport: the arguments in, the
    /// request built, the `http-client` import called, the answer read.
    pub import_round_trip_us: f64,
}

/// Answers every request with 200 and no body, at once: what is left is the
/// crossing into the host and back.
struct StubTransport;

impl HttpTransport for StubTransport {
    fn send(
        &self,
        _request: http_client::Request,
    ) -> Result<http_client::Response, http_client::TransportError> {
        Ok(http_client::Response {
            status: 200,
            headers: Vec::new(),
            body: Vec::new(),
        })
    }
}

pub fn run(wasm: &[u8]) -> Result<Figures> {
    if let Some(what) = std::env::var_os(SPIN_VARIABLE) {
        spin(wasm, &what.to_string_lossy())?;
        std::process::exit(0);
    }
    if let Some(other) = std::env::var_os(VERSUS_VARIABLE) {
        versus(wasm, std::path::Path::new(&other))?;
        std::process::exit(0);
    }
    let start = Instant::now();
    // One instance serves a whole measurement below, native batches
    // included, so the default per-call deadline would stop it.
    let host = ComponentHost::with_cache(wasm, None)?.with_deadline(Duration::from_secs(3600));
    let compile_ms = start.elapsed().as_secs_f64() * 1e3;
    let cache = std::env::temp_dir().join(format!("scalepoint-bench-cache-{}", std::process::id()));
    ComponentHost::with_cache(wasm, Some(&cache))?;
    let start = Instant::now();
    ComponentHost::with_cache(wasm, Some(&cache))?;
    let cached_load_ms = start.elapsed().as_secs_f64() * 1e3;
    let _ = std::fs::remove_dir_all(&cache);
    let unchecked = ComponentHost::without_deadline_checks(wasm, None)?;

    let [instantiate, fresh_validate, fresh_validate_and_map] =
        <[Vec<f64>; 3]>::try_from(interleaved(&mut [
            &mut || host.call(|_, _| Ok(())),
            &mut || {
                host.call(|instance, store| validate_b1(&instance.validation(&mut *store)?, store))
            },
            &mut || host.call(validate_and_map_b1),
        ])?)
        .expect("three benches");
    let b1 = task(&host, &unchecked)?;
    let (feedback, feedback_unchecked) = feedback(&host, &unchecked)?;
    let import_round_trip_us = import_round_trip(&host)?;
    Ok(Figures {
        compile_ms,
        cached_load_ms,
        instantiate_us: median(instantiate),
        fresh_validate_us: median(fresh_validate),
        fresh_validate_and_map_us: median(fresh_validate_and_map),
        task: b1.task,
        task_unchecked: b1.task_unchecked,
        parse_only_us: b1.parse_only_us,
        native_over_parse: b1.native_over_parse,
        serde_json_parse_us: b1.serde_json_parse_us,
        native_over_serde_json_parse: b1.native_over_serde_json_parse,
        feedback,
        feedback_unchecked,
        import_round_trip_us,
    })
}

/// Set to `b1` or `feedback` to have `bench` only validate that document in
/// one warm instance (deadline checks on) for `SPIN_SECONDS` (`b1-unchecked`
/// and `feedback-unchecked`: the same compiled without deadline checks, so
/// two profiles show which functions those checks slow down), to
/// `instantiate` to have it only create and drop instances, or to `task` to
/// have it do what `serve` does with an SP1 task (a fresh instance, then
/// `validate-and-map-task` on B1), for `perf record` (BENCHMARKS.md,
/// "profiling the guest").
pub const SPIN_VARIABLE: &str = "SCALEPOINT_BENCH_SPIN";
const SPIN_SECONDS: u64 = 8;

fn spin(wasm: &[u8], what: &str) -> Result<()> {
    let (what, checked) = match what.strip_suffix("-unchecked") {
        Some(document @ ("b1" | "feedback")) => (document, false),
        _ => (what, true),
    };
    anyhow::ensure!(
        matches!(what, "b1" | "feedback" | "instantiate" | "task"),
        "{SPIN_VARIABLE} is b1, feedback, b1-unchecked, feedback-unchecked, instantiate or task, \
         not {what:?}"
    );
    let host = if checked {
        ComponentHost::with_cache(wasm, None)?
    } else {
        ComponentHost::without_deadline_checks(wasm, None)?
    }
    .with_deadline(Duration::from_secs(3600));
    if what == "instantiate" {
        return for_spin_seconds(|| host.call(|_, _| Ok(())));
    }
    if what == "task" {
        return for_spin_seconds(|| host.call(validate_and_map_b1));
    }
    host.call(|instance, store| {
        let validation = instance.validation(&mut *store)?;
        for_spin_seconds(|| {
            if what == "b1" {
                validate_b1(&validation, store)
            } else {
                validate_feedback(&validation, store)
            }
        })
    })
}

/// Set to the path of another build of the component to have `bench` only
/// time `validate-task` on B1 and `validate-feedback` on the feedback in
/// both, and a fresh instance's `validate-and-map-task` on B1 (the SP1 path
/// of `serve`), interleaved in one process (deadline checks on in both), and print
/// each median and the ratio of the two: a change to the guest measured
/// against the build before it, where separate runs differ by more than
/// the change (BENCHMARKS.md, "profiling the guest").
pub const VERSUS_VARIABLE: &str = "SCALEPOINT_BENCH_VERSUS";

fn versus(wasm: &[u8], other: &std::path::Path) -> Result<()> {
    let other_wasm = std::fs::read(other)
        .with_context(|| format!("read the component to compare with, {}", other.display()))?;
    let hour = Duration::from_secs(3600);
    let this = ComponentHost::with_cache(wasm, None)?.with_deadline(hour);
    let that = ComponentHost::with_cache(&other_wasm, None)?.with_deadline(hour);
    let samples = in_both(&this, &that, |this, that| {
        // Each instance serves two of the benches, one at a time.
        let (this, that) = (RefCell::new(this), RefCell::new(that));
        let b1 = |warm: &RefCell<&mut Warm<'_>>| -> Result<()> {
            let warm = &mut **warm.borrow_mut();
            Ok(validate_b1(&warm.validation, warm.store)?)
        };
        let feedback = |warm: &RefCell<&mut Warm<'_>>| -> Result<()> {
            let warm = &mut **warm.borrow_mut();
            Ok(validate_feedback(&warm.validation, warm.store)?)
        };
        interleaved(&mut [
            &mut || b1(&this),
            &mut || b1(&that),
            &mut || feedback(&this),
            &mut || feedback(&that),
        ])
    })?;
    // What `serve` runs per SP1 task, where mapping and the work order's
    // JSON count too: each call in an instance of its own. And a bare
    // instance, created and dropped, which is what a guest's imports and
    // core modules cost each call.
    let fresh = interleaved(&mut [
        &mut || this.call(validate_and_map_b1),
        &mut || that.call(validate_and_map_b1),
        &mut || this.call(|_, _| Ok(())),
        &mut || that.call(|_, _| Ok(())),
    ])?;
    for (document, this, that) in [
        ("B1", &samples[0], &samples[1]),
        ("feedback", &samples[2], &samples[3]),
        (
            "SP1 task (fresh instance, validate-and-map-task)",
            &fresh[0],
            &fresh[1],
        ),
        ("instantiation (fresh store)", &fresh[2], &fresh[3]),
    ] {
        outln!(
            "{document}: this {:.2} us, {} {:.2} us, this / that {:.3}",
            median(this.clone()),
            other.display(),
            median(that.clone()),
            ratio(this, that)
        )?;
    }
    Ok(())
}

/// Calls `f` in batches of 100 until `SPIN_SECONDS` have passed, or it
/// fails, and says how many calls that was: a profile's sample counts over
/// the calls are per-call costs, comparable between two spins.
fn for_spin_seconds<E>(mut f: impl FnMut() -> Result<(), E>) -> Result<(), E> {
    let start = Instant::now();
    let until = start + Duration::from_secs(SPIN_SECONDS);
    let mut calls = 0u64;
    while Instant::now() < until {
        for _ in 0..100 {
            f()?;
        }
        calls += 100;
    }
    let each_us = micros_per_call(start, calls as f64);
    errln!("spin: {calls} calls, {each_us:.2} us each");
    Ok(())
}

/// `validate-feedback` on the feedback with an invoice, default options, in
/// an instance's `validation`, which must find it valid.
fn validate_feedback(
    validation: &wit_validation::Guest,
    store: &mut Store<CallState>,
) -> wasmtime::Result<()> {
    const OPTIONS: wit::InvoiceOptions = wit::InvoiceOptions {
        vat_rate: None,
        tolerance: None,
        previously_sent: Vec::new(),
    };
    let report = validation.call_validate_feedback(store, black_box(FEEDBACK), &OPTIONS)?;
    wasmtime::ensure!(
        matches!(report, Ok(ref r) if r.valid),
        "the feedback is valid in the component"
    );
    Ok(())
}

/// `validate-and-map-task` on B1 with no insurer settings, as `serve` calls
/// it for an SP1 task: B1 must be valid and give one work order.
pub(crate) fn validate_and_map_b1(
    instance: &Exports<'_>,
    store: &mut Store<CallState>,
) -> wasmtime::Result<()> {
    let options = mapping::MappingOptions {
        templates: crate::server::work_orders::default_templates(),
        insurers: Vec::new(),
    };
    let mapped = instance.mapping(&mut *store)?.call_validate_and_map_task(
        &mut *store,
        black_box(B1),
        &options,
    )?;
    wasmtime::ensure!(
        matches!(mapped, Ok(ref m) if m.report.valid && m.work_orders.len() == 1),
        "B1 is valid and maps to one work order in the component"
    );
    Ok(())
}

/// `validate-task` on B1 in an instance's `validation`, which must find it
/// valid.
fn validate_b1(
    validation: &wit_validation::Guest,
    store: &mut Store<CallState>,
) -> wasmtime::Result<()> {
    let report = validation.call_validate_task(store, black_box(B1))?;
    wasmtime::ensure!(report.valid, "B1 is valid in the component");
    Ok(())
}

/// B1 in the component (one warm instance), in the component without
/// deadline checks, natively, and parsed only.
fn task(host: &ComponentHost, unchecked: &ComponentHost) -> Result<TaskFigures> {
    let samples = in_both(host, unchecked, |checked, unchecked| {
        let validate =
            |warm: &mut Warm<'_>| -> Result<()> { Ok(validate_b1(&warm.validation, warm.store)?) };
        interleaved(&mut [
            &mut || validate(checked),
            &mut || validate(unchecked),
            &mut || {
                black_box(scalepoint_core::validate_task(black_box(B1)));
                Ok(())
            },
            &mut || {
                // Exactly the parse validation itself does (UTF-8 checked
                // once, then `crate::json` from the text), so the floor and
                // the validation start from the same work.
                let parsed = parse_object(black_box(B1), DEFAULT_MAX_DOCUMENT_BYTES);
                black_box(parsed.map_err(|issue| anyhow::anyhow!(issue.message))?);
                Ok(())
            },
            &mut || {
                let text = std::str::from_utf8(black_box(B1))?;
                black_box(serde_json::from_str::<serde_json::Value>(text)?);
                Ok(())
            },
        ])
    })?;
    let [wasm, wasm_unchecked, native, parse, serde_json_parse] =
        <[Vec<f64>; 5]>::try_from(samples).expect("five benches");
    Ok(TaskFigures {
        native_over_parse: ratio(&native, &parse),
        native_over_serde_json_parse: ratio(&native, &serde_json_parse),
        task: Comparison::from(&wasm, &native),
        task_unchecked: Comparison::from(&wasm_unchecked, &native),
        parse_only_us: median(parse),
        serde_json_parse_us: median(serde_json_parse),
    })
}

/// What `task` measures on B1.
struct TaskFigures {
    task: Comparison,
    task_unchecked: Comparison,
    parse_only_us: f64,
    native_over_parse: f64,
    serde_json_parse_us: f64,
    native_over_serde_json_parse: f64,
}

/// The feedback with an invoice in the component, in the component without
/// deadline checks, and natively.
fn feedback(host: &ComponentHost, unchecked: &ComponentHost) -> Result<(Comparison, Comparison)> {
    let options = scalepoint_core::InvoiceOptions::default();
    anyhow::ensure!(
        scalepoint_core::validate_feedback(FEEDBACK, &options).valid,
        "the feedback example is valid"
    );
    let samples = in_both(host, unchecked, |checked, unchecked| {
        let validate = |warm: &mut Warm<'_>| -> Result<()> {
            Ok(validate_feedback(&warm.validation, warm.store)?)
        };
        interleaved(&mut [
            &mut || validate(checked),
            &mut || validate(unchecked),
            &mut || {
                black_box(scalepoint_core::validate_feedback(
                    black_box(FEEDBACK),
                    &options,
                ));
                Ok(())
            },
        ])
    })?;
    Ok((
        Comparison::from(&samples[0], &samples[2]),
        Comparison::from(&samples[1], &samples[2]),
    ))
}

/// One warm instance's `validation`, looked up once (a fresh instance pays
/// that lookup in `fresh_instance_validate_us`), and its store.
struct Warm<'a> {
    validation: wit_validation::Guest,
    store: &'a mut Store<CallState>,
}

/// Runs `measure` with one instance of `first` and one of `second` (the
/// same component with and without deadline checks, or two builds), both
/// alive for the whole measurement (so every call after the first is warm).
fn in_both<R>(
    first: &ComponentHost,
    second: &ComponentHost,
    measure: impl FnOnce(&mut Warm<'_>, &mut Warm<'_>) -> Result<R>,
) -> Result<R> {
    first.call(|first_instance, first_store| {
        second
            .call(|second_instance, second_store| {
                measure(
                    &mut Warm {
                        validation: first_instance.validation(&mut *first_store)?,
                        store: first_store,
                    },
                    &mut Warm {
                        validation: second_instance.validation(&mut *second_store)?,
                        store: second_store,
                    },
                )
                .map_err(wasmtime::Error::from_anyhow)
            })
            .map_err(wasmtime::Error::from_anyhow)
    })
}

fn import_round_trip(host: &ComponentHost) -> Result<f64> {
    let endpoint = sp::Endpoint {
        base_url: "https://scalepoint.test".into(),
        country: "dk".into(),
        security_token: "6f1c1d8e-3f4b-4a51-9c3e-2b7d8e9f0a1b".into(),
    };
    let imports = HostImports {
        http: Some(Arc::new(StubTransport)),
        ..HostImports::default()
    };
    let samples = host.call_with(imports, |instance, store| {
        let s = instance.service_partner(&mut *store)?;
        interleaved(&mut [&mut || {
            let outcome = s.call_send_status(
                &mut *store,
                &endpoint,
                "dc100952-2005-4fbf-bbdf-badd1ec5a912",
                "Repair started",
                Some("2020-10-21 09:30:00"),
            )?;
            anyhow::ensure!(
                matches!(outcome, Ok(sp::SendOutcome::Accepted)),
                "the stub's 200 is accepted: {outcome:?}"
            );
            Ok(())
        }])
        .map_err(wasmtime::Error::from_anyhow)
    })?;
    Ok(median(samples[0].clone()))
}

impl Figures {
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "document": "seed 002 Appendix B1 (task)",
            "compile_ms": round(self.compile_ms),
            "cached_load_ms": round(self.cached_load_ms),
            "instantiate_us": round(self.instantiate_us),
            "fresh_instance_validate_us": round(self.fresh_validate_us),
            "fresh_instance_validate_and_map_us": round(self.fresh_validate_and_map_us),
            "validate_wasm_us": round(self.task.wasm_us),
            "validate_native_us": round(self.task.native_us),
            "parse_only_native_us": round(self.parse_only_us),
            "validate_ratio_wasm_over_native": round(self.task.ratio),
            "validate_ratio_native_over_parse": round(self.native_over_parse),
            "serde_json_parse_native_us": round(self.serde_json_parse_us),
            "validate_ratio_native_over_serde_json_parse": round(self.native_over_serde_json_parse),
            "validate_wasm_without_deadline_checks_us": round(self.task_unchecked.wasm_us),
            "validate_ratio_wasm_without_deadline_checks_over_native": round(self.task_unchecked.ratio),
            "feedback_document": "examples/feedback-valid.json (with an invoice)",
            "feedback_validate_wasm_us": round(self.feedback.wasm_us),
            "feedback_validate_native_us": round(self.feedback.native_us),
            "feedback_ratio_wasm_over_native": round(self.feedback.ratio),
            "feedback_validate_wasm_without_deadline_checks_us": round(self.feedback_unchecked.wasm_us),
            "feedback_ratio_wasm_without_deadline_checks_over_native": round(self.feedback_unchecked.ratio),
            "import_round_trip_us": round(self.import_round_trip_us),
        })
    }

    pub fn to_text(&self) -> String {
        format!(
            "document: seed 002 Appendix B1 (task), {} bytes\n\
             compile component:        {:>10.1} ms (without the cache)\n\
             load from .cwasm cache:   {:>10.1} ms\n\
             instantiate (fresh store):{:>10.2} µs\n\
             fresh instance + validate:{:>10.2} µs\n\
             fresh + validate-and-map: {:>10.2} µs (serve's SP1 path)\n\
             validate in component:    {:>10.2} µs\n\
             validate natively:        {:>10.2} µs\n\
             parse only (ours):        {:>10.2} µs\n\
             serde_json parse only:    {:>10.2} µs\n\
             component / native:       {:>10.2} ×\n\
             without deadline checks:  {:>10.2} µs, {:.2} × native\n\
             native / parse (ours):    {:>10.2} ×\n\
             native / serde_json parse:{:>10.2} ×\n\
             feedback with an invoice, {} bytes:\n\
             validate in component:    {:>10.2} µs\n\
             validate natively:        {:>10.2} µs\n\
             component / native:       {:>10.2} ×\n\
             without deadline checks:  {:>10.2} µs, {:.2} × native\n\
             import round trip (send-status, stub transport):{:>8.2} µs\n\
             (ratios: the median of per-round ratios, each round measuring both)",
            B1.len(),
            self.compile_ms,
            self.cached_load_ms,
            self.instantiate_us,
            self.fresh_validate_us,
            self.fresh_validate_and_map_us,
            self.task.wasm_us,
            self.task.native_us,
            self.parse_only_us,
            self.serde_json_parse_us,
            self.task.ratio,
            self.task_unchecked.wasm_us,
            self.task_unchecked.ratio,
            self.native_over_parse,
            self.native_over_serde_json_parse,
            FEEDBACK.len(),
            self.feedback.wasm_us,
            self.feedback.native_us,
            self.feedback.ratio,
            self.feedback_unchecked.wasm_us,
            self.feedback_unchecked.ratio,
            self.import_round_trip_us,
        )
    }
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
