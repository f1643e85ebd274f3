//! The sandbox's limits on the built component: a call past its deadline,
//! or beyond the instance pool, fails with a typed `CallError`, and the same
//! host goes on serving the next call.

use std::time::{Duration, Instant};

use host_demo::runtime::{CallError, ComponentHost, POOL_SLOTS};
use scalepoint_e2e::read;

/// A small, valid document: the call that must still work afterwards.
fn validate_d1(host: &ComponentHost) -> bool {
    let d1 = read("examples/text-message-d1.json");
    host.call(|instance, store| {
        instance
            .validation(&mut *store)?
            .call_validate_text_message(store, &d1)
    })
    .expect("a normal call after the failed one")
    .valid
}

/// Validating B1 again and again in one call never ends by itself; the
/// deadline must stop it.
#[test]
fn a_call_past_its_deadline_is_stopped_and_the_host_keeps_serving() {
    let deadline = Duration::from_millis(200);
    let host = ComponentHost::built().unwrap().with_deadline(deadline);
    let b1 = read("examples/task-b1.json");
    let started = Instant::now();
    let error = host
        .call(|instance, store| {
            let v = instance.validation(&mut *store)?;
            // Bounded only so that a broken deadline fails instead of hanging.
            while started.elapsed() < Duration::from_secs(60) {
                v.call_validate_task(&mut *store, &b1)?;
            }
            Ok(())
        })
        .expect_err("the deadline never stopped the call");
    assert_eq!(
        CallError::of(&error),
        Some(CallError::DeadlineExceeded { deadline }),
        "{error:#}"
    );
    assert!(format!("{error:#}").contains("deadline"), "{error:#}");
    assert!(validate_d1(&host));
}

/// Time the guest spends waiting on the host's imports is not computing
/// time: a call that waits longer than its deadline in `platform.sleep`
/// (as the case client does between retries) is not stopped for it.
#[test]
fn waiting_in_a_host_import_does_not_count_against_the_deadline() {
    use host_demo::runtime::{http_client, HostImports, HttpTransport};
    use std::sync::Arc;

    /// Answers after longer than the whole deadline.
    struct SlowTransport;
    impl HttpTransport for SlowTransport {
        fn send(
            &self,
            _request: http_client::Request,
        ) -> Result<http_client::Response, http_client::TransportError> {
            std::thread::sleep(Duration::from_millis(300));
            Ok(http_client::Response {
                status: 200,
                headers: Vec::new(),
                body: Vec::new(),
            })
        }
    }
    let host = ComponentHost::built()
        .unwrap()
        .with_deadline(Duration::from_millis(100));
    let imports = HostImports {
        http: Some(Arc::new(SlowTransport)),
        ..HostImports::default()
    };
    let endpoint =
        host_demo::runtime::exports::scalepoint::integration::service_partner::Endpoint {
            base_url: "https://scalepoint.test".into(),
            country: "dk".into(),
            security_token: "6f1c1d8e-3f4b-4a51-9c3e-2b7d8e9f0a1b".into(),
        };
    let outcome = host
        .call_with(imports, |instance, store| {
            instance.service_partner(&mut *store)?.call_send_status(
                store,
                &endpoint,
                "dc100952-2005-4fbf-bbdf-badd1ec5a912",
                "Repair started",
                None,
            )
        })
        .expect("300 ms in the transport is not 300 ms of computing");
    assert!(outcome.is_ok(), "{outcome:?}");
}

/// How a call failed: its typed reason, and its whole message.
type Failure = (Option<CallError>, String);

/// Holds `depth` instances at once by nesting calls, then tries one more.
fn nest(host: &ComponentHost, depth: u32) -> Result<(), Failure> {
    let mut inner = Ok(());
    host.call(|_, _| {
        if depth > 1 {
            inner = nest(host, depth - 1);
        }
        Ok(())
    })
    .map_err(|error| (CallError::of(&error), format!("{error:#}")))?;
    inner
}

/// More calls at once than the pool has slots: the one too many is refused
/// with a typed error (nothing waits, nothing grows), and once the others
/// end, calls work again.
#[test]
fn a_call_beyond_the_pool_is_refused_and_the_host_keeps_serving() {
    let host = ComponentHost::built().unwrap();
    // Deep nesting: a thread with room for it.
    let error = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(512 << 20)
            .spawn_scoped(scope, || nest(&host, POOL_SLOTS + 1))
            .unwrap()
            .join()
            .unwrap()
    })
    .expect_err("the pool had a slot more than it says");
    assert_eq!(
        error.0,
        Some(CallError::NoFreeInstance { slots: POOL_SLOTS }),
        "{}",
        error.1
    );
    assert!(validate_d1(&host));
}

/// A lower memory cap is the one a call runs into, and a cap the pool's
/// slots cannot give is refused when it is set, not when a call needs it.
#[test]
fn a_memory_cap_is_enforced_and_one_above_the_slot_is_refused() {
    use host_demo::runtime::MAX_MEMORY_LIMIT;

    let refused = ComponentHost::built()
        .unwrap()
        .with_memory_limit(MAX_MEMORY_LIMIT + 1)
        .err()
        .expect("a cap above the slot was accepted");
    assert!(
        format!("{refused:#}").contains("above the instance pool's slot"),
        "{refused:#}"
    );

    let limit = 8 * 1024 * 1024;
    let host = ComponentHost::built()
        .unwrap()
        .with_memory_limit(limit)
        .unwrap();
    // 12 MiB cannot even be copied into an instance capped at 8 MiB.
    let mut large = b"{\"textMessage\": \"".to_vec();
    large.resize(12 * 1024 * 1024, b'x');
    large.extend_from_slice(b"\"}");
    let error = host
        .call(|instance, store| {
            instance
                .validation(&mut *store)?
                .call_validate_text_message(store, &large)
        })
        .unwrap_err();
    assert_eq!(
        CallError::of(&error),
        Some(CallError::MemoryLimit { limit }),
        "{error:#}"
    );
    assert!(validate_d1(&host));
}

/// Randomness reaches the component only through `platform.random-bytes`,
/// which a host implements (and a test can fix): of WASI's random
/// interfaces it imports just `insecure-seed`, which std's `HashMap` keys
/// need and which pre-initialisation answers. A multipart body, which once
/// drew its boundary from WASI's entropy, is now the same for the same
/// request (`core/src/wire/encode.rs`).
#[test]
fn the_component_draws_no_randomness_from_wasi() {
    let (imports, _) = ComponentHost::built().unwrap().interface_names();
    let random: Vec<&String> = imports
        .iter()
        .filter(|name| name.starts_with("wasi:random/"))
        .collect();
    assert_eq!(random.len(), 1, "{random:?}");
    assert!(
        random[0].starts_with("wasi:random/insecure-seed@"),
        "{random:?}"
    );
    assert!(
        imports
            .iter()
            .any(|name| name.starts_with("scalepoint:integration/platform@")),
        "{imports:?}"
    );
}

/// Nothing else of WASI either: no standard streams, terminals,
/// environment or exit (`component/src/without_stdio.rs`). A host provides
/// our four interfaces (and their shared types) and `insecure-seed`, which
/// the shipped component called while it was pre-initialised.
#[test]
fn the_component_imports_no_wasi_but_its_hash_seed() {
    let (imports, _) = ComponentHost::built().unwrap().interface_names();
    let foreign: Vec<&String> = imports
        .iter()
        .filter(|name| {
            !name.starts_with("scalepoint:integration/")
                && !name.starts_with("wasi:random/insecure-seed@")
        })
        .collect();
    assert!(foreign.is_empty(), "{foreign:?}");
    let ours = ["http-client", "platform", "signer", "token-cache", "types"];
    for interface in ours {
        let name = format!("scalepoint:integration/{interface}@");
        assert!(
            imports.iter().any(|import| import.starts_with(&name)),
            "{interface} missing from {imports:?}"
        );
    }
}
