use super::*;
use proptest::prelude::*;

fn fields(pairs: &[(&str, &str)], tags: &[&str]) -> Table {
    let mut t = Table::new();
    t.insert("uid".into(), Value::String("u1".into()));
    for (k, v) in pairs {
        t.insert((*k).into(), Value::String((*v).into()));
    }
    t.insert("tags".into(), Value::Array(tags.iter().map(|s| Value::String((*s).into())).collect()));
    t
}

fn rec(side: &Side) -> &Rec {
    match side {
        Side::Rec(r) => r,
        other => panic!("expected a record, got {other:?}"),
    }
}

#[test]
fn different_fields_changed_on_each_side_both_win() {
    let base = stamp(None, fields(&[("want", "a"), ("so", "b")], &[]), "w0");
    let ours = stamp(Some(&base), fields(&[("want", "A"), ("so", "b")], &[]), "w1");
    let theirs = stamp(Some(&base), fields(&[("want", "a"), ("so", "B")], &[]), "w2");
    let (m, c) = merge(&Side::Rec(base), &Side::Rec(ours), &Side::Rec(theirs));
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(rec(&m).fields["want"].as_str(), Some("A"));
    assert_eq!(rec(&m).fields["so"].as_str(), Some("B"));
}

#[test]
fn the_same_field_on_both_sides_is_a_conflict_won_by_the_higher_writer_on_every_side() {
    let base = stamp(None, fields(&[("want", "a")], &[]), "w0");
    let ours = stamp(Some(&base), fields(&[("want", "mine")], &[]), "w1");
    let theirs = stamp(Some(&base), fields(&[("want", "yours")], &[]), "w2");
    let b = Side::Rec(base);
    let (m1, c1) = merge(&b, &Side::Rec(ours.clone()), &Side::Rec(theirs.clone()));
    let (m2, c2) = merge(&b, &Side::Rec(theirs), &Side::Rec(ours));
    assert_eq!(m1, m2);
    assert_eq!(rec(&m1).fields["want"].as_str(), Some("yours"), "same counter: the higher writer id wins");
    assert_eq!(c1.len(), 1);
    assert_eq!(c1[0].lost.as_ref().and_then(Value::as_str), Some("mine"));
    assert_eq!(c1[0].lost_by, "w1");
    assert_eq!(c2[0].lost.as_ref().and_then(Value::as_str), Some("mine"));
}

#[test]
fn the_side_whose_pushed_value_lost_elsewhere_learns_it_lost() {
    let base = stamp(None, fields(&[("want", "a")], &[]), "w0");
    let mine = stamp(Some(&base), fields(&[("want", "mine")], &[]), "w1");
    let other = stamp(Some(&base), fields(&[("want", "yours")], &[]), "w2");
    // w2 merged both and won; w1 pushed "mine" before and now reads w2's result.
    let (theirs, _) = merge(&Side::Rec(base.clone()), &Side::Rec(other), &Side::Rec(mine.clone()));
    let ours = stamp(Some(&mine), mine.fields.clone(), "w1");
    let (m, c) = merge(&Side::Rec(mine), &Side::Rec(ours), &theirs);
    assert_eq!(rec(&m).fields["want"].as_str(), Some("yours"));
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].lost.as_ref().and_then(Value::as_str), Some("mine"));
    // A later edit that saw "mine" replaces it without a conflict.
    let base = stamp(None, fields(&[("want", "a")], &[]), "w0");
    let mine = stamp(Some(&base), fields(&[("want", "mine")], &[]), "w1");
    let later = stamp(Some(&mine), fields(&[("want", "later")], &[]), "w0");
    let (_, c) = merge(&Side::Rec(mine.clone()), &Side::Rec(mine), &Side::Rec(later));
    assert!(c.is_empty(), "{c:?}");
}

#[test]
fn a_later_counter_wins_over_a_higher_writer() {
    let base = stamp(None, fields(&[("want", "a")], &[]), "w0");
    let first = stamp(Some(&base), fields(&[("want", "z-first")], &[]), "w9");
    let second = stamp(Some(&first), fields(&[("want", "a-second")], &[]), "w1");
    let other = stamp(Some(&base), fields(&[("want", "other")], &[]), "w9");
    let (m, _) = merge(&Side::Rec(base), &Side::Rec(second), &Side::Rec(other));
    assert_eq!(rec(&m).fields["want"].as_str(), Some("a-second"));
}

#[test]
fn lists_merge_as_sets() {
    let base = stamp(None, fields(&[], &["a", "b"]), "w0");
    let ours = stamp(Some(&base), fields(&[], &["b", "c"]), "w1"); // removed a, added c
    let theirs = stamp(Some(&base), fields(&[], &["a", "b", "d"]), "w2"); // added d
    let (m, c) = merge(&Side::Rec(base), &Side::Rec(ours), &Side::Rec(theirs));
    assert!(c.is_empty());
    let tags: Vec<&str> =
        rec(&m).fields["tags"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(tags, ["b", "c", "d"]);
}

#[test]
fn a_deletion_removes_an_unchanged_record_but_never_an_edited_one() {
    let base = stamp(None, fields(&[("body", "x")], &[]), "w0");
    let tomb = Side::Gone(Tomb { uid: "u1".into(), deleted: "2026-11-27T10:00:00Z".into(), by: "w2".into() });
    let same = Side::Rec(stamp(Some(&base), fields(&[("body", "x")], &[]), "w1"));
    let (m, c) = merge(&Side::Rec(base.clone()), &same, &tomb);
    assert_eq!(m, tomb);
    assert!(c.is_empty());
    let edited = Side::Rec(stamp(Some(&base), fields(&[("body", "y")], &[]), "w1"));
    let (m, c) = merge(&Side::Rec(base.clone()), &edited, &tomb);
    assert_eq!(m, edited);
    assert_eq!(c[0].field, "deleted");
    let (m2, _) = merge(&Side::Rec(base), &tomb, &edited);
    assert_eq!(m2, edited, "the same on the deleter's side");
}

#[test]
fn files_read_back_as_written() {
    let r = Side::Rec(stamp(None, fields(&[("want", "a \"quoted\"")], &["x"]), "w0"));
    assert_eq!(Side::parse(&r.text()).unwrap(), r);
    let t = Side::Gone(Tomb { uid: "u1".into(), deleted: "2026-11-27T10:00:00Z".into(), by: "w2".into() });
    assert_eq!(Side::parse(&t.text()).unwrap(), t);
}

#[derive(Debug, Clone)]
enum Op {
    Set(usize, &'static str, u8),
    Tag(usize, u8, bool),
    Delete(usize),
    Sync(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, prop_oneof![Just("want"), Just("so")], 0..4u8).prop_map(|(r, f, v)| Op::Set(r, f, v)),
        (0..3usize, 0..4u8, any::<bool>()).prop_map(|(r, t, add)| Op::Tag(r, t, add)),
        (0..3usize).prop_map(Op::Delete),
        (0..3usize).prop_map(Op::Sync),
    ]
}

/// One clone: its notebook's copy (None once deleted) and the copy it last synced.
#[derive(Clone)]
struct Clone3 {
    id: String,
    here: Option<Table>,
    base: Side,
}

fn sync(c: &mut Clone3, remote: &mut Side) {
    let ours = match (&c.here, &c.base) {
        (Some(f), Side::Rec(b)) => Side::Rec(stamp(Some(b), f.clone(), &c.id)),
        (Some(f), _) => Side::Rec(stamp(None, f.clone(), &c.id)),
        (None, Side::Rec(_)) => {
            Side::Gone(Tomb { uid: "u1".into(), deleted: "2026-11-27T10:00:00Z".into(), by: c.id.clone() })
        }
        (None, other) => other.clone(),
    };
    let (m, _) = merge(&c.base, &ours, remote);
    c.here = match &m {
        Side::Rec(r) => Some(r.fields.clone()),
        _ => None,
    };
    c.base = m.clone();
    *remote = m;
}

proptest! {
    /// Any interleaving of edits on three clones, synced through one remote in
    /// any order, ends with the same record on all three once each has synced twice.
    #[test]
    fn three_clones_converge(ops in proptest::collection::vec(op(), 0..40)) {
        let start = fields(&[("want", "w"), ("so", "s")], &["t0"]);
        let first = Side::Rec(stamp(None, start.clone(), "c0"));
        let mut remote = first.clone();
        let mut clones: Vec<Clone3> = (0..3)
            .map(|i| Clone3 { id: format!("c{i}"), here: Some(start.clone()), base: first.clone() })
            .collect();
        for op in ops {
            match op {
                Op::Set(r, f, v) => {
                    if let Some(t) = clones[r].here.as_mut() {
                        t.insert(f.into(), Value::String(format!("{f}{v}")));
                    }
                }
                Op::Tag(r, tag, add) => {
                    if let Some(Value::Array(tags)) = clones[r].here.as_mut().and_then(|t| t.get_mut("tags")) {
                        let v = Value::String(format!("t{tag}"));
                        tags.retain(|x| x != &v);
                        if add {
                            tags.push(v);
                            tags.sort_by_key(|x| x.to_string());
                        }
                    }
                }
                Op::Delete(r) => clones[r].here = None,
                Op::Sync(r) => sync(&mut clones[r], &mut remote),
            }
        }
        for _ in 0..2 {
            for c in clones.iter_mut() {
                sync(c, &mut remote);
            }
        }
        prop_assert_eq!(&clones[0].here, &clones[1].here);
        prop_assert_eq!(&clones[1].here, &clones[2].here);
    }

    /// Two sides merge to the same record whichever is called ours.
    #[test]
    fn merging_is_symmetric(a in 0..4u8, b in 0..4u8, ta in 0..4u8, tb in 0..4u8, wa in 1..3u8, wb in 1..3u8) {
        let base = stamp(None, fields(&[("want", "w0")], &["t0"]), "w0");
        let x = stamp(Some(&base), fields(&[("want", &format!("w{a}"))], &["t0", &format!("t{ta}")]), &format!("w{wa}"));
        let y = stamp(Some(&base), fields(&[("want", &format!("w{b}"))], &[&format!("t{tb}")]), &format!("w{wb}"));
        let bs = Side::Rec(base);
        let (m1, _) = merge(&bs, &Side::Rec(x.clone()), &Side::Rec(y.clone()));
        let (m2, _) = merge(&bs, &Side::Rec(y), &Side::Rec(x));
        prop_assert_eq!(m1, m2);
    }
}

#[test]
fn a_record_made_on_two_machines_was_made_at_the_earlier_time_without_a_conflict() {
    // A person's uid comes from their name: two machines make one record apart.
    let early = stamp(None, fields(&[("name", "Dana Wu"), ("created", "2026-11-27T10:00:03Z")], &[]), "w1");
    let late = stamp(None, fields(&[("name", "Dana Wu"), ("created", "2026-11-27T10:00:04Z")], &[]), "w2");
    let (m1, c1) = merge(&Side::Absent, &Side::Rec(early.clone()), &Side::Rec(late.clone()));
    let (m2, _) = merge(&Side::Absent, &Side::Rec(late), &Side::Rec(early));
    assert_eq!(m1, m2);
    assert_eq!(rec(&m1).fields["created"].as_str(), Some("2026-11-27T10:00:03Z"));
    assert!(c1.is_empty(), "{c1:?}");
}
