//! What to type next: the commands the domain's findings point at. The domain
//! says what is missing ("not set", "in Now with no evidence"); the command
//! line knows the words that fix it, with the story's own id in them.

use crate::domain::jobstory::Problem;
use crate::domain::score::{Origin, Part};

/// A score input's source in words, and for a missing one the command that
/// gives it ("not set (pm story score S3 --effort N)").
pub fn part_from(story: &str, part: &Part) -> String {
    if part.origin != Origin::Missing {
        return part.from.clone();
    }
    let step = match part.name {
        "reach" => format!("pm story link {story} NOTE, or pm story score {story} --reach N"),
        "demand" => format!("pm story link {story} NOTE --importance N"),
        "confidence" => format!("link notes with a --source, or pm story score {story} --confidence N"),
        name => format!("pm story score {story} --{name} N"),
    };
    format!("{} ({step})", part.from)
}

/// A roadmap problem (`domain::horizon::problems`) with the command that fixes it.
pub fn roadmap_problem(story: &str, code: &str, message: &str) -> String {
    match code {
        "now-without-evidence" => {
            format!("{message}: link the notes that ask for it (pm story link {story} NOTE)")
        }
        "now-without-pillar" => format!("{message}: pm story edit {story} --pillar NAME"),
        _ => message.to_string(),
    }
}

/// A job story's problems, each with the flag that gives the clause it is
/// about (`no-outcome`: `--so "..."`).
pub fn clause_problems(problems: Vec<Problem>) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|mut p| {
            let flag = match p.code {
                "no-situation" => Some("--when"),
                "no-motivation" | "not-a-want" | "no-request" | "complaint" => Some("--want"),
                "no-outcome" => Some("--so"),
                _ => None,
            };
            if let Some(flag) = flag {
                p.message = format!("{} ({flag} \"...\")", p.message);
            }
            p
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(name: &'static str, from: &str) -> Part {
        Part { name, value: None, origin: Origin::Missing, from: from.into() }
    }

    #[test]
    fn a_missing_number_names_the_command_for_this_story_and_a_known_one_only_its_source() {
        assert_eq!(part_from("S3", &missing("effort", "not set")), "not set (pm story score S3 --effort N)");
        assert_eq!(
            part_from("S3", &missing("demand", "not set: no linked note has an importance of 1 or more")),
            "not set: no linked note has an importance of 1 or more (pm story link S3 NOTE --importance N)"
        );
        let set = Part { name: "effort", value: Some(2.0), origin: Origin::Set, from: "set by you".into() };
        assert_eq!(part_from("S3", &set), "set by you");
        let p =
            clause_problems(vec![Problem::new("no-outcome", "no outcome: say what it lets them do".into())]);
        assert_eq!(p[0].message, "no outcome: say what it lets them do (--so \"...\")");
        assert_eq!(
            roadmap_problem("S2", "now-without-pillar", "in Now with no pillar"),
            "in Now with no pillar: pm story edit S2 --pillar NAME"
        );
    }
}
