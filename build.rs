//! Compiles the SQLite that pm links (sqlite/, the amalgamation libsqlite3-sys
//! 0.35 bundles, SQLite 3.50.2) with the options pm needs, so that every build
//! gets them: `cargo install --git`, a registry install and a dependant ignore
//! `.cargo/config.toml`, which is where they used to be set.
//!
//! libsqlite3-sys is told (feature `in_gecko`) that the host links SQLite
//! itself: it then compiles nothing and only provides the bindings. The options
//! are libsqlite3-sys's own bundled ones plus three of pm's:
//! - the pre-update hook, which fills the operation log (src/store/log/);
//! - fdatasync instead of fsync where SQLite syncs, as distributions build it
//!   (a commit does not wait for the file's times to reach the disk);
//! - no global memory statistics, which cost a mutex on every allocation.

fn main() {
    println!("cargo:rerun-if-changed=sqlite/sqlite3.c");
    println!("cargo:rerun-if-changed=sqlite/sqlite3.h");
    let mut build = cc::Build::new();
    build.file("sqlite/sqlite3.c").include("sqlite").warnings(false);
    // Optimised in debug builds too: the tests run many notebooks, some with
    // hundreds of thousands of rows.
    build.opt_level(3);
    for flag in [
        // As libsqlite3-sys compiles its bundled copy (build.rs, build_bundled).
        "SQLITE_CORE",
        "SQLITE_DEFAULT_FOREIGN_KEYS=1",
        "SQLITE_ENABLE_API_ARMOR",
        "SQLITE_ENABLE_COLUMN_METADATA",
        "SQLITE_ENABLE_DBSTAT_VTAB",
        "SQLITE_ENABLE_FTS3",
        "SQLITE_ENABLE_FTS3_PARENTHESIS",
        "SQLITE_ENABLE_FTS5",
        "SQLITE_ENABLE_JSON1",
        "SQLITE_ENABLE_LOAD_EXTENSION=1",
        "SQLITE_ENABLE_MEMORY_MANAGEMENT",
        "SQLITE_ENABLE_RTREE",
        "SQLITE_ENABLE_STAT4",
        "SQLITE_SOUNDEX",
        "SQLITE_THREADSAFE=1",
        "SQLITE_USE_URI",
        "HAVE_USLEEP=1",
        "HAVE_ISNAN",
        "HAVE_LOCALTIME_R",
        // pm's own.
        "SQLITE_ENABLE_PREUPDATE_HOOK",
        "HAVE_FDATASYNC=1",
        "SQLITE_DEFAULT_MEMSTATUS=0",
    ] {
        build.flag(format!("-D{flag}"));
    }
    build.compile("pm_sqlite3");
}
