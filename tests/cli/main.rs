//! Integration tests: the real `pm` binary against temporary notebooks.

// Some tests open a notebook with rusqlite to look inside. The SQLite rusqlite
// calls is the one pm's build script compiles (build.rs), linked through pm's
// library, so this binary links the library even where no test names it.
extern crate pm as _;

mod attachments;
mod brief;
mod common;
mod completions;
mod config;
mod doctor;
mod exchange;
mod forget;
mod history;
mod import;
mod layout;
mod memory;
mod note;
mod nothing_lost;
mod papercuts;
mod people;
mod plans;
mod prompt;
mod readme;
mod reliability;
mod report;
mod roadmap;
mod seams;
mod search;
mod story;
mod sync;
mod titles;
mod typo;
mod vision;
