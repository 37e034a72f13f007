//! One error type for the whole program. Its kind decides the exit code and,
//! when the error carries none, the hint (`cli::fail` reads both).

/// What went wrong, which decides the exit code and the wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad input from the user: a value, an id, a file line.
    User,
    /// The notebook file itself is unusable (not SQLite, newer schema, read-only).
    Data,
    /// A bug or an environment failure we did not expect.
    Internal,
    /// The reader of stdout went away (`pm note list | head -1`): it has all it
    /// wanted, so this ends the command quietly, with success.
    ClosedPipe,
}

/// An error to show the user as one line, with an optional hint.
#[derive(Debug, thiserror::Error)]
#[error("{message}{}", .hint.as_deref().map(|h| format!(" (hint: {h})")).unwrap_or_default())]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn user(message: impl Into<String>) -> Self {
        Error { kind: Kind::User, message: message.into(), hint: None }
    }
    pub fn data(message: impl Into<String>) -> Self {
        Error { kind: Kind::Data, message: message.into(), hint: None }
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Error { kind: Kind::Internal, message: message.into(), hint: None }
    }
    /// Attach a hint that tells the user what to do next.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    /// Name the flag that carried the value a user error is about: the store
    /// and the domain speak of values ("unknown pillar 'X'"), the command line
    /// knows where the value came from ("--pillar: unknown pillar 'X'").
    /// Other kinds are left as they are.
    pub fn on_flag(mut self, flag: &str) -> Self {
        if self.kind == Kind::User {
            self.message = format!("{flag}: {}", self.message);
        }
        self
    }
    /// What to type next, for a user error that has no hint of its own (the
    /// commands to suggest are the command line's to know).
    pub fn user_hint(mut self, hint: impl Into<String>) -> Self {
        if self.kind == Kind::User && self.hint.is_none() {
            self.hint = Some(hint.into());
        }
        self
    }
    /// The output's reader went away; see [`Kind::ClosedPipe`].
    pub fn closed_pipe() -> Self {
        Error { kind: Kind::ClosedPipe, message: "the output was closed".into(), hint: None }
    }
    /// The exit code CLI.md promises: 1 for every runtime error, 0 for a closed
    /// pipe (clap's usage errors exit 2 on their own).
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            Kind::ClosedPipe => 0,
            Kind::User | Kind::Data | Kind::Internal => 1,
        }
    }
    /// Whether the user is told: a closed pipe is said to no one.
    pub fn is_quiet(&self) -> bool {
        self.kind == Kind::ClosedPipe
    }
    /// What to do next: the error's own hint, else its kind's. Only an
    /// unexpected failure has one of its own: the user cannot fix a value.
    pub fn next_step(&self) -> Option<&str> {
        self.hint.as_deref().or(match self.kind {
            Kind::Internal => Some("`pm doctor` checks the notebook; if it is whole, this is a bug in pm"),
            Kind::User | Kind::Data | Kind::ClosedPipe => None,
        })
    }
    /// The one line `cli::fail` prints after `error: `.
    pub fn line(&self) -> String {
        match self.next_step() {
            Some(h) => format!("{} (hint: {h})", self.message),
            None => self.message.clone(),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::internal(format!("I/O error: {e}"))
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::internal(format!("JSON error: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_decides_the_exit_code_and_the_missing_hint() {
        let user = Error::user("--limit: must be at least 1");
        assert_eq!((user.exit_code(), user.line().as_str()), (1, "--limit: must be at least 1"));
        let hinted = Error::data("read-only").hint("check the permissions");
        assert_eq!(hinted.line(), "read-only (hint: check the permissions)");
        assert_eq!(hinted.to_string(), hinted.line());
        let bug = Error::internal("database error: x");
        assert_eq!(bug.exit_code(), 1);
        assert!(bug.line().starts_with("database error: x (hint: `pm doctor` checks the notebook"));
        // Embedded in another message, an error says only what it carries.
        assert_eq!(bug.to_string(), "database error: x");
        // The command line names the flag and the next step; a failure that is
        // not the user's keeps its own words.
        let value =
            Error::user("unknown pillar 'X'").on_flag("--pillar").user_hint("pm vision pillar add NAME");
        assert_eq!(value.line(), "--pillar: unknown pillar 'X' (hint: pm vision pillar add NAME)");
        let failed = Error::internal("disk full").on_flag("--pillar").user_hint("pm vision pillar add NAME");
        assert_eq!(failed.message, "disk full");
        assert!(failed.hint.is_none());
        let pipe = Error::closed_pipe();
        assert!(pipe.is_quiet());
        assert_eq!(pipe.exit_code(), 0);
    }
}
