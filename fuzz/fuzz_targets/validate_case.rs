#![no_main]

use libfuzzer_sys::fuzz_target;
use scalepoint_fuzz_harness::{run, Target};

fuzz_target!(|data: &[u8]| run(Target::ValidateCase, data));
