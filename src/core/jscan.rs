//! A minimal scanner over the top-level members of a JSON object, for reading one or two
//! fields (a user's `id`, a JWT's `exp`/`iat`) without a full parse of everything else.
//!
//! It does not validate JSON: callers use it only on text serde_json has validated already,
//! or take its answer as a fast path with the full parse as the fallback. Anything it does
//! not understand (an escaped key, bad syntax) is `Bad`, and the caller falls back.

/// How a scan ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Scan {
    /// The visitor asked to stop, or the object closed.
    Done,
    /// The text ended before the object did (a prefix was given).
    NeedMore,
    /// Not something this scanner reads (not an object, an escaped key, bad syntax).
    Bad,
}

fn skip_ws(t: &[u8], mut i: usize) -> usize {
    while i < t.len() && matches!(t[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// `t[i]` is the opening quote; returns the index after the closing one, and whether the
/// string held a backslash escape.
fn skip_string(t: &[u8], mut i: usize) -> Result<(usize, bool), Scan> {
    i += 1;
    let mut escaped = false;
    while i < t.len() {
        match t[i] {
            b'"' => return Ok((i + 1, escaped)),
            b'\\' => {
                escaped = true;
                i += 2;
            }
            _ => i += 1,
        }
    }
    Err(Scan::NeedMore)
}

/// Returns the index just past the value starting at `t[i]`.
fn skip_value(t: &[u8], i: usize) -> Result<usize, Scan> {
    match t.get(i) {
        None => Err(Scan::NeedMore),
        Some(b'"') => Ok(skip_string(t, i)?.0),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < t.len() {
                match t[j] {
                    b'"' => {
                        j = skip_string(t, j)?.0;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            Err(Scan::NeedMore)
        }
        Some(_) => {
            // A number or literal: runs to the next delimiter, which must be in the text.
            let mut j = i;
            while j < t.len() {
                if matches!(t[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                    return if j == i { Err(Scan::Bad) } else { Ok(j) };
                }
                j += 1;
            }
            Err(Scan::NeedMore)
        }
    }
}

/// Hands each top-level member of the object at the start of `text` to `visit(key, raw
/// value)` (the key without its quotes) until `visit` returns false or the object closes.
pub(crate) fn members<'a>(text: &'a [u8], mut visit: impl FnMut(&'a [u8], &'a [u8]) -> bool) -> Scan {
    let mut run = || -> Result<(), Scan> {
        let t = text;
        let mut i = skip_ws(t, 0);
        match t.get(i) {
            Some(b'{') => i += 1,
            None => return Err(Scan::NeedMore),
            Some(_) => return Err(Scan::Bad),
        }
        i = skip_ws(t, i);
        match t.get(i) {
            Some(b'}') => return Ok(()),
            None => return Err(Scan::NeedMore),
            _ => {}
        }
        loop {
            i = skip_ws(t, i);
            match t.get(i) {
                Some(b'"') => {}
                None => return Err(Scan::NeedMore),
                Some(_) => return Err(Scan::Bad),
            }
            let (end, escaped) = skip_string(t, i)?;
            if escaped {
                return Err(Scan::Bad);
            }
            let key = &t[i + 1..end - 1];
            i = skip_ws(t, end);
            match t.get(i) {
                Some(b':') => i += 1,
                None => return Err(Scan::NeedMore),
                Some(_) => return Err(Scan::Bad),
            }
            i = skip_ws(t, i);
            let value_end = skip_value(t, i)?;
            if !visit(key, &t[i..value_end]) {
                return Ok(());
            }
            i = skip_ws(t, value_end);
            match t.get(i) {
                Some(b',') => i += 1,
                Some(b'}') => return Ok(()),
                None => return Err(Scan::NeedMore),
                Some(_) => return Err(Scan::Bad),
            }
        }
    };
    match run() {
        Ok(()) => Scan::Done,
        Err(e) => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(text: &str) -> (Vec<(String, String)>, Scan) {
        let mut out = Vec::new();
        let scan = members(text.as_bytes(), |k, v| {
            out.push((String::from_utf8(k.to_vec()).unwrap(), String::from_utf8(v.to_vec()).unwrap()));
            true
        });
        (out, scan)
    }

    #[test]
    fn reads_top_level_members_and_skips_nested_values() {
        let (m, scan) = collect(r#" { "a" : 1 , "b":{"x":[1,"}\"]"],"y":{}},"c":"s\"}","d":[{"e":2}],"f":true,"g":null} "#);
        assert_eq!(scan, Scan::Done);
        let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c", "d", "f", "g"]);
        assert_eq!(m[1].1, r#"{"x":[1,"}\"]"],"y":{}}"#);
        assert_eq!(m[2].1, r#""s\"}""#);
        assert_eq!(m[4].1, "true");
        assert_eq!(collect("{}").1, Scan::Done);
    }

    #[test]
    fn prefixes_need_more_and_oddities_are_bad() {
        for prefix in [r#"{"a":1"#, r#"{"a":12"#, r#"{"a":"x"#, r#"{"a":{"b":1}"#, r#"{"a""#, "{", " "] {
            assert_eq!(collect(prefix).1, Scan::NeedMore, "{prefix}");
        }
        for bad in [r#"["a"]"#, r#"{"\u0061":1}"#, r#"{a:1}"#, r#"{"a" 1}"#, r#"{"a":,}"#] {
            assert_eq!(collect(bad).1, Scan::Bad, "{bad}");
        }
    }

    #[test]
    fn the_visitor_can_stop_early() {
        let mut seen = 0;
        assert_eq!(
            members(br#"{"id":"u","rest":[1,2"#, |_, _| {
                seen += 1;
                false
            }),
            Scan::Done
        );
        assert_eq!(seen, 1);
    }
}
