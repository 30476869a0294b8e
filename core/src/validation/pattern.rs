//! Field patterns: the portable dialect.
//!
//! A definition's `pattern` is written once and checked in three places: by
//! the `regex` crate here, by JSON Schema validators (whose `pattern` is an
//! ECMA-262 regular expression: the `jsonschema` crate and `ajv`, which uses
//! the `u` flag) on the exported schema. The three only agree on a common
//! subset, so a pattern must be written in it, and is translated here to the
//! `regex` crate's syntax with ECMA-262 meaning:
//!
//! - literals, `.` (any character but `\n`, `\r`, U+2028, U+2029), `^`, `$`
//!   (start and end of the whole string), `|`, groups `(...)` and `(?:...)`;
//! - quantifiers `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` (counts up to 1000),
//!   each optionally lazy (`*?`);
//! - classes `[...]` and `[^...]` with ranges `a-z`; a `-` that is not a
//!   range is the first or last item, or escaped;
//! - escapes `\d \D \w \W` (ASCII, as in ECMA-262), `\s \S` (ECMA-262
//!   whitespace), `\t \n \r \f \v`, `\xHH`, `\uHHHH`, `\u{H...}`, and a
//!   backslash before one of ``^ $ \ . * + ? ( ) [ ] { } | /`` (and `-` in a
//!   class).
//!
//! Everything else is rejected with a message naming it: `\b` (its meaning
//! differs between the engines), backreferences, look-around, inline flags,
//! named groups, `\p{..}`, POSIX classes, a `[` inside a class, and a lone
//! `{`, `}` or `]`. (`&&`, `~~` in a class are literal characters, as in
//! ECMA-262; the translation escapes them for the `regex` crate.)

use regex::{Regex, RegexBuilder};

/// The longest pattern accepted, in characters.
pub const MAX_PATTERN_CHARS: usize = 4096;
/// The largest count accepted in a `{n,m}` quantifier.
pub const MAX_REPEAT: u32 = 1000;
/// Compiled-size limit of one pattern, so that checking a definition stays cheap.
const SIZE_LIMIT: usize = 1 << 21;

/// ECMA-262 `.`: every character but the line terminators.
const DOT: &str = r"[^\n\r\x{2028}\x{2029}]";
/// ECMA-262 `\s`: `WhiteSpace` and `LineTerminator`.
const SPACE: &str =
    r"\t-\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// Compiles a portable pattern into a `regex` crate matcher with ECMA-262
/// meaning; the error says what is not portable.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    let translated = translate(pattern)?;
    RegexBuilder::new(&translated)
        .size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => "pattern is too large once compiled".to_string(),
            other => format!("pattern does not compile: {other}"),
        })
}

/// Translates a portable pattern to the `regex` crate's syntax.
pub fn translate(pattern: &str) -> Result<String, String> {
    if pattern.chars().count() > MAX_PATTERN_CHARS {
        return Err(format!(
            "pattern is longer than {MAX_PATTERN_CHARS} characters"
        ));
    }
    let mut t = Translator {
        chars: pattern.chars().collect(),
        pos: 0,
        out: String::with_capacity(pattern.len() + 16),
    };
    t.run()?;
    Ok(t.out)
}

/// What the previous token lets the next one do.
#[derive(Clone, Copy, PartialEq)]
enum Prev {
    /// Start of the pattern or of a group, after `|`, or an assertion: no quantifier.
    Nothing,
    /// An atom: a quantifier may follow.
    Atom,
    /// A quantifier: only a lazy `?` may follow.
    Quantifier,
    /// A lazy quantifier: nothing quantifies it again.
    Lazy,
}

/// One item of a character class.
enum ClassItem {
    /// A single character (may start or end a range).
    Char(char),
    /// A class escape such as `\d` (already translated).
    Set(&'static str, bool),
}

struct Translator {
    chars: Vec<char>,
    pos: usize,
    out: String,
}

impl Translator {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn err(&self, what: &str) -> String {
        format!("{what} at character {}", self.pos)
    }

    fn run(&mut self) -> Result<(), String> {
        let mut prev = Prev::Nothing;
        let mut depth = 0usize;
        while let Some(c) = self.next() {
            prev = match c {
                '\\' => {
                    self.escape_outside()?;
                    Prev::Atom
                }
                '.' => {
                    self.out.push_str(DOT);
                    Prev::Atom
                }
                '^' | '$' => {
                    self.out.push(c);
                    Prev::Nothing
                }
                '|' => {
                    self.out.push('|');
                    Prev::Nothing
                }
                '(' => {
                    if self.peek() == Some('?') {
                        self.pos += 1;
                        if self.next() != Some(':') {
                            return Err(self.err(
                                "only `(?:` groups are portable (no look-around, flags or named groups)",
                            ));
                        }
                    }
                    depth += 1;
                    self.out.push_str("(?:");
                    Prev::Nothing
                }
                ')' => {
                    if depth == 0 {
                        return Err(self.err("unmatched `)`"));
                    }
                    depth -= 1;
                    // An empty group matches nothing to repeat; some engines reject `(?:){2}`.
                    let empty = self.out.ends_with("(?:");
                    self.out.push(')');
                    if empty { Prev::Nothing } else { Prev::Atom }
                }
                '*' | '+' | '?' => self.quantifier(prev, &c.to_string())?,
                '{' => {
                    let q = self.braces()?;
                    self.quantifier(prev, &q)?
                }
                '}' | ']' => return Err(self.err(&format!("unescaped `{c}`"))),
                '[' => {
                    self.class()?;
                    Prev::Atom
                }
                other => {
                    push_literal(&mut self.out, other);
                    Prev::Atom
                }
            };
        }
        if depth != 0 {
            return Err(self.err("unclosed `(`"));
        }
        Ok(())
    }

    fn quantifier(&mut self, prev: Prev, q: &str) -> Result<Prev, String> {
        match prev {
            Prev::Atom => {
                self.out.push_str(q);
                Ok(Prev::Quantifier)
            }
            Prev::Quantifier if q == "?" => {
                self.out.push('?');
                Ok(Prev::Lazy)
            }
            Prev::Quantifier | Prev::Lazy => Err(self.err(&format!("`{q}` repeats a quantifier"))),
            Prev::Nothing => Err(self.err(&format!("`{q}` has nothing to repeat"))),
        }
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` (the `{` already read).
    fn braces(&mut self) -> Result<String, String> {
        let min = self
            .number()?
            .ok_or_else(|| self.err("`{` must start a quantifier `{n}`, `{n,}` or `{n,m}`"))?;
        let mut q = format!("{{{min}");
        let mut max = None;
        if self.peek() == Some(',') {
            self.pos += 1;
            q.push(',');
            if let Some(m) = self.number()? {
                q.push_str(&m.to_string());
                max = Some(m);
            }
        }
        if self.next() != Some('}') {
            return Err(self.err("`{` must start a quantifier `{n}`, `{n,}` or `{n,m}`"));
        }
        q.push('}');
        if max.is_some_and(|m| m < min) {
            return Err(self.err("quantifier range is out of order"));
        }
        Ok(q)
    }

    /// Reads decimal digits; `None` when there are none.
    fn number(&mut self) -> Result<Option<u32>, String> {
        let start = self.pos;
        let mut value: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            self.pos += 1;
            value = value.saturating_mul(10).saturating_add(d);
        }
        if value > MAX_REPEAT {
            return Err(self.err(&format!("repetition count above {MAX_REPEAT}")));
        }
        Ok((self.pos > start).then_some(value))
    }

    fn escape_outside(&mut self) -> Result<(), String> {
        let Some(c) = self.next() else {
            return Err(self.err("pattern ends with a lone `\\`"));
        };
        if let Some((set, negated)) = class_escape(c) {
            self.out
                .push_str(&format!("[{}{set}]", if negated { "^" } else { "" }));
            return Ok(());
        }
        let ch = self.char_escape(c, false)?;
        push_literal(&mut self.out, ch);
        Ok(())
    }

    /// The character a non-class escape `\c` stands for.
    fn char_escape(&mut self, c: char, in_class: bool) -> Result<char, String> {
        Ok(match c {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'f' => '\u{0C}',
            'v' => '\u{0B}',
            'x' => self.hex_fixed(2)?,
            'u' => {
                if self.peek() == Some('{') {
                    self.pos += 1;
                    self.hex_braced()?
                } else {
                    self.hex_fixed(4)?
                }
            }
            '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
            | '/' => c,
            '-' if in_class => c,
            'b' | 'B' => {
                return Err(self.err(
                    "`\\b` and `\\B` are not portable (word boundaries differ between engines)",
                ));
            }
            '0'..='9' => return Err(self.err("backreferences and octal escapes are not portable")),
            other => return Err(self.err(&format!("escape `\\{other}` is not portable"))),
        })
    }

    fn hex_fixed(&mut self, digits: usize) -> Result<char, String> {
        let mut value = 0u32;
        for _ in 0..digits {
            let d = self
                .next()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.err(&format!("expected {digits} hex digits")))?;
            value = value * 16 + d;
        }
        char::from_u32(value).ok_or_else(|| self.err("escape names a surrogate, not a character"))
    }

    fn hex_braced(&mut self) -> Result<char, String> {
        let mut value = 0u32;
        let mut digits = 0;
        loop {
            match self.next() {
                Some('}') if digits > 0 => break,
                Some(c) if c.is_ascii_hexdigit() && digits < 6 => {
                    value = value * 16 + c.to_digit(16).unwrap_or(0);
                    digits += 1;
                }
                _ => return Err(self.err("expected `\\u{` hex digits `}`")),
            }
        }
        char::from_u32(value).ok_or_else(|| self.err("escape is not a unicode scalar value"))
    }

    /// Translates a class (the `[` already read).
    fn class(&mut self) -> Result<(), String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut items: Vec<String> = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.next() else {
                return Err(self.err("unclosed `[`"));
            };
            if c == ']' {
                if first {
                    return Err(self.err("empty class `[]` or `[^]` is not portable"));
                }
                break;
            }
            let start_item = self.class_atom(c)?;
            first = false;
            let is_range =
                self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|n| *n != ']');
            if !is_range {
                items.push(render_item(&start_item));
                continue;
            }
            self.pos += 1; // the `-`
            let Some(end_c) = self.next() else {
                return Err(self.err("unclosed `[`"));
            };
            let end_item = self.class_atom(end_c)?;
            match (start_item, end_item) {
                (ClassItem::Char(a), ClassItem::Char(b)) => {
                    if a > b {
                        return Err(self.err("class range is out of order"));
                    }
                    let mut s = String::new();
                    push_literal(&mut s, a);
                    s.push('-');
                    push_literal(&mut s, b);
                    items.push(s);
                }
                _ => return Err(self.err("a class escape cannot be a range end")),
            }
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|n| *n != ']') {
                return Err(self.err("escape a `-` that follows a range"));
            }
        }
        self.out.push('[');
        if negated {
            self.out.push('^');
        }
        for item in items {
            self.out.push_str(&item);
        }
        self.out.push(']');
        Ok(())
    }

    fn class_atom(&mut self, c: char) -> Result<ClassItem, String> {
        match c {
            '\\' => {
                let Some(e) = self.next() else {
                    return Err(self.err("pattern ends with a lone `\\`"));
                };
                if let Some((set, negated)) = class_escape(e) {
                    return Ok(ClassItem::Set(set, negated));
                }
                Ok(ClassItem::Char(self.char_escape(e, true)?))
            }
            '[' => Err(self.err("`[` inside a class must be escaped")),
            other => Ok(ClassItem::Char(other)),
        }
    }
}

/// The translated body of `\d`, `\w`, `\s` and whether it is negated.
fn class_escape(c: char) -> Option<(&'static str, bool)> {
    match c {
        'd' => Some(("0-9", false)),
        'D' => Some(("0-9", true)),
        'w' => Some(("A-Za-z0-9_", false)),
        'W' => Some(("A-Za-z0-9_", true)),
        's' => Some((SPACE, false)),
        'S' => Some((SPACE, true)),
        _ => None,
    }
}

fn render_item(item: &ClassItem) -> String {
    match item {
        ClassItem::Char(c) => {
            let mut s = String::new();
            push_literal(&mut s, *c);
            s
        }
        // A nested class is a union member of the enclosing class.
        ClassItem::Set(set, negated) => format!("[{}{set}]", if *negated { "^" } else { "" }),
    }
}

fn push_literal(out: &mut String, c: char) {
    let mut buf = [0u8; 4];
    out.push_str(&regex::escape(c.encode_utf8(&mut buf)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_to_ecma_meaning() {
        let cases = [
            (r"^\d+$", "^[0-9]+$"),
            (r"\w\W", "[A-Za-z0-9_][^A-Za-z0-9_]"),
            ("a.b", r"a[^\n\r\x{2028}\x{2029}]b"),
            ("(a|b)", "(?:a|b)"),
            (r"[^\d\-a-z]", r"[^[0-9]\-a-z]"),
            (r"\x41\u00e9\u{1F600}", "Aé😀"),
            ("a{2,}?", "a{2,}?"),
            ("[&~#]", r"[\&\~\#]"),
        ];
        for (source, expected) in cases {
            assert_eq!(translate(source).as_deref(), Ok(expected), "{source}");
        }
    }

    #[test]
    fn errors_name_the_problem() {
        let err = |p: &str| translate(p).err().unwrap_or_default();
        assert_eq!(
            err(r"\b"),
            "`\\b` and `\\B` are not portable (word boundaries differ between engines) at character 2"
        );
        assert_eq!(
            err("(?i)a"),
            "only `(?:` groups are portable (no look-around, flags or named groups) at character 3"
        );
        assert_eq!(err("a{1001}"), "repetition count above 1000 at character 6");
        assert_eq!(err("x**"), "`*` repeats a quantifier at character 3");
        assert!(compile(&"(?:a{1000}){1000}".repeat(3)).is_err());
        assert!(translate(&"a".repeat(MAX_PATTERN_CHARS + 1)).is_err());
    }
}
