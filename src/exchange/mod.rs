//! Moving a notebook in and out: JSON export and import, CSV import, the folder
//! of one TOML file per record that a team shares through git, and redaction.

mod checks;
pub mod dir;
pub mod doc;
pub mod doc_read;
pub mod export_doc;
mod folder_files;
pub mod folder_sync;
pub mod merge;
pub mod merge3;
pub mod name_finder;
pub mod notebook_records;
pub mod records;
pub mod redact;
pub mod redacted;
mod sync_conflicts;
mod sync_forget;
pub mod table;
