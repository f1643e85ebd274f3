//! The component has no standard streams and no environment, so it imports
//! none of WASI's `cli` and `io` interfaces.
//!
//! Why: in this component only `std`'s panic path reached wasi-libc's stdio
//! and environment (the message, written to stderr, and the `RUST_BACKTRACE`
//! look-up, `getenv`), and through them thirteen WASI interfaces (stdin,
//! stdout, stderr, five terminal ones, environment, exit, streams, poll,
//! error). Each was one more thing every host had to provide (a jco or
//! wasmtime-py host included) and one more set of functions wired into every
//! instance: without them a fresh instance is created in 11-13 % less time
//! (BENCHMARKS.md). A panic still ends the call with a trap (the demo host
//! reports it as `CallError::Trap`); only its message, which no host read,
//! is gone.
//!
//! How: wasi-libc is a static archive, so a symbol this crate defines is
//! taken instead of the archive's, which is then never linked, and neither
//! are the imports behind it.

use std::ffi::{c_char, c_int, c_void};

/// wasi-libc's `EBADF`: what `write` says for a descriptor that is not
/// open. `std` treats it on stderr as "no stderr" and drops the text.
const EBADF: c_int = 8;

unsafe extern "C" {
    fn __errno_location() -> *mut c_int;
}

/// No variable is set: `std::env::var` says so, and the panic machinery
/// prints no backtrace (it has nowhere to print one).
#[unsafe(no_mangle)]
extern "C" fn getenv(_name: *const c_char) -> *mut c_char {
    std::ptr::null_mut()
}

/// No descriptor is open: every write fails with `EBADF`.
#[unsafe(no_mangle)]
extern "C" fn write(_descriptor: c_int, _bytes: *const c_void, _len: usize) -> isize {
    not_open()
}

/// As `write`, for the gathered form `std`'s `write_vectored` uses.
#[unsafe(no_mangle)]
extern "C" fn writev(_descriptor: c_int, _buffers: *const c_void, _count: c_int) -> isize {
    not_open()
}

fn not_open() -> isize {
    // SAFETY: wasi-libc's errno is a plain static of this (single) thread,
    // and `__errno_location` returns its address.
    unsafe { *__errno_location() = EBADF };
    -1
}
