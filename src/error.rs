//! One error type for the whole program; its kind decides the exit code.

use std::fmt;

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
#[derive(Debug)]
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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                ReadOnly => {
                    return Error::data("the notebook is read-only; nothing was changed")
                        .hint("check the file's permissions");
                }
                DiskFull => return Error::data("the disk is full; nothing was changed"),
                NotADatabase => return Error::data("the notebook file is not a SQLite database"),
                DatabaseBusy | DatabaseLocked => {
                    return Error::data(
                        "the notebook stayed busy (another pm is writing); nothing was changed",
                    );
                }
                _ => {}
            }
        }
        Error::internal(format!("database error: {e}"))
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
