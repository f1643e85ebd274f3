//! Pre-initialises a component built by hand, for profiling and A/B runs:
//! `cargo run --release -p scalepoint-preinit --example preinit -- IN.wasm OUT.wasm`
//! (host-demo's build script does the same for the component it ships).

use anyhow::{bail, Context, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        bail!("usage: preinit IN.wasm OUT.wasm");
    };
    let wasm = std::fs::read(input).with_context(|| format!("read {input}"))?;
    let snapshot = scalepoint_preinit::pre_initialise(&wasm)?;
    std::fs::write(output, snapshot).with_context(|| format!("write {output}"))
}
