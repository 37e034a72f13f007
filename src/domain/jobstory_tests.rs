use super::*;
use proptest::prelude::*;

/// (input, when, want, so, actor); "" means None.
const TABLE: &[(&str, &str, &str, &str, &str)] = &[
    // user stories
    (
        "As a PM, I want to export notes to CSV, so that I can share them with finance.",
        "",
        "export notes to CSV",
        "share them with finance",
        "PM",
    ),
    (
        "As a PM I want to export notes to CSV so that I can share them with finance",
        "",
        "export notes to CSV",
        "share them with finance",
        "PM",
    ),
    (
        "as an admin, i want to reset passwords so that users can log in again",
        "",
        "reset passwords",
        "users can log in again",
        "admin",
    ),
    (
        "As the account owner, I would like to see invoices, so that I can pay on time.",
        "",
        "see invoices",
        "pay on time",
        "account owner",
    ),
    (
        "As a user I need to undo a delete so that I don't lose work",
        "",
        "undo a delete",
        "I don't lose work",
        "user",
    ),
    (
        "As a sales rep, I can log calls from my phone, so that my pipeline stays current.",
        "",
        "log calls from my phone",
        "my pipeline stays current",
        "sales rep",
    ),
    (
        "As a manager, I want to see team velocity. So that I can plan sprints.",
        "",
        "see team velocity",
        "plan sprints",
        "manager",
    ),
    (
        "As a manager, I want to see team velocity. So that I can plan sprints",
        "",
        "see team velocity",
        "plan sprints",
        "manager",
    ),
    (
        "  As a   PM ,  I want to   tag notes ,  so that I can   find them later .  ",
        "",
        "tag notes",
        "find them later",
        "PM",
    ),
    ("As a PM, I want to to tag notes so that I can find them", "", "tag notes", "find them", "PM"),
    (
        "\u{201c}As a PM, I want to tag notes, so that I can find them.\u{201d}",
        "",
        "tag notes",
        "find them",
        "PM",
    ),
    ("As a PM, I\u{2019}d like to tag notes, so that I can find them", "", "tag notes", "find them", "PM"),
    (
        "As a developer, I want to run tests in order to ship safely",
        "",
        "run tests",
        "ship safely",
        "developer",
    ),
    ("As a developer I want to run tests so I can ship safely", "", "run tests", "ship safely", "developer"),
    (
        "As a customer, I want to be able to pay by invoice so that my finance team is happy",
        "",
        "pay by invoice",
        "my finance team is happy",
        "customer",
    ),
    ("As a visitor, I want to sign up with Google", "", "sign up with Google", "", "visitor"),
    ("AS A PM, I WANT TO SEE SCORES SO THAT I CAN RANK", "", "SEE SCORES", "RANK", "PM"),
    (
        "As a PM, I want to see the evidence when I open a story, so that I trust the score",
        "I open a story",
        "see the evidence",
        "I trust the score",
        "PM",
    ),
    (
        "As a PM, I want to get a reminder every time a check-in is due so that I can prepare",
        "a check-in is due",
        "get a reminder",
        "prepare",
        "PM",
    ),
    (
        "As a support agent, I want to link tickets after a call so that nothing is lost",
        "a call",
        "link tickets",
        "nothing is lost",
        "support agent",
    ),
    (
        "As an enterprise buyer, I need SSO so that IT approves the purchase",
        "",
        "SSO",
        "IT approves the purchase",
        "enterprise buyer",
    ),
    (
        "As a PM, I want to export, so that the team sees the roadmap",
        "",
        "export",
        "the team sees the roadmap",
        "PM",
    ),
    (
        "As a café owner, I want to print menus so that guests can order",
        "",
        "print menus",
        "guests can order",
        "café owner",
    ),
    ("As a PM,I want to tag notes,so that I can find them", "", "tag notes", "find them", "PM"),
    // job stories already in form
    (
        "When I finish an interview, I want to capture notes quickly, so I can get back to work.",
        "I finish an interview",
        "capture notes quickly",
        "get back to work",
        "",
    ),
    (
        "When I finish an interview, I want to capture notes, so that I can get back to work",
        "I finish an interview",
        "capture notes",
        "get back to work",
        "",
    ),
    (
        "when a deal closes, i want to notify the team, so the team can start onboarding",
        "a deal closes",
        "notify the team",
        "the team can start onboarding",
        "",
    ),
    (
        "When the month ends I want to export invoices so I can close the books",
        "the month ends",
        "export invoices",
        "close the books",
        "",
    ),
    (
        "Whenever a build fails, I want to be alerted, so that I can fix it",
        "a build fails",
        "be alerted",
        "fix it",
        "",
    ),
    (
        "After a customer call, I want to log what they said, so that the team hears it",
        "a customer call",
        "log what they said",
        "the team hears it",
        "",
    ),
    (
        "Every time I plan a sprint, I want to see the top stories, so I can choose",
        "I plan a sprint",
        "see the top stories",
        "choose",
        "",
    ),
    (
        "When I'm on the road, I need to read notes offline, so I can prepare for meetings",
        "I'm on the road",
        "read notes offline",
        "prepare for meetings",
        "",
    ),
    ("When I open pm, I want to see what changed", "I open pm", "see what changed", "", ""),
    (
        "When exports take an hour, we want to get them in a minute, so we can close the month",
        "exports take an hour",
        "get them in a minute",
        "we can close the month",
        "",
    ),
    // plain requests
    ("Add CSV export", "", "use CSV export", "", ""),
    ("Please add dark mode", "", "use dark mode", "", ""),
    ("please add dark mode!", "", "use dark mode", "", ""),
    ("Add SSO", "", "use SSO", "", ""),
    ("Support SAML login", "", "use SAML login", "", ""),
    ("It would be nice if exports were faster", "", "have exports be faster", "", ""),
    ("It would be great if the report was shorter", "", "have the report be shorter", "", ""),
    ("I wish I could search by customer", "", "search by customer", "", ""),
    ("Can you make exports faster?", "", "make exports faster", "", ""),
    ("Could you please add an API for notes", "", "use API for notes", "", ""),
    ("We need to export to Jira", "", "export to Jira", "", ""),
    ("I'd like to merge duplicate stories", "", "merge duplicate stories", "", ""),
    ("Let me pin a story to the top", "", "pin a story to the top", "", ""),
    ("Feature request: bulk edit tags", "", "bulk edit tags", "", ""),
    ("Add CSV export so I can send it to finance", "", "use CSV export", "send it to finance", ""),
    ("Add CSV export so that finance gets the numbers", "", "use CSV export", "finance gets the numbers", ""),
    ("When I close the month, add CSV export", "I close the month", "use CSV export", "", ""),
    ("Export to CSV every time the quarter ends", "the quarter ends", "export to CSV", "", ""),
    ("Dark mode", "", "dark mode", "", ""),
    ("dark mode pls", "", "dark mode pls", "", ""),
    ("SSO", "", "SSO", "", ""),
    ("Offline mode for the mobile app", "", "offline mode for the mobile app", "", ""),
    ("Make the dashboard load in under 2 seconds", "", "make the dashboard load in under 2 seconds", "", ""),
    ("Integrate with Slack", "", "integrate with Slack", "", ""),
    ("Give me a weekly digest", "", "use weekly digest", "", ""),
    // unicode, odd punctuation, empty
    ("Exportar a CSV, por favor", "", "exportar a CSV, por favor", "", ""),
    ("📊 Add charts 📈", "", "📊 Add charts 📈", "", ""),
    ("日本語のサポートを追加", "", "日本語のサポートを追加", "", ""),
    ("", "", "", "", ""),
    ("   ", "", "", "", ""),
    ("...", "", "", "", ""),
    ("As a", "", "as a", "", ""),
    ("so that", "", "so that", "", ""),
];

#[test]
fn the_drafter_reads_a_table_of_real_requests() {
    let mut failures = Vec::new();
    for (input, when, want, so, actor) in TABLE {
        let c = parse(input);
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let expected = Clauses { when: opt(when), want: opt(want), so: opt(so), actor: opt(actor) };
        if c != expected {
            failures.push(format!("{input:?}\n   got {c:?}\n  want {expected:?}"));
        }
    }
    assert!(TABLE.len() >= 60, "the table holds {} inputs", TABLE.len());
    assert!(
        failures.is_empty(),
        "{} of {} drafts differ:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
}

#[test]
fn rendering_reads_naturally() {
    let c = parse("As a PM, I want to export notes, so that I can share them");
    assert_eq!(render(&c), "When …, I want to export notes, so I can share them.");
    let c = Clauses {
        when: Some("the month ends".into()),
        want: Some("export".into()),
        so: Some("the team sees the totals".into()),
        actor: None,
    };
    assert_eq!(render(&c), "When the month ends, I want to export, so the team sees the totals.");
    assert_eq!(
        draft("When I finish an interview, I want to capture notes, so I can get back to work").text,
        "When I finish an interview, I want to capture notes, so I can get back to work."
    );
}

#[test]
fn a_long_request_is_flagged_too_long() {
    let words: Vec<String> = (0..60).map(|i| format!("step{i}")).collect();
    let long = format!("As a PM, I want to {} so that I can rest", words.join(" "));
    let d = draft(&long);
    assert!(d.problems.iter().any(|p| p.code == "too-long"), "{:?}", d.problems);
}

fn codes(request: &str) -> Vec<&'static str> {
    draft(request).problems.iter().map(|p| p.code).collect()
}

#[test]
fn lint_finds_each_kind_of_problem() {
    assert_eq!(
        codes("When I finish an interview, I want to capture notes, so I can get back to work"),
        Vec::<&str>::new()
    );
    assert_eq!(codes("Add SSO"), ["no-situation", "no-outcome"]);
    assert_eq!(
        codes("When a product manager, I want to tag notes, so I can find them"),
        ["persona-not-situation"]
    );
    assert_eq!(
        codes("When I'm a manager, I want to tag notes, so I can find them"),
        ["persona-not-situation"]
    );
    assert_eq!(
        codes("When I plan, I want to click a button to export, so I can share"),
        ["solution-in-motivation"]
    );
    assert_eq!(
        codes("When I plan, I want to export and share reports, so I can align"),
        ["several-motivations"]
    );
    assert_eq!(codes("When I plan, I want to export quickly, so I can share"), ["vague-words"]);
    assert_eq!(
        codes("When I plan, I want to export in under 5 seconds, so I can share fast"),
        Vec::<&str>::new()
    );
    assert_eq!(codes(""), ["no-situation", "no-motivation", "no-outcome"]);
}

proptest! {
    #[test]
    fn the_drafter_never_panics_and_returns_clean_fields(s in "\\PC{0,300}") {
        let d = draft(&s);
        for f in [&d.when, &d.want, &d.so, &d.actor].into_iter().flatten() {
            prop_assert!(!f.is_empty());
            prop_assert_eq!(f.trim(), f.as_str());
            prop_assert!(!f.chars().any(char::is_control));
        }
        prop_assert!(d.text.starts_with("When ") && d.text.ends_with('.'));
        prop_assert_eq!(d.problems.clone(), lint(&Clauses { when: d.when.clone(), want: d.want.clone(), so: d.so.clone(), actor: d.actor.clone() }));
    }

    #[test]
    fn user_stories_with_any_words_keep_role_goal_and_benefit(role in "[a-z]{3,10}", goal in "[a-z]{3,10} [a-z]{3,10}", benefit in "[a-z]{3,10} [a-z]{3,10}") {
        prop_assume!(!["and", "so", "that", "when", "after", "whenever", "plus"].iter().any(|w| goal.split(' ').any(|g| g == *w) || benefit.split(' ').any(|g| g == *w) || role == *w));
        let c = parse(&format!("As a {role}, I want to {goal} so that I can {benefit}."));
        prop_assert_eq!(c.actor, Some(role));
        prop_assert_eq!(c.want, Some(goal));
        prop_assert_eq!(c.so, Some(benefit));
    }
}
