//! Compiled components (`.cwasm`) kept on disk, so a process start never pays
//! the 0.5–2 s compile twice for the same component on the same engine.
//!
//! The key is SHA-256 over the engine's precompile compatibility hash (its
//! version, target and settings) and the component's bytes: a new build of
//! either misses the cache, it is never loaded wrong.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use anyhow::Result;
use sha2::{Digest, Sha256};
use wasmtime::component::Component;
use wasmtime::Engine;

/// Where compiled artefacts go: `$SCALEPOINT_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/scalepoint-component`, else
/// `~/.cache/scalepoint-component`. `SCALEPOINT_CACHE_DIR=off` disables it.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SCALEPOINT_CACHE_DIR") {
        return (dir != "off").then(|| PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("scalepoint-component"))
}

/// Whether the component came from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Cache,
    Compiled,
}

/// Feeds `Engine::precompile_compatibility_hash` into SHA-256.
struct ShaHasher<'a>(&'a mut Sha256);

impl Hasher for ShaHasher<'_> {
    fn finish(&self) -> u64 {
        0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

fn key(engine: &Engine, wasm: &[u8]) -> String {
    let mut sha = Sha256::new();
    engine
        .precompile_compatibility_hash()
        .hash(&mut ShaHasher(&mut sha));
    sha.update(wasm);
    sha.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The component for `wasm`, from `dir` when it was compiled before, else
/// compiled now and stored there. Any cache trouble falls back to compiling.
pub fn load_or_compile(
    engine: &Engine,
    wasm: &[u8],
    dir: Option<&Path>,
) -> Result<(Component, Source)> {
    let Some(dir) = dir else {
        return Ok((compile(engine, wasm)?, Source::Compiled));
    };
    let path = dir.join(format!("{}.cwasm", key(engine, wasm)));
    if path.is_file() {
        // SAFETY: the file was written by `store` below from
        // `Component::serialize` of an engine with the same compatibility
        // hash (it is in the file name), and wasmtime checks the header again.
        if let Ok(component) = unsafe { Component::deserialize_file(engine, &path) } {
            return Ok((component, Source::Cache));
        }
    }
    let component = compile(engine, wasm)?;
    store(&component, dir, &path);
    Ok((component, Source::Compiled))
}

fn compile(engine: &Engine, wasm: &[u8]) -> Result<Component> {
    Component::new(engine, wasm)
        .map_err(|e| anyhow::Error::from(e).context("compile the component"))
}

/// Best effort: a read-only or full disk only costs the next start a compile.
fn store(component: &Component, dir: &Path, path: &Path) {
    let Ok(bytes) = component.serialize() else {
        return;
    };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    // Write aside, then rename: a reader never sees half a file.
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&temporary, bytes).is_ok() && std::fs::rename(&temporary, path).is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_load_comes_from_the_cache_and_a_changed_component_does_not() {
        let dir =
            std::env::temp_dir().join(format!("scalepoint-cache-test-{}", std::process::id()));
        let engine = Engine::default();
        let wasm = std::fs::read(crate::COMPONENT_WASM_PATH).unwrap();
        let (_, first) = load_or_compile(&engine, &wasm, Some(&dir)).unwrap();
        let (_, second) = load_or_compile(&engine, &wasm, Some(&dir)).unwrap();
        assert_eq!((first, second), (Source::Compiled, Source::Cache));
        assert_ne!(key(&engine, &wasm), key(&engine, &wasm[..wasm.len() - 1]));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Epoch interruption adds checks to the compiled code: an artefact
    /// compiled without them must never serve an engine that relies on them.
    #[test]
    fn the_key_tells_engine_settings_apart() {
        let mut epochs = wasmtime::Config::new();
        epochs.epoch_interruption(true);
        let wasm = b"the same component bytes";
        assert_ne!(
            key(&Engine::default(), wasm),
            key(&Engine::new(&epochs).unwrap(), wasm)
        );
    }
}
