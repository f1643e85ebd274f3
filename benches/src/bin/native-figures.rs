//! Native validation times for `bench/peers/run`, when `host-demo bench`
//! does not report the feedback document: B1 with `validate_task`, the
//! feedback with an invoice with `validate_feedback`, measured as the peers
//! are (a warm-up sizes the batch, then the median of 15 batches of ~100 ms).
//!
//! Prints one JSON object: `{"validate_native_us", "feedback_validate_native_us"}`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use scalepoint_benches as docs;
use scalepoint_core::{validate_feedback, validate_task, InvoiceOptions};

const ROUNDS: usize = 15;
const BATCH: Duration = Duration::from_millis(100);

/// Per-call µs: the median of `ROUNDS` batches of about `BATCH` each.
fn measure(mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < BATCH {
        f();
        calls += 1;
    }
    let per_batch = calls.max(1);
    let mut samples: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_batch {
                f();
            }
            start.elapsed().as_secs_f64() * 1e6 / f64::from(per_batch)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let options = InvoiceOptions::default();
    assert!(validate_task(docs::TASK_B1).valid, "B1 is valid");
    assert!(validate_feedback(docs::FEEDBACK, &options).valid);
    let task = measure(|| {
        black_box(validate_task(black_box(docs::TASK_B1)));
    });
    let feedback = measure(|| {
        black_box(validate_feedback(black_box(docs::FEEDBACK), &options));
    });
    println!(
        "{{\"validate_native_us\": {task:.2}, \"feedback_validate_native_us\": {feedback:.2}}}"
    );
}
