//! The FFI to SQLite's pre-update hook, the one place pm uses `unsafe`. The
//! functions exist only when SQLite is compiled with
//! SQLITE_ENABLE_PREUPDATE_HOOK, which build.rs does for the copy in sqlite/;
//! libsqlite3-sys's prebuilt bindings leave them out, and its own
//! `preupdate_hook` feature needs bindgen, and so libclang, to build.
#![allow(unsafe_code)]

use super::{Change, Value};
use rusqlite::Connection;
use rusqlite::ffi::{self, sqlite3, sqlite3_value};
use std::ffi::{CStr, c_char, c_int, c_void};

type Callback =
    unsafe extern "C" fn(*mut c_void, *mut sqlite3, c_int, *const c_char, *const c_char, i64, i64);

unsafe extern "C" {
    fn sqlite3_preupdate_hook(db: *mut sqlite3, hook: Option<Callback>, arg: *mut c_void) -> *mut c_void;
    fn sqlite3_preupdate_old(db: *mut sqlite3, column: c_int, out: *mut *mut sqlite3_value) -> c_int;
    fn sqlite3_preupdate_new(db: *mut sqlite3, column: c_int, out: *mut *mut sqlite3_value) -> c_int;
}

pub fn install(conn: &Connection) {
    // SAFETY: the handle is live while `conn` is; the callback keeps no pointer
    // past its call and needs no argument.
    unsafe {
        sqlite3_preupdate_hook(conn.handle(), Some(on_change), std::ptr::null_mut());
    }
}

unsafe extern "C" fn on_change(
    _: *mut c_void,
    db: *mut sqlite3,
    op: c_int,
    schema: *const c_char,
    table: *const c_char,
    _: i64,
    _: i64,
) {
    // SAFETY: SQLite passes NUL-terminated names, valid for the call.
    let (schema, table) = unsafe { (CStr::from_ptr(schema), CStr::from_ptr(table)) };
    if schema.to_bytes() != b"main" {
        return;
    }
    let Some(table) = super::wanted(table.to_bytes(), op == ffi::SQLITE_INSERT) else { return };
    let side = |old: bool| {
        move |column: usize| {
            let mut value = std::ptr::null_mut();
            // SAFETY: called during the hook, as the API requires; the value is
            // copied out before the hook returns.
            unsafe {
                let rc = if old {
                    sqlite3_preupdate_old(db, column as c_int, &mut value)
                } else {
                    sqlite3_preupdate_new(db, column as c_int, &mut value)
                };
                if rc == ffi::SQLITE_OK { read(value) } else { Value::Null }
            }
        }
    };
    let change = match op {
        ffi::SQLITE_INSERT => Change::Insert(&side(false)),
        ffi::SQLITE_DELETE => Change::Delete(&side(true)),
        ffi::SQLITE_UPDATE => Change::Update(&side(true), &side(false)),
        _ => return,
    };
    super::on_change(table, change);
}

/// SAFETY: `v` must be null or a valid `sqlite3_value`.
unsafe fn read(v: *mut sqlite3_value) -> Value {
    if v.is_null() {
        return Value::Null;
    }
    unsafe {
        match ffi::sqlite3_value_type(v) {
            ffi::SQLITE_INTEGER => Value::Integer(ffi::sqlite3_value_int64(v)),
            ffi::SQLITE_FLOAT => Value::Real(ffi::sqlite3_value_double(v)),
            kind @ (ffi::SQLITE_TEXT | ffi::SQLITE_BLOB) => {
                // Text first (it converts to UTF-8), then its length in bytes.
                let p = if kind == ffi::SQLITE_TEXT {
                    ffi::sqlite3_value_text(v)
                } else {
                    ffi::sqlite3_value_blob(v) as *const u8
                };
                let n = ffi::sqlite3_value_bytes(v) as usize;
                let bytes = if p.is_null() { &[][..] } else { std::slice::from_raw_parts(p, n) };
                Value::Text(String::from_utf8_lossy(bytes).into_owned())
            }
            _ => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    /// The SQLite build.rs compiles is the one linked, with the hook, and it is
    /// the version the bindings were made for (sqlite/ must move with
    /// libsqlite3-sys).
    #[test]
    fn linked_sqlite_is_the_vendored_build() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let options: Vec<String> = conn
            .prepare("PRAGMA compile_options")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for wanted in ["ENABLE_PREUPDATE_HOOK", "DEFAULT_MEMSTATUS=0", "ENABLE_FTS5"] {
            assert!(options.iter().any(|o| o == wanted), "{wanted} missing from {options:?}");
        }
        let bindings = rusqlite::ffi::SQLITE_VERSION.to_str().unwrap();
        assert_eq!(rusqlite::version(), bindings);
    }
}
