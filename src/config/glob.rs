//! The file globs of the configuration: `*` (any characters but `/`), `?`
//! (one of them), `**` (any number of whole folders), `[abc]` and `[a-z]`
//! (one of a set). A glob with a `/` is matched against the path relative
//! to the configuration's folder; one without, against the file's name in
//! any folder (as `.gitignore` does).

/// A glob, split into its `/`-separated parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    parts: Vec<Part>,
    /// Written without a `/`: matched against the file's name.
    name_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    /// `**`: any number of folders.
    Folders,
    /// One folder or file name.
    Name(Vec<Token>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    AnyChar,
    AnyChars,
    /// `[...]`: ranges of characters, and whether the set is negated (`[!...]`).
    Set(Vec<(char, char)>, bool),
}

impl Glob {
    pub fn new(pattern: &str) -> Result<Glob, String> {
        let trimmed = pattern.trim_start_matches("./");
        if trimmed.is_empty() {
            return Err("it is empty".to_string());
        }
        let name_only = !trimmed.trim_start_matches('/').contains('/');
        let parts = trimmed
            .trim_start_matches('/')
            .split('/')
            .filter(|part| !part.is_empty())
            .map(|part| {
                if part == "**" {
                    Ok(Part::Folders)
                } else {
                    tokens(part).map(Part::Name)
                }
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Glob { parts, name_only })
    }

    /// Whether the glob matches the file at `path` (relative, `/`-separated),
    /// whose name is `name`.
    pub fn matches(&self, path: &str, name: &str) -> bool {
        if self.name_only {
            return match self.parts.as_slice() {
                [Part::Name(tokens)] => name_matches(tokens, name),
                _ => true,
            };
        }
        let segments: Vec<&str> = path
            .split('/')
            .filter(|part| !part.is_empty() && *part != ".")
            .collect();
        parts_match(&self.parts, &segments)
    }
}

fn tokens(part: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = part.chars();
    while let Some(ch) = chars.next() {
        tokens.push(match ch {
            '*' => {
                if tokens.last() != Some(&Token::AnyChars) {
                    Token::AnyChars
                } else {
                    continue;
                }
            }
            '?' => Token::AnyChar,
            '[' => {
                let mut ranges = Vec::new();
                let mut negated = false;
                let mut closed = false;
                let mut first = true;
                while let Some(ch) = chars.next() {
                    match ch {
                        '!' | '^' if first => negated = true,
                        ']' if !first || !ranges.is_empty() => {
                            closed = true;
                            break;
                        }
                        _ => {
                            let mut ahead = chars.clone();
                            if ahead.next() == Some('-') && ahead.clone().next().is_some_and(|end| end != ']') {
                                let end = ahead.next().unwrap_or(ch);
                                chars = ahead;
                                ranges.push((ch, end));
                            } else {
                                ranges.push((ch, ch));
                            }
                        }
                    }
                    first = false;
                }
                if !closed {
                    return Err("a `[` is never closed".to_string());
                }
                Token::Set(ranges, negated)
            }
            ch => Token::Char(ch),
        });
    }
    Ok(tokens)
}

/// Whether the parts match the path's segments: `**` takes any number.
/// Linear in parts × segments (each pair is tried once).
fn parts_match(parts: &[Part], segments: &[&str]) -> bool {
    // reachable[j]: the parts so far can match the first j segments.
    let mut reachable = vec![false; segments.len() + 1];
    reachable[0] = true;
    for part in parts {
        let mut next = vec![false; segments.len() + 1];
        match part {
            Part::Folders => {
                let mut any = false;
                for j in 0..=segments.len() {
                    any |= reachable[j];
                    next[j] = any;
                }
            }
            Part::Name(tokens) => {
                for j in 0..segments.len() {
                    if reachable[j] && name_matches(tokens, segments[j]) {
                        next[j + 1] = true;
                    }
                }
            }
        }
        reachable = next;
    }
    reachable[segments.len()]
}

/// Whether one name matches the tokens of one part: the classic two-pointer
/// match with backtracking to the last `*`, linear for practical globs.
fn name_matches(tokens: &[Token], name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    let (mut t, mut c) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while c < chars.len() {
        let one = |token: &Token| match token {
            Token::Char(expected) => *expected == chars[c],
            Token::AnyChar => true,
            Token::Set(ranges, negated) => {
                ranges.iter().any(|&(low, high)| low <= chars[c] && chars[c] <= high) != *negated
            }
            Token::AnyChars => false,
        };
        match tokens.get(t) {
            Some(Token::AnyChars) => {
                star = Some((t, c));
                t += 1;
            }
            Some(token) if one(token) => {
                t += 1;
                c += 1;
            }
            _ => match star {
                Some((star_t, star_c)) => {
                    t = star_t + 1;
                    c = star_c + 1;
                    star = Some((star_t, star_c + 1));
                }
                None => return false,
            },
        }
    }
    tokens[t.min(tokens.len())..]
        .iter()
        .all(|token| *token == Token::AnyChars)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap();
        Glob::new(pattern).unwrap().matches(path, name)
    }

    #[test]
    fn globs_match_as_gitignore_does() {
        assert!(matches("express/**/*.asl.json", "express/a.asl.json"));
        assert!(matches("express/**/*.asl.json", "express/x/y/a.asl.json"));
        assert!(!matches("express/**/*.asl.json", "other/express/a.asl.json"));
        assert!(matches("*.asl.yaml", "deep/down/b.asl.yaml"));
        assert!(!matches("*.asl.yaml", "b.asl.json"));
        assert!(matches("**/legacy-*.json", "legacy-1.json"));
        assert!(matches("flows/order?.asl.json", "flows/order1.asl.json"));
        assert!(matches("flows/[a-c]*.json", "flows/b.json"));
        assert!(!matches("flows/[!a-c]*.json", "flows/b.json"));
        assert!(matches("./flows/*", "flows/x"));
        assert!(!matches("flows/*", "flows/x/y"));
        assert!(Glob::new("flows/[ab").is_err());
        assert!(Glob::new("").is_err());
    }
}
