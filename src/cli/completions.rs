//! `pm completions SHELL`

use crate::error::Result;

/// Print a shell completion script
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  pm completions bash > ~/.local/share/bash-completion/completions/pm")]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn run(args: Args, cmd: &mut clap::Command) -> Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, cmd, "pm", &mut buf);
    crate::ui::out(&String::from_utf8_lossy(&buf))
}
