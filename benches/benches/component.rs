//! The component path through the demo host (wasmtime): a fresh instance
//! alone, and `validate-task` on B1 in a warm instance, as `host-demo bench`
//! measures them, with criterion's statistics and longer runs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use host_demo::runtime::ComponentHost;
use scalepoint_benches as docs;

/// Calls made in one instance before the next is taken. A host gives each
/// call (instance) a deadline; a criterion sample can run for seconds, so it
/// is spread over instances, and only the calls themselves are timed.
const CALLS_PER_INSTANCE: u64 = 1000;

fn component(c: &mut Criterion) {
    // Compiled (or loaded from the .cwasm cache) once; not timed.
    let host = ComponentHost::built().expect("the component this workspace builds");
    let valid = host
        .call(|instance, store| {
            let validation = instance.validation(&mut *store)?;
            Ok(validation.call_validate_task(store, docs::TASK_B1)?.valid)
        })
        .unwrap();
    assert!(valid, "B1 is valid in the component");

    c.bench_function("component_instantiate", |b| {
        b.iter(|| host.call(|_, _| Ok(())).unwrap())
    });

    c.bench_function("component_validate_task_b1", |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let calls = left.min(CALLS_PER_INSTANCE);
                timed += host
                    .call(|instance, store| {
                        let validation = instance.validation(&mut *store)?;
                        let start = Instant::now();
                        for _ in 0..calls {
                            black_box(
                                validation
                                    .call_validate_task(&mut *store, black_box(docs::TASK_B1))?,
                            );
                        }
                        Ok(start.elapsed())
                    })
                    .unwrap();
                left -= calls;
            }
            timed
        })
    });
}

criterion_group!(benches, component);
criterion_main!(benches);
