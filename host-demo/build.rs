//! Builds the guest component for wasm32-wasip2 and hands its path to the
//! host crate, as wasmtime's test programs do: `cargo build`/`cargo test`
//! alone always run against a component built from the current sources.
//!
//! The component it hands over is pre-initialised (`pre_initialise` below):
//! `target/component-build/scalepoint-component.wasm`, the file to ship.
//!
//! Set SCALEPOINT_COMPONENT_WASM to a prebuilt `.wasm` to skip the build.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=SCALEPOINT_COMPONENT_WASM");
    let wasm = match env::var_os("SCALEPOINT_COMPONENT_WASM") {
        Some(path) => PathBuf::from(path),
        None => build_component(),
    };
    println!(
        "cargo:rustc-env=SCALEPOINT_COMPONENT_WASM={}",
        wasm.display()
    );
}

fn build_component() -> PathBuf {
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let root = manifest_dir.parent().expect("workspace root").to_path_buf();
    for watched in [
        "component/src",
        "component/Cargo.toml",
        "guest-alloc",
        "core/src",
        "core/Cargo.toml",
        "wit",
        "schemas",
        "Cargo.toml",
        ".cargo/config.toml",
    ] {
        rerun_if_changed(&root.join(watched));
    }
    // A target dir of its own inside the workspace's: the outer cargo holds
    // the lock of target/, a nested build there would wait for ever.
    let target_dir = root.join("target").join("component-build");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args([
            "build",
            "--release",
            "-p",
            "scalepoint-component",
            "--target",
            "wasm32-wasip2",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        // The outer build's flags are for the host, not for the guest.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_PRIMARY_PACKAGE")
        .status()
        .expect("run cargo to build the component");
    assert!(
        status.success(),
        "building the component failed; is the target installed? run: rustup target add wasm32-wasip2"
    );
    let built = target_dir.join("wasm32-wasip2/release/scalepoint_component.wasm");
    let shipped = target_dir.join("scalepoint-component.wasm");
    pre_initialise(&built, &shipped);
    println!(
        "cargo:rustc-env=SCALEPOINT_COMPONENT_UNINITIALISED_WASM={}",
        built.display()
    );
    shipped
}

/// What hosts load: the built component run up to the end of its
/// `wizer-initialize` and snapshotted (`scalepoint-preinit`), so no instance
/// builds its caches on a call.
fn pre_initialise(built: &Path, shipped: &Path) {
    let wasm = std::fs::read(built)
        .unwrap_or_else(|e| panic!("read the built component {}: {e}", built.display()));
    let snapshot = scalepoint_preinit::pre_initialise(&wasm)
        .unwrap_or_else(|e| panic!("pre-initialise {}: {e:#}", built.display()));
    std::fs::write(shipped, snapshot)
        .unwrap_or_else(|e| panic!("write {}: {e}", shipped.display()));
}

fn rerun_if_changed(path: &Path) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            rerun_if_changed(&entry.path());
        }
    } else {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}
