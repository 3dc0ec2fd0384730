//! Direction analysis for isolation: strong directions of characters and the runs that need isolating.

use crate::model::{Dir, Script};

/// The bidi class that matters here: strong left-to-right, strong right-to-left, a European digit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    L,
    R,
    Digit,
    Neutral,
}

fn class(c: char) -> Class {
    if c.is_ascii_digit() {
        return Class::Digit;
    }
    match Script::of_char(c) {
        Some(Script::Arabic | Script::Hebrew) => Class::R,
        Some(_) => Class::L,
        None if c.is_alphabetic() => Class::L,
        None => Class::Neutral,
    }
}

/// The direction of the first strong character, if any.
pub fn first_strong(text: &str) -> Option<Dir> {
    text.chars().find_map(|c| match class(c) {
        Class::L => Some(Dir::Ltr),
        Class::R => Some(Dir::Rtl),
        _ => None,
    })
}

/// Byte ranges of `text` to isolate against a context direction, with their direction.
///
/// In right-to-left context: runs starting and ending with a left-to-right letter or a digit and
/// holding no right-to-left letter (names, numbers); a number takes along a `%`-like sign after
/// it, a sign before it, and the brackets of a `[n]` marker. In left-to-right context: runs
/// starting and ending with a right-to-left letter.
pub fn foreign_runs(text: &str, ctx: Dir) -> Vec<(usize, usize, Dir)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let is_foreign = |c: char| {
        matches!(
            (ctx, class(c)),
            (Dir::Rtl, Class::L | Class::Digit) | (Dir::Ltr, Class::R)
        )
    };
    let is_own = |c: char| matches!((ctx, class(c)), (Dir::Rtl, Class::R) | (Dir::Ltr, Class::L));
    let run_dir = match ctx {
        Dir::Rtl => Dir::Ltr,
        Dir::Ltr => Dir::Rtl,
    };
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_foreign(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        let mut last = i;
        let mut j = i + 1;
        let mut gap_breaks = false;
        while j < chars.len() && !is_own(chars[j].1) {
            let c = chars[j].1;
            if is_foreign(c) {
                // Two numbers apart (`50% [3]`) or a marker's bracket between stay separate runs.
                let digits_apart = gap_breaks
                    || (class(c) == Class::Digit
                        && class(chars[last].1) == Class::Digit
                        && j > last + 1
                        && chars[last + 1..j].iter().any(|(_, g)| g.is_whitespace()));
                if digits_apart {
                    break;
                }
                last = j;
            } else if "[]".contains(c) {
                gap_breaks = true;
            }
            j += 1;
        }
        let (mut s, mut e) = (start, last + 1);
        // Brackets and quotes whose partner is inside the run come along.
        for (open, close) in [('(', ')'), ('<', '>'), ('“', '”'), ('«', '»')] {
            // (closers without an opener in the run, openers left open at its end)
            let balance = |a: usize, b: usize| {
                let (mut unopened, mut depth) = (0usize, 0usize);
                for (_, ch) in &chars[a..b] {
                    if *ch == open {
                        depth += 1;
                    } else if *ch == close {
                        if depth == 0 {
                            unopened += 1;
                        } else {
                            depth -= 1;
                        }
                    }
                }
                (unopened, depth)
            };
            if s > 0 && chars[s - 1].1 == open && balance(s, e).0 > 0 {
                s -= 1;
            }
            if e < chars.len() && chars[e].1 == close && balance(s, e).1 > 0 {
                e += 1;
            }
        }
        if ctx == Dir::Rtl {
            // Signs that belong to a number: `%` after it, `+`/`-` before it, `[n]` brackets.
            while e < chars.len() && chars[e - 1].1.is_ascii_digit() && "%‰‱°".contains(chars[e].1)
            {
                e += 1;
            }
            if s > 0 && chars[s].1.is_ascii_digit() && "+-−$€£¥₽#".contains(chars[s - 1].1)
            {
                s -= 1;
            }
            if s > 0 && e < chars.len() && chars[s - 1].1 == '[' && chars[e].1 == ']' {
                s -= 1;
                e += 1;
            }
        }
        let byte_end = chars.get(e).map(|(b, _)| *b).unwrap_or(text.len());
        runs.push((chars[s].0, byte_end, run_dir));
        i = e;
    }
    runs
}
