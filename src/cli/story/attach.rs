//! `pm story attach` and `pm story attachment get`: mock-ups and links on stories.

use super::change::live;
use crate::app::App;
use crate::cli::input::opt_text;
use crate::domain::attachment::{self, MAX_BYTES};
use crate::domain::ids::RecordKind;
use crate::domain::text::one_line;
use crate::error::{Error, Result};
use crate::store::attachments::{self, Content};
use crate::store::{self, stories};
use crate::ui::outln;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pm story attach S3 mockup.png --caption \"Export dialog, v2\"
  pm story attach S3 https://figma.com/file/abc --caption \"Prototype\"")]
pub struct AttachArgs {
    id: String,
    /// An image file (PNG, JPEG, SVG or GIF, at most 10 MB) or an http(s) URL
    file: String,
    /// What it shows
    #[arg(long, value_name = "TEXT")]
    caption: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum AttachmentSub {
    /// Write an attachment's bytes to a file (a link: print its URL)
    Get {
        id: String,
        /// The attachment's number, as `pm story show` lists it
        n: i64,
        /// The file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

pub fn attach(app: &App, a: AttachArgs) -> Result<()> {
    let caption = opt_text(a.caption.as_deref().map(one_line));
    let (name, kind, bytes) = if attachment::is_url(&a.file) {
        if a.file.chars().any(char::is_whitespace) {
            return Err(Error::user(format!("'{}' is not a URL: it holds spaces", a.file)));
        }
        (a.file.clone(), "link", None)
    } else {
        let path = PathBuf::from(&a.file);
        let meta = std::fs::metadata(&path)
            .map_err(|e| Error::user(format!("cannot read {}: {e}", path.display())))?;
        if !meta.is_file() {
            return Err(Error::user(format!("{} is not a file", path.display())));
        }
        if meta.len() > MAX_BYTES as u64 {
            return Err(Error::user(format!(
                "{} is {:.1} MB: attachments are at most 10 MB (link a larger file by URL instead)",
                path.display(),
                meta.len() as f64 / 1_048_576.0
            )));
        }
        let bytes =
            std::fs::read(&path).map_err(|e| Error::user(format!("cannot read {}: {e}", path.display())))?;
        let kind = attachment::detect(&bytes).ok_or_else(|| {
            Error::user(format!(
                "{} is not a PNG, JPEG, SVG or GIF image (judged by its content)",
                path.display()
            ))
        })?;
        let name =
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| a.file.clone());
        (name, kind, Some(bytes))
    };
    let mut store = app.write_existing()?;
    let row = live(&store, &a.id)?;
    let now = app.stamp();
    let uid = store::new_uid();
    let n = store.write("story attach", &now, |tx| {
        let content = match &bytes {
            Some(b) => Content::File { kind, bytes: b },
            None => Content::Link(&name),
        };
        let n = attachments::add(tx, row.id, &uid, &name, content, caption.as_deref(), &now)?;
        stories::touch(tx, row.id, &now)?;
        Ok(n)
    })?;
    outln(&format!(
        "{}: attachment {n} {} ({kind})",
        row.display_id(),
        crate::domain::text::printable(&name, false)
    ))
}

pub fn attachment(app: &App, sub: AttachmentSub) -> Result<()> {
    let AttachmentSub::Get { id, n, out } = sub;
    let store = app.read()?;
    let conn = store.conn();
    let story = store::resolve(conn, RecordKind::Story, &id)?;
    let row = stories::get(conn, story)?.ok_or_else(|| Error::user(format!("no story '{id}'")))?;
    let all = attachments::list(conn, story)?;
    let Some(att) = all.iter().find(|x| x.n == n) else {
        return Err(Error::user(format!(
            "{} has no attachment {n} (it has {})",
            row.display_id(),
            all.len()
        )));
    };
    match attachments::bytes(conn, &att.uid)? {
        Some(bytes) => {
            crate::ui::outfile::write("--out", &out, &bytes, app.db_path())?;
            crate::ui::say(&format!("Wrote {} ({} bytes)", out.display(), bytes.len()));
            Ok(())
        }
        None => Err(Error::user(format!(
            "attachment {n} of {} is a link, not a file: {}",
            row.display_id(),
            att.url.as_deref().unwrap_or_default()
        ))),
    }
}
