//! `pm story`: feature requests rewritten as job stories, backed by evidence, scored.

mod add;
mod attach;
mod change;
mod plan;
mod quality;
mod view;

use crate::app::App;
use crate::error::{Error, Result};

/// Add a job story (the default), or list, show, score, link, merge and lint stories
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    flatten_help = true,
    after_help = "\
Examples:
  pm story \"As a PM, I want to export notes to CSV so that I can share them with finance\" --evidence N3
  pm story \"Add SSO\" --when \"IT reviews a new tool\" --so \"IT approves the purchase\" --impact 2 --effort 3
  pm story draft \"It would be nice if exports were faster\"
  pm story list --sort score
  pm story show S3
  pm story link S3 N7 N9 --importance 2
  pm story score S3 --reach 40 --impact 2 --confidence 80 --effort 3"
)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    #[command(flatten)]
    add: add::AddArgs,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Print the job-story draft of TEXT and its problems; stores nothing
    Draft(quality::DraftArgs),
    /// List stories, best score first
    List(view::ListArgs),
    /// Show a story: the job story, the request, the evidence, the score and why, the history
    Show { id: String },
    /// Change a story's words, requester or pillar; with no flags on a terminal, asks for each clause
    Edit(change::EditArgs),
    /// Delete stories (their evidence links go; the notes stay)
    Rm {
        #[arg(required = true)]
        ids: Vec<String>,
        /// Don't ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Set the numbers behind a story's score; `auto` lets reach or confidence be derived again
    Score(change::ScoreArgs),
    /// Move a story to idea, planned, doing, shipped or dropped
    Status(change::StatusArgs),
    /// Link notes to a story as evidence (linking again sets the importance)
    Link(change::LinkArgs),
    /// Remove evidence links
    Unlink {
        id: String,
        #[arg(required = true)]
        notes: Vec<String>,
    },
    /// Likely duplicates of a story, best first
    Similar(quality::SimilarArgs),
    /// Merge a duplicate into the story to keep: evidence moves, the duplicate's request is kept
    Merge { duplicate: String, into: String },
    /// Quality problems of one story, or of all
    #[command(after_help = LINT_CODES)]
    Lint { id: Option<String> },
    /// Place a story on the roadmap (now, next or later), move it, or take it off with --clear
    Plan(plan::PlanArgs),
    /// Attach a mock-up (PNG, JPEG, SVG or GIF, up to 10 MB) or a link to a story
    Attach(attach::AttachArgs),
    /// A story's attachments: write one back out
    #[command(subcommand)]
    Attachment(attach::AttachmentSub),
}

/// The lint codes, for `pm story lint --help` (the README has the same table).
const LINT_CODES: &str = "\
Codes:
  no-situation            no \"When ...\"; a hint only on a converted user story
  no-motivation           no \"I want ...\"
  no-outcome              no \"so ...\"
  persona-not-situation   the situation names who (\"I'm a manager\"), not when
  not-a-want              the motivation is not an action or a thing wanted (a sentence
                          with its own subject, a modal, a conjunction, several sentences)
  solution-in-motivation  interface detail (button, dropdown, popup, click ...)
  several-motivations     two actions joined by \"and\"/\"or\", not two things
  vague-words             \"fast\", \"easy\", \"better\" ... with no number
  too-long                the rendered story is over 280 characters
  no-request, complaint   (pm story draft) nothing asked for / a complaint with no clear request";

pub fn run(app: &App, args: Args) -> Result<()> {
    match args.command {
        None => add::run(app, args.add),
        Some(Sub::Draft(a)) => quality::draft(app, a),
        Some(Sub::List(a)) => view::list(app, a),
        Some(Sub::Show { id }) => view::show(app, &id),
        Some(Sub::Edit(a)) => change::edit(app, a),
        Some(Sub::Rm { ids, yes }) => change::rm(app, &ids, yes),
        Some(Sub::Score(a)) => change::score(app, a),
        Some(Sub::Status(a)) => change::status(app, a),
        Some(Sub::Link(a)) => change::link(app, a),
        Some(Sub::Unlink { id, notes }) => change::unlink(app, &id, &notes),
        Some(Sub::Similar(a)) => quality::similar(app, a),
        Some(Sub::Merge { duplicate, into }) => change::merge(app, &duplicate, &into),
        Some(Sub::Lint { id }) => quality::lint(app, id.as_deref()),
        Some(Sub::Plan(a)) => plan::plan(app, a),
        Some(Sub::Attach(a)) => attach::attach(app, a),
        Some(Sub::Attachment(a)) => attach::attachment(app, a),
    }
}

/// The numbers a story can be scored with, shared by `pm story` and `pm story score`.
#[derive(Debug, Default, clap::Args)]
pub struct NumberArgs {
    /// RICE reach: people affected per period [default: distinct people in the evidence]
    #[arg(long, value_name = "N")]
    reach: Option<String>,
    /// RICE impact: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal (ICE: 1-10)
    #[arg(long, value_name = "N")]
    impact: Option<String>,
    /// Confidence in percent, 1-100 [default: from the number of distinct sources]
    #[arg(long, value_name = "N")]
    confidence: Option<String>,
    /// Effort in person-weeks (or months, as configured); WSJF job size
    #[arg(long, value_name = "N")]
    effort: Option<String>,
    /// ICE ease, 1-10
    #[arg(long, value_name = "N")]
    ease: Option<String>,
    /// WSJF business value
    #[arg(long, value_name = "N")]
    value: Option<String>,
    /// WSJF time criticality
    #[arg(long, value_name = "N")]
    criticality: Option<String>,
    /// WSJF risk reduction / opportunity enablement
    #[arg(long, value_name = "N")]
    risk: Option<String>,
}

impl NumberArgs {
    /// Apply the flags given to `inputs`, checking each value for the framework in use.
    fn apply(&self, inputs: &mut crate::domain::score::Inputs, app: &App) -> Result<bool> {
        let framework = app.settings.framework;
        let mut changed = false;
        for (name, given, slot) in [
            ("reach", &self.reach, &mut inputs.reach),
            ("impact", &self.impact, &mut inputs.impact),
            ("confidence", &self.confidence, &mut inputs.confidence),
            ("effort", &self.effort, &mut inputs.effort),
            ("ease", &self.ease, &mut inputs.ease),
            ("value", &self.value, &mut inputs.value),
            ("criticality", &self.criticality, &mut inputs.criticality),
            ("risk", &self.risk, &mut inputs.risk),
        ] {
            let Some(raw) = given else { continue };
            changed = true;
            let raw = raw.trim().trim_end_matches('%');
            if ["auto", "derive", "derived", "-", ""].contains(&raw) {
                *slot = None;
                continue;
            }
            let v: f64 = raw
                .parse()
                .map_err(|_| Error::user(format!("--{name}: '{raw}' is not a number (or `auto`)")))?;
            let v = crate::domain::score::validate(name, v, framework)
                .map_err(|e| Error::user(format!("--{name}: {e}")))?;
            *slot = Some(v);
        }
        Ok(changed)
    }
}
