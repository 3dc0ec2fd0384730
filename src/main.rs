//! Thin binary: parse the CLI, run it (the CLI prints the diagnostics), exit with its status.

fn main() -> std::process::ExitCode {
    let cli = stele::cli::parse();
    std::process::ExitCode::from(stele::cli::run(cli))
}
