//! Rows from other tools: CSV files (and JSON lists) of notes or stories, their
//! columns named by the header or mapped with `--map FIELD=COLUMN`.

use super::records::{NoteRec, StoryRec};
use crate::domain::dates::{self, Lean};
use crate::domain::ids::RecordKind;
use crate::domain::jobstory;
use crate::domain::note::{normalise_tag, parse_source};
use crate::domain::score::{self, Settings};
use crate::domain::story::parse_status;
use chrono::{DateTime, FixedOffset};

/// What the rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Notes,
    Stories,
    /// Accounts from a CRM export: merged into the organisations by name.
    Orgs,
}

/// The numbers a story is scored with, as columns.
pub const NUMBER_FIELDS: &[&str] =
    &["reach", "impact", "confidence", "effort", "ease", "value", "criticality", "risk"];

pub const NOTE_FIELDS: &[&str] = &["body", "who", "org", "segment", "source", "on", "tags", "stories"];
pub const ORG_FIELDS: &[&str] = &["name", "segment", "plan", "arr", "seats"];
pub const STORY_FIELDS: &[&str] = &[
    "title",
    "request",
    "when",
    "want",
    "so",
    "status",
    "pillar",
    "reach",
    "impact",
    "confidence",
    "effort",
    "ease",
    "value",
    "criticality",
    "risk",
    "from",
    "horizon",
];

impl Kind {
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Notes => NOTE_FIELDS,
            Kind::Stories => STORY_FIELDS,
            Kind::Orgs => ORG_FIELDS,
        }
    }

    /// Guess from the columns: a `body` means notes, a `request` or `want`
    /// stories, a `name` with an `arr` or `seats` accounts.
    pub fn guess(columns: &[String]) -> Option<Kind> {
        let has = |c: &str| columns.iter().any(|x| x == c);
        if has("body") {
            Some(Kind::Notes)
        } else if has("request") || has("want") {
            Some(Kind::Stories)
        } else if has("name") && (has("arr") || has("seats")) {
            Some(Kind::Orgs)
        } else {
            None
        }
    }
}

/// Which column feeds each field, from the header and the `--map` flags.
#[derive(Debug, Clone)]
pub struct Columns {
    /// field name -> column index
    index: Vec<(&'static str, usize)>,
    /// Header names nothing reads.
    pub ignored: Vec<String>,
}

impl Columns {
    /// `header` as in the file; `maps` as FIELD=COLUMN. Errors name the flag or the missing field.
    pub fn new(kind: Kind, header: &[String], maps: &[String]) -> Result<Columns, String> {
        let lower: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let mut index: Vec<(&'static str, usize)> = Vec::new();
        for m in maps {
            let (field, column) =
                m.split_once('=').ok_or_else(|| format!("--map: '{m}' is not FIELD=COLUMN"))?;
            let field = field.trim().to_lowercase();
            let field = kind.fields().iter().find(|f| **f == field).ok_or_else(|| {
                format!("--map: '{field}' is not a field of {kind:?} (fields: {})", kind.fields().join(", "))
                    .replace("Notes", "notes")
                    .replace("Stories", "stories")
                    .replace("Orgs", "orgs")
            })?;
            let at = lower.iter().position(|h| *h == column.trim().to_lowercase()).ok_or_else(|| {
                format!("--map: no column '{}' in the file (columns: {})", column.trim(), header.join(", "))
            })?;
            index.retain(|(f, _)| f != field);
            index.push((field, at));
        }
        for field in kind.fields() {
            if index.iter().any(|(f, _)| f == field) {
                continue;
            }
            if let Some(at) = lower.iter().position(|h| h == field)
                && !index.iter().any(|(_, i)| *i == at)
            {
                index.push((field, at));
            }
        }
        let needed: &[&str] = match kind {
            Kind::Notes => &["body"],
            Kind::Stories => &["request", "want"],
            Kind::Orgs => &["name"],
        };
        if !needed.iter().any(|n| index.iter().any(|(f, _)| f == n)) {
            return Err(format!(
                "no {} column (columns: {}); name one with --map {}=COLUMN",
                needed.join(" or "),
                header.join(", "),
                needed[0]
            ));
        }
        let ignored = header
            .iter()
            .enumerate()
            .filter(|(i, h)| !index.iter().any(|(_, at)| at == i) && !h.trim().is_empty())
            .map(|(_, h)| h.trim().to_string())
            .collect();
        Ok(Columns { index, ignored })
    }

    /// How many of the cells read from `row` have spaces around them (trimmed by [`Columns::get`]).
    pub fn untrimmed(&self, row: &csv::StringRecord) -> usize {
        self.index
            .iter()
            .filter_map(|(_, at)| row.get(*at))
            .filter(|c| !c.trim().is_empty() && c.trim().len() != c.len())
            .count()
    }

    /// The trimmed value of `field` in `row`, `None` when absent or empty.
    pub fn get<'r>(&self, row: &'r csv::StringRecord, field: &str) -> Option<&'r str> {
        let (_, at) = self.index.iter().find(|(f, _)| *f == field)?;
        row.get(*at).map(str::trim).filter(|v| !v.is_empty())
    }
}

/// What reading a row needs: the clock for dates, the scoring settings to check
/// numbers, and the notebook to resolve story ids.
pub struct Context<'a> {
    pub conn: &'a crate::store::Conn,
    pub now: DateTime<FixedOffset>,
    pub stamp: String,
    pub settings: &'a Settings,
    /// Story ids already resolved: a big file names the same stories again and again.
    pub known: std::cell::RefCell<std::collections::HashMap<String, i64>>,
}

fn list(v: Option<&str>) -> Vec<String> {
    v.map(|v| v.split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
        .unwrap_or_default()
}

/// A uid for an imported row: a UUID that starts with the time (version 7)
/// and then a count of the rows minted so far, so a big import's new uids land
/// at the end of the uid index instead of at random places in it (past the page
/// cache, each of those was a read). 48 bits stay random.
fn import_uid(cx: &Context) -> String {
    static MINTED: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let c = MINTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut bytes = [0u8; 10];
    bytes[4..].copy_from_slice(&uuid::Uuid::new_v4().as_bytes()[..6]);
    // 26 bits of count, around the version and variant bits the builder sets.
    bytes[0] = ((c >> 22) & 0x0f) as u8;
    bytes[1] = (c >> 14) as u8;
    bytes[2] = ((c >> 8) & 0x3f) as u8;
    bytes[3] = c as u8;
    let ms = u64::try_from(cx.now.timestamp_millis()).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(ms, &bytes).into_uuid().to_string()
}

/// A note from a row; the error names the field.
pub fn note(cx: &Context, cols: &Columns, row: &csv::StringRecord) -> Result<NoteRec, String> {
    let body = cols.get(row, "body").ok_or("body: is empty")?.to_string();
    let source = cols
        .get(row, "source")
        .map(parse_source)
        .transpose()
        .map_err(|e| format!("source: {e}"))?
        .map(String::from);
    let on = match cols.get(row, "on") {
        Some(d) => dates::parse_date(d, cx.now, Lean::Past).map_err(|e| format!("on: {e}"))?,
        None => cx.now.date_naive(),
    };
    let mut stories = Vec::new();
    for s in list(cols.get(row, "stories")) {
        let known = cx.known.borrow().get(&s).copied();
        let id = match known {
            Some(id) => id,
            None => {
                let id = crate::store::resolve(cx.conn, RecordKind::Story, &s)
                    .map_err(|e| format!("stories: {}", e.message))?;
                cx.known.borrow_mut().insert(s, id);
                id
            }
        };
        if !stories.contains(&id) {
            stories.push(id);
        }
    }
    Ok(NoteRec {
        uid: import_uid(cx),
        body,
        who: cols.get(row, "who").map(String::from),
        org: cols.get(row, "org").map(String::from),
        segment: cols.get(row, "segment").map(String::from),
        source,
        on: on.format("%Y-%m-%d").to_string(),
        tags: list(cols.get(row, "tags")).iter().filter_map(|t| normalise_tag(t)).collect(),
        created: cx.stamp.clone(),
        updated: cx.stamp.clone(),
        id: None,
        stories,
        who_uid: None,
        org_uid: None,
        minted: true,
    })
}

/// An account from a row: its name and the fields the row fills (an empty
/// cell changes nothing); the error names the field.
pub fn org(
    cols: &Columns,
    row: &csv::StringRecord,
) -> Result<(String, crate::store::people::OrgEdit), String> {
    use crate::domain::money;
    let name = cols.get(row, "name").ok_or("name: is empty")?;
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = |f: &str| cols.get(row, f).map(|v| Some(v.to_string()));
    let arr = match cols.get(row, "arr") {
        Some(v) => Some(money::parse(v).map_err(|e| format!("arr: '{v}' {e}"))?),
        None => None,
    };
    let seats = match cols.get(row, "seats") {
        Some(v) => Some(money::parse_seats(v).map_err(|e| format!("seats: '{v}' {e}"))?),
        None => None,
    };
    Ok((name, crate::store::people::OrgEdit { segment: text("segment"), plan: text("plan"), arr, seats }))
}

/// A story from a row, drafted as a job story from its request where the clauses
/// are not given; the error names the field.
pub fn story(cx: &Context, cols: &Columns, row: &csv::StringRecord) -> Result<StoryRec, String> {
    let request = cols.get(row, "request").map(String::from);
    let given = |f: &str| cols.get(row, f).map(jobstory::normalise);
    let drafted = jobstory::parse(request.as_deref().unwrap_or(""));
    let clauses = jobstory::Clauses {
        when: given("when").or(drafted.when),
        want: given("want").or(drafted.want),
        so: given("so").or(drafted.so),
        actor: drafted.actor,
    };
    let request = match request {
        Some(r) => r,
        None if clauses.want.is_some() => jobstory::render(&clauses),
        None => return Err("request: is empty (give a request or a want)".into()),
    };
    let status =
        parse_status(cols.get(row, "status").unwrap_or("idea")).map_err(|e| format!("status: {e}"))?;
    let number = |name: &str| -> Result<Option<f64>, String> {
        let Some(raw) = cols.get(row, name) else { return Ok(None) };
        let v: f64 = raw
            .trim_end_matches('%')
            .trim()
            .parse()
            .map_err(|_| format!("{name}: '{raw}' is not a number"))?;
        score::validate(name, v, cx.settings.framework).map(Some).map_err(|e| format!("{name}: {e}"))
    };
    let title = cols.get(row, "title").map(|t| t.trim().to_string()).filter(|t| {
        !t.is_empty() && *t != crate::domain::title::draft_title(&request, clauses.want.as_deref())
    });
    Ok(StoryRec {
        uid: import_uid(cx),
        title,
        request,
        actor: clauses.actor,
        when: clauses.when,
        want: clauses.want,
        so: clauses.so,
        requested_by: cols.get(row, "from").map(String::from),
        status: status.to_string(),
        pillar: cols.get(row, "pillar").map(String::from),
        reach: number("reach")?,
        impact: number("impact")?,
        confidence: number("confidence")?,
        effort: number("effort")?,
        ease: number("ease")?,
        value: number("value")?,
        criticality: number("criticality")?,
        risk: number("risk")?,
        merged_into: None,
        created: cx.stamp.clone(),
        updated: cx.stamp.clone(),
        evidence: Vec::new(),
        history: Vec::new(),
        horizon: cols
            .get(row, "horizon")
            .filter(|h| !h.trim().is_empty())
            .map(|h| crate::domain::horizon::parse(h).map(String::from))
            .transpose()
            .map_err(|e| format!("horizon: {e}"))?,
        rank: None,
        attachments: Vec::new(),
        id: None,
    })
}

/// Line numbers of byte offsets in a text read front to back: `\n`, `\r\n` and
/// a lone `\r` each end a line (the CSV reader's own count is one short per
/// record after a `\r\n`). Holds only the bytes from the last offset asked
/// about on (fed by [`Tee`] as the file is read), so a file of any size is
/// read in flat memory.
pub struct Lines {
    /// The offset in the text of `held[0]`.
    base: usize,
    held: Vec<u8>,
    at: usize,
    line: u64,
}

impl Default for Lines {
    fn default() -> Self {
        Lines { base: 0, held: Vec::new(), at: 0, line: 1 }
    }
}

impl Lines {
    pub fn new(text: &str) -> Self {
        Lines { base: 0, held: text.as_bytes().to_vec(), at: 0, line: 1 }
    }

    /// More of the text, as read.
    pub fn push(&mut self, bytes: &[u8]) {
        self.held.extend_from_slice(bytes);
    }

    /// The line that byte `offset` is on (offsets must not go backwards).
    pub fn of(&mut self, offset: usize) -> u64 {
        let end = offset.min(self.base + self.held.len());
        if end > self.at {
            let from = self.at - self.base;
            let chunk = &self.held[from..end - self.base];
            let newlines = chunk.iter().filter(|b| **b == b'\n').count();
            let lone_cr = chunk
                .iter()
                .enumerate()
                .filter(|(i, b)| **b == b'\r' && self.held.get(from + i + 1) != Some(&b'\n'))
                .count();
            self.line += (newlines + lone_cr) as u64;
            self.at = end;
        }
        self.line
    }

    /// The text held from `start` to `end` (as much of it as is held).
    pub fn text(&self, start: usize, end: usize) -> &[u8] {
        let len = self.base + self.held.len();
        let (start, end) = (start.clamp(self.base, len), end.clamp(self.base, len));
        &self.held[start - self.base..end.max(start) - self.base]
    }

    /// Nothing before `offset` will be asked about again: let it go (in
    /// steps, so the bytes kept are not moved at every record).
    pub fn forget_before(&mut self, offset: usize) {
        let drop = offset.min(self.at).saturating_sub(self.base).min(self.held.len());
        if drop >= 1 << 16 {
            self.held.drain(..drop);
            self.base += drop;
        }
    }
}

/// A reader that hands each byte it reads to a shared [`Lines`] too.
pub struct Tee<R> {
    pub inner: R,
    pub lines: std::rc::Rc<std::cell::RefCell<Lines>>,
}

impl<R: std::io::Read> std::io::Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.lines.borrow_mut().push(&buf[..n]);
        Ok(n)
    }
}

/// Check that a file is UTF-8 as it is read, in pieces, with the message of
/// [`utf8`]; its number of lines.
pub fn utf8_lines(mut r: impl std::io::Read) -> std::io::Result<Result<usize, String>> {
    let mut buf = vec![0u8; 1 << 16];
    // Bytes of a character cut at the end of the last piece.
    let mut carry = 0usize;
    let (mut newlines, mut last, mut first) = (0usize, None, true);
    loop {
        let n = match r.read(&mut buf[carry..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let mut piece = &buf[..carry + n];
        if first {
            if piece.len() < 3 && n > 0 {
                carry = piece.len();
                continue;
            }
            piece = piece.strip_prefix(b"\xef\xbb\xbf").unwrap_or(piece);
            first = false;
        }
        if n == 0 && carry == 0 {
            break;
        }
        let valid = match std::str::from_utf8(piece) {
            Ok(_) => piece.len(),
            Err(e) if e.error_len().is_none() && n > 0 => e.valid_up_to(),
            Err(e) => {
                let line = newlines + piece[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
                return Ok(Err(format!(
                    "is not UTF-8 text (line {line} has bytes of another encoding); save it as UTF-8 and import again"
                )));
            }
        };
        newlines += piece[..valid].iter().filter(|b| **b == b'\n').count();
        if valid > 0 {
            last = Some(piece[valid - 1]);
        }
        let rest = piece.len() - valid;
        let from = piece.len() - rest + (carry + n - piece.len());
        buf.copy_within(from..carry + n, 0);
        carry = rest;
        if n == 0 {
            break;
        }
    }
    Ok(Ok(newlines + usize::from(last.is_some_and(|b| b != b'\n'))))
}

/// How many fields of one raw CSV record have quotes CSV does not allow (a
/// quote inside an unquoted field, text after a closing quote): the reader
/// repairs them by reading the quotes as text.
pub fn badly_quoted(raw: &str) -> usize {
    if !raw.contains('"') {
        return 0;
    }
    let raw = raw.trim_end_matches(['\r', '\n']);
    let mut bad = 0;
    let mut chars = raw.chars().peekable();
    loop {
        // One field.
        let mut broken = false;
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                    }
                    Some('"') | None => break,
                    Some(_) => {}
                }
            }
            if !matches!(chars.peek(), Some(',') | None) {
                broken = true;
            }
        }
        loop {
            match chars.next() {
                Some(',') | None => break,
                Some('"') => broken = true,
                Some(_) => {}
            }
        }
        bad += usize::from(broken);
        if chars.peek().is_none() && !raw.ends_with(',') {
            break;
        }
        if chars.peek().is_none() {
            break;
        }
    }
    bad
}

/// Refuse bytes that are not UTF-8, saying where the first bad byte is; drop a BOM.
pub fn utf8(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        format!(
            "is not UTF-8 text (line {line} has bytes of another encoding); save it as UTF-8 and import again"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn headers_are_matched_ignoring_case_and_maps_take_other_columns() {
        let c = Columns::new(Kind::Notes, &header(&["Body", "Customer", "Votes"]), &["who=customer".into()])
            .unwrap();
        let row = csv::StringRecord::from(vec![" hello ", "Ann", "3"]);
        assert_eq!(c.get(&row, "body"), Some("hello"));
        assert_eq!(c.get(&row, "who"), Some("Ann"));
        assert_eq!(c.ignored, ["Votes"]);
        let e = Columns::new(Kind::Notes, &header(&["text"]), &[]).unwrap_err();
        assert!(e.contains("no body column") && e.contains("--map body=COLUMN"), "{e}");
        let e = Columns::new(Kind::Notes, &header(&["body"]), &["colour=body".into()]).unwrap_err();
        assert!(e.starts_with("--map: 'colour' is not a field of notes"), "{e}");
        let e = Columns::new(Kind::Notes, &header(&["body"]), &["who=nobody".into()]).unwrap_err();
        assert!(e.contains("no column 'nobody'"), "{e}");
        assert_eq!(Kind::guess(&header(&["want", "so"])), Some(Kind::Stories));
    }

    #[test]
    fn import_24_lines_count_crlf_and_bad_quotes_are_found() {
        let text = "a\r\nb\r\n\"c\r\nd\"\r\ne\rf\n";
        let mut lines = Lines::new(text);
        assert_eq!(lines.of(0), 1);
        assert_eq!(lines.of(text.find('b').unwrap()), 2);
        assert_eq!(lines.of(text.find('e').unwrap()), 5);
        assert_eq!(lines.of(text.find('f').unwrap()), 6);
        assert_eq!(badly_quoted("a,\"b,c\",d\r\n"), 0);
        assert_eq!(badly_quoted("a,\"say \"\"hi\"\"\",d"), 0);
        assert_eq!(badly_quoted("a,b\"c,\"d\"e,f"), 2);
        assert_eq!(badly_quoted("plain,row"), 0);
    }

    #[test]
    fn non_utf8_is_refused_with_its_line_and_a_bom_is_dropped() {
        assert_eq!(utf8(b"\xef\xbb\xbfbody\nhi").unwrap(), "body\nhi");
        let e = utf8(b"body\ncaf\xe9\n").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
    }

    fn context<'a>(store: &'a crate::store::Store, settings: &'a Settings) -> Context<'a> {
        Context {
            conn: store.conn(),
            now: chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z").unwrap(),
            stamp: "2026-11-20T09:00:00Z".into(),
            settings,
            known: Default::default(),
        }
    }

    fn empty_store() -> crate::store::Store {
        crate::store::Store::open_for_read(std::path::Path::new("/nonexistent/pm.db")).unwrap()
    }

    /// Text a spreadsheet may hold in a cell: quotes, commas, line breaks of
    /// every kind, spaces around it, control and bidi characters.
    const CELL: &str = "([a-zA-Z0-9 ,\"\r\n\t#é\u{202e}\u{200b}\u{1b}-]){0,30}";

    proptest::proptest! {
        /// Any values written as CSV (quoted as a spreadsheet quotes them) come
        /// back as the note's fields: trimmed, an empty cell as none, the tags
        /// split at ';' and normalised; an empty body is refused naming `body`.
        #[test]
        fn any_cell_written_as_csv_reads_back_as_the_same_field(
            body in CELL,
            who in CELL,
            org in CELL,
            tags in proptest::collection::vec("[a-zA-Z0-9 #é,\"\n-]{0,12}", 0..4),
        ) {
            let store = empty_store();
            let settings = Settings::default();
            let cx = context(&store, &settings);
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["Body", "who", "ORG", "tags"]).unwrap();
            w.write_record([&body, &who, &org, &tags.join(";")]).unwrap();
            let bytes = w.into_inner().unwrap();
            let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes.as_slice());
            let head: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
            let cols = Columns::new(Kind::Notes, &head, &[]).unwrap();
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            proptest::prop_assert_eq!(rows.len(), 1, "one record, whatever its cells hold");
            let cell = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
            match note(&cx, &cols, &rows[0]) {
                Ok(n) => {
                    proptest::prop_assert_eq!(Some(n.body), cell(&body));
                    proptest::prop_assert_eq!(n.who, cell(&who));
                    proptest::prop_assert_eq!(n.org, cell(&org));
                    let want: Vec<String> = tags.iter().filter_map(|t| normalise_tag(t)).collect();
                    proptest::prop_assert_eq!(n.tags, want);
                    proptest::prop_assert_eq!(n.on, "2026-11-20");
                }
                Err(e) => {
                    proptest::prop_assert!(body.trim().is_empty(), "refused {body:?}: {e}");
                    proptest::prop_assert_eq!(e, "body: is empty");
                }
            }
        }

        /// Any bytes as a CSV file: rows become notes, or an error that starts
        /// with the field at fault, a field the file has a column for; never a panic.
        #[test]
        fn any_csv_is_read_or_refused_naming_the_field(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
            header in "(body|who|on|tags|source|stories)(,(body|who|org|on|tags|source|stories|x)){0,4}\r?\n",
            rows in "([a-z0-9 ;,\"\r\n\u{202e}\u{200b}é-]|S1|2026-02-30|yesterday){0,60}",
        ) {
            let store = empty_store();
            let settings = Settings::default();
            let cx = context(&store, &settings);
            for input in [bytes.clone(), format!("{header}{rows}").into_bytes()] {
                let Ok(text) = utf8(&input) else { continue };
                let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
                let Ok(head) = reader.headers().map(|h| h.iter().map(String::from).collect::<Vec<_>>()) else { continue };
                let Ok(cols) = Columns::new(Kind::Notes, &head, &[]) else { continue };
                for row in reader.records() {
                    let Ok(row) = row else { break };
                    if let Err(e) = note(&cx, &cols, &row) {
                        let (field, _) = e.split_once(": ").unwrap_or_default();
                        proptest::prop_assert!(NOTE_FIELDS.contains(&field), "{e}");
                        // The field at fault is one the row fills, or the body it lacks.
                        proptest::prop_assert!(
                            cols.get(&row, field).is_some() || field == "body",
                            "{e} names an empty field"
                        );
                    }
                    if let Err(e) = story(&cx, &cols, &row) {
                        let (field, _) = e.split_once(": ").unwrap_or_default();
                        proptest::prop_assert!(STORY_FIELDS.contains(&field), "{e}");
                    }
                }
            }
        }
    }
}
