use clap::Parser;
use host_demo::cli::{run, Cli, EXIT_USAGE};

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // Dropped if stderr cannot take it: the exit status still says.
            host_demo::output::message(format_args!("host-demo: {e:#}"));
            EXIT_USAGE
        }
    };
    std::process::exit(code);
}
