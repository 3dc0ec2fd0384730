//! Thin binary: parse the CLI, run it (the CLI prints the diagnostics), exit with its status.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = stele::cli::Cli::parse();
    std::process::ExitCode::from(stele::cli::run(cli))
}
