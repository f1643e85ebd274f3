//! Native (no wasm) timings of the logic crate: validation of each kind of
//! document from `examples/`, the serde_json parse every validation starts
//! with (the floor), `check_invoice`, `build_feedback` and `map_task`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use scalepoint_benches as docs;
use scalepoint_core::feedback_builder::build_feedback;
use scalepoint_core::input::{parse_object, DEFAULT_MAX_DOCUMENT_BYTES};
use scalepoint_core::{
    check_invoice, map_task, validate_case, validate_feedback, validate_status_message,
    validate_task, validate_text_message, CaseOptions, InvoiceOptions, MappingOptions, Product,
};
use serde::de::IgnoredAny;

fn validate(c: &mut Criterion) {
    let invoice = InvoiceOptions::default();
    let hub_property = CaseOptions {
        product: Some(Product::HubProperty),
    };
    // Every document here is valid: a bench of a failing path would time
    // the error messages instead.
    assert!(validate_task(docs::TASK_B1).valid);
    assert!(validate_feedback(docs::FEEDBACK, &invoice).valid);
    assert!(validate_status_message(docs::STATUS_MESSAGE_C1).valid);
    assert!(validate_text_message(docs::TEXT_MESSAGE_D1).valid);
    assert!(validate_case(docs::CASE_HUB_PROPERTY, &hub_property).valid);

    let mut group = c.benchmark_group("validate_native");
    group.bench_function("task_b1", |b| {
        b.iter(|| validate_task(black_box(docs::TASK_B1)))
    });
    group.bench_function("feedback_with_invoice", |b| {
        b.iter(|| validate_feedback(black_box(docs::FEEDBACK), &invoice))
    });
    group.bench_function("status_message_c1", |b| {
        b.iter(|| validate_status_message(black_box(docs::STATUS_MESSAGE_C1)))
    });
    group.bench_function("text_message_d1", |b| {
        b.iter(|| validate_text_message(black_box(docs::TEXT_MESSAGE_D1)))
    });
    group.bench_function("case_hub_property_full", |b| {
        b.iter(|| validate_case(black_box(docs::CASE_HUB_PROPERTY), &hub_property))
    });
    group.finish();
}

fn parse_floor(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_only");
    for (name, bytes) in [
        ("task_b1", docs::TASK_B1),
        ("feedback_with_invoice", docs::FEEDBACK),
    ] {
        // Exactly the parse validation itself does: UTF-8 checked once,
        // then `json::parse` from the text (serde_json where it declines).
        group.bench_function(name, |b| {
            b.iter(|| parse_object(black_box(bytes), DEFAULT_MAX_DOCUMENT_BYTES).unwrap())
        });
        // The same text read and checked as JSON, nothing built: the floor
        // of any parse.
        group.bench_function(format!("{name}_syntax_only"), |b| {
            b.iter(|| {
                let text = std::str::from_utf8(black_box(bytes)).unwrap();
                serde_json::from_str::<IgnoredAny>(text).unwrap()
            })
        });
        // serde_json into its `Value`, from the text: what validation did
        // until the borrowed tree, and the floor issue 7 names.
        group.bench_function(format!("{name}_serde_json"), |b| {
            b.iter(|| {
                let text = std::str::from_utf8(black_box(bytes)).unwrap();
                serde_json::from_str::<serde_json::Value>(text).unwrap()
            })
        });
        // serde_json from the bytes, as the parse floor was measured until
        // 2026-12-02 (BENCHMARKS.md quotes it).
        group.bench_function(format!("{name}_from_slice"), |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).unwrap())
        });
    }
    group.finish();
}

fn logic(c: &mut Criterion) {
    let options = InvoiceOptions::default();
    let invoice = docs::feedback_invoice();
    assert!(check_invoice(&invoice, &options).valid);
    c.bench_function("check_invoice", |b| {
        b.iter(|| check_invoice(black_box(&invoice), &options))
    });

    let request = docs::feedback_request();
    build_feedback(&request, &options).expect("B1 with a repair price builds");
    c.bench_function("build_feedback_b1_repair_price", |b| {
        b.iter(|| build_feedback(black_box(&request), &options).unwrap())
    });

    let mapping = MappingOptions::default();
    map_task(docs::TASK_B1, &mapping).expect("B1 maps");
    c.bench_function("map_task_b1", |b| {
        b.iter(|| map_task(black_box(docs::TASK_B1), &mapping).unwrap())
    });
}

criterion_group!(benches, validate, parse_floor, logic);
criterion_main!(benches);
