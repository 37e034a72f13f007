use std::process::ExitCode;

fn main() -> ExitCode {
    pm::cli::main()
}
