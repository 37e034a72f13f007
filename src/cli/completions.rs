//! `pm completions SHELL`

use crate::error::Result;

/// Print a static shell completion script (commands and flags)
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Example:
  pm completions bash > ~/.local/share/bash-completion/completions/pm

For completion that also offers ids, pillars, tags, people, statuses and sources
from your notebook, use the dynamic form instead (in ~/.bashrc, ~/.zshrc, ...):
  source <(COMPLETE=bash pm)        # zsh: COMPLETE=zsh; fish: COMPLETE=fish pm | source")]
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
