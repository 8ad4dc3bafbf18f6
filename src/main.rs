use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    wirebook::cli::run(wirebook::cli::Cli::parse())
}
