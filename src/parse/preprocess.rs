//! mermaid's rewrites of a diagram before its lexer runs, reproduced exactly.
//!
//! `mermaid.parse` does not lex the text the user wrote: it normalises line
//! ends, cuts out YAML front matter and `%%{…}%%` directives, deletes `%%`
//! comment lines, hides `#name;` entity codes behind placeholders, appends a
//! newline and squeezes whitespace after `}`. Several of these change what
//! parses (a `#fff;` in a style is left alone, a `#quot;` in a label becomes a
//! placeholder token), so we make the same rewrites, each recorded in a
//! [`SourceMap`] so diagnostics still point into the original text.

use super::chars::{find_byte, has, is_js_space, is_word, space_len};
use super::error::{ErrorKind, ParseError};
use super::source_map::{Rewriter, SourceMap};
use super::yaml;
use serde_json::Value;
use std::borrow::Cow;
use std::ops::Range;

/// The text the lexer reads, plus everything the rewrites took out of it.
#[derive(Debug)]
pub struct Preprocessed {
    /// The rewritten diagram text (what mermaid's lexer sees).
    pub text: String,
    /// Maps offsets in `text` back to the original source.
    pub map: SourceMap,
    /// The YAML front matter, if the diagram starts with one.
    pub front_matter: Option<FrontMatter>,
    /// `%%{init: …}%%` and other directives, in source order.
    pub directives: Vec<Directive>,
}

/// YAML front matter (`---` … `---`) at the top of a diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct FrontMatter {
    /// `title:`, as a string.
    pub title: Option<String>,
    /// `config:` (theme, themeVariables, flowchart options, look, layout, …).
    pub config: Option<Value>,
    /// Where the front matter sits in the original source.
    pub span: Range<usize>,
}

/// One `%%{name: args}%%` directive.
#[derive(Clone, Debug, PartialEq)]
pub struct Directive {
    /// `init`, `initialize`, `wrap`, … as written.
    pub name: String,
    /// The arguments, read as JSON5; `None` when absent or unreadable.
    pub args: Option<Value>,
    /// Why the arguments could not be read (mermaid ignores such a directive).
    pub error: Option<String>,
    /// Where the directive sits in the original source.
    pub span: Range<usize>,
}

/// Run mermaid's rewrites on `src`; fails only for unreadable front matter or a non-flowchart.
pub fn preprocess(src: &str) -> Result<Preprocessed, ParseError> {
    let mut map = SourceMap::new(src.len());
    // Each step borrows its input and copies only if it changes something.
    let text = swap_attribute_quotes(normalize_newlines(src, &mut map));
    let (text, front_matter) = front_matter(&text, &mut map)?;
    let (text, directives) = directives(&text, &mut map);
    let text = cleanup_comments(&text, &mut map);
    check_flowchart(&text, &map, src)?;
    let text = encode_entities(&text, &mut map);
    let text = squeeze_after_braces(text, &mut map);
    Ok(Preprocessed {
        text,
        map,
        front_matter,
        directives,
    })
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_newlines<'a>(src: &'a str, map: &mut SourceMap) -> Cow<'a, str> {
    if find_byte(src, 0, b'\r').is_none() {
        return Cow::Borrowed(src);
    }
    let mut r = Rewriter::new(src);
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\r' {
            r.copy_to(i);
            let end = if b.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            };
            r.replace_to(end, "\n");
            i = end;
        } else {
            i += 1;
        }
    }
    r.finish_cow(map)
}

/// Inside HTML-looking tags, `attr="v"` becomes `attr='v'` (mermaid's `cleanupText`).
fn swap_attribute_quotes(text: Cow<'_, str>) -> Cow<'_, str> {
    if find_byte(&text, 0, b'<').is_none() {
        return text;
    }
    // Same length, so offsets are unchanged; collect positions first, then patch bytes.
    let b = text.as_bytes();
    let mut patch = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let name_end = (i + 1..b.len())
            .find(|&j| !is_word(b[j] as char))
            .unwrap_or(b.len());
        let Some(close) = (name_end > i + 1)
            .then(|| b[name_end..].iter().position(|&c| c == b'>'))
            .flatten()
        else {
            i += 1;
            continue;
        };
        let close = name_end + close;
        let mut j = name_end;
        while j + 1 < close {
            if b[j] == b'=' && b[j + 1] == b'"' {
                if let Some(q) = b[j + 2..close].iter().position(|&c| c == b'"') {
                    patch.push(j + 1);
                    patch.push(j + 2 + q);
                    j = j + 3 + q;
                    continue;
                }
            }
            j += 1;
        }
        i = close + 1;
    }
    if patch.is_empty() {
        return text;
    }
    // Replacing an ASCII byte with another ASCII byte keeps the text valid UTF-8.
    let mut bytes = text.into_owned().into_bytes();
    for p in patch {
        bytes[p] = b'\'';
    }
    Cow::Owned(String::from_utf8(bytes).expect("ASCII swap keeps UTF-8 valid"))
}

/// Where the front matter ends and what its YAML body is, following
/// `^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+` (dot matches newlines).
fn find_front_matter(text: &str) -> Option<(usize, Range<usize>, &str)> {
    let b = text.as_bytes();
    let indent_len = text
        .char_indices()
        .find(|&(_, c)| !is_js_space(c) || c == '\n' || c == '\r')
        .map_or(0, |(i, _)| i);
    let indent = &text[..indent_len];
    if !text[indent_len..].starts_with("---") {
        return None;
    }
    let after_open = indent_len + 3;
    let ws = after_open + space_len(&text[after_open..]);
    // `\s*[\n\r]` backtracks from the longest whitespace run: try each newline in it, last first.
    let starts: Vec<usize> = (after_open..ws)
        .rev()
        .filter(|&i| b[i] == b'\n')
        .map(|i| i + 1)
        .collect();
    for body_start in starts {
        // Lazy body: the first `\n<indent>---<ws with a newline>` after body_start.
        let mut e = body_start;
        while e < b.len() {
            if b[e] == b'\n'
                && text[e + 1..].starts_with(indent)
                && text[e + 1 + indent.len()..].starts_with("---")
            {
                let after_close = e + 1 + indent.len() + 3;
                let ws_end = after_close + space_len(&text[after_close..]);
                if let Some(last_nl) = (after_close..ws_end).rev().find(|&i| b[i] == b'\n') {
                    return Some((last_nl + 1, body_start..e, indent));
                }
            }
            e += 1;
        }
    }
    None
}

/// Cut YAML front matter off the top and read its `title` and `config`.
fn front_matter<'a>(
    text: &'a str,
    map: &mut SourceMap,
) -> Result<(Cow<'a, str>, Option<FrontMatter>), ParseError> {
    let Some((end, body, indent)) = find_front_matter(text) else {
        return Ok((Cow::Borrowed(text), None));
    };
    let raw = &text[body.clone()];
    let yaml_body = if indent.is_empty() {
        raw.to_string()
    } else {
        raw.split('\n')
            .map(|l| l.strip_prefix(indent).unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let span = map.resolve(0)..map.resolve(end);
    let parsed = yaml::load(&yaml_body).map_err(|e| {
        // Point at the offending spot of the body (lines keep their order when de-indented).
        let line_start: usize = raw.split('\n').take(e.line).map(|l| l.len() + 1).sum();
        let at = body.start
            + (line_start + e.col + if e.line > 0 { indent.len() } else { 0 }).min(raw.len());
        let at = map.resolve(at);
        ParseError::new(
            ErrorKind::Data,
            at..at,
            format!("the front matter is not valid YAML: {}", e.message),
        )
        .with_label("YAML error here")
        .with_help("front matter is YAML between two `---` lines, e.g. `title: My chart`")
    })?;
    let obj = match parsed {
        Value::Object(o) => o,
        _ => Default::default(),
    };
    let title = obj.get("title").filter(|v| truthy(v)).map(value_to_string);
    let config = obj.get("config").filter(|v| truthy(v)).cloned();
    let mut r = Rewriter::new(text);
    r.replace_to(end, "");
    let rest = r.finish_cow(map);
    Ok((
        rest,
        Some(FrontMatter {
            title,
            config,
            span,
        }),
    ))
}

/// JavaScript truthiness of a YAML/JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// JavaScript's `toString()` of a scalar value.
fn value_to_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(value_to_string).collect::<Vec<_>>().join(","),
        Value::Object(_) => "[object Object]".into(),
        other => other.to_string(),
    }
}

/// The end of a directive starting at `start` (which holds `%%{`), and its name and argument text,
/// following `%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?`.
fn match_directive(text: &str, start: usize) -> Option<(usize, &str, Option<&str>)> {
    let mut i = start + 3;
    i += space_len(&text[i..]);
    let name_len = text[i..]
        .bytes()
        .take_while(|&c| is_word(c as char))
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &text[i..i + name_len];
    i += name_len;
    let after_ws = i + space_len(&text[i..]);
    if text[after_ws..].starts_with(':') {
        i = after_ws + 1;
    }
    i += space_len(&text[i..]);
    let args;
    let word = text[i..]
        .bytes()
        .take_while(|&c| is_word(c as char))
        .count();
    if word > 0 {
        args = Some(&text[i..i + word]);
        i += word;
    } else {
        let from = i;
        for (j, c) in text[from..].char_indices() {
            if text[from + j..].starts_with("}%%") || matches!(c, '\u{2028}' | '\u{2029}') {
                break;
            }
            i = from + j + c.len_utf8();
        }
        args = Some(&text[from..i]);
    }
    i += space_len(&text[i..]);
    if text[i..].starts_with("}%%") {
        i += 3;
    }
    Some((i, name, args))
}

/// Remove every `%%{…}%%` directive and read the arguments of each.
fn directives<'a>(text: &'a str, map: &mut SourceMap) -> (Cow<'a, str>, Vec<Directive>) {
    if !has(text, "%%{") {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut found = Vec::new();
    let mut r = Rewriter::new(text);
    let mut from = 0;
    while let Some(p) = text[from..].find("%%{").map(|p| p + from) {
        let Some((end, name, args)) = match_directive(text, p) else {
            from = p + 1;
            continue;
        };
        r.copy_to(p);
        r.replace_to(end, "");
        let (args, error) = match args.map(str::trim) {
            None | Some("") => (None, None),
            Some(a) if a.starts_with('{') || a.starts_with('[') => match read_json5(a) {
                Ok(v) => (Some(v), None),
                Err(e) => (None, Some(e)),
            },
            Some(a) => (Some(Value::String(a.to_string())), None),
        };
        found.push(Directive {
            name: name.to_string(),
            args,
            error,
            span: map.resolve(p)..map.resolve(end),
        });
        from = end.max(p + 1);
    }
    (r.finish_cow(map), found)
}

/// Directive arguments: JSON5 (mermaid reads JSON after turning `'` into `"`).
fn read_json5(text: &str) -> Result<Value, String> {
    json5::from_str::<Value>(text)
        .or_else(|e| json5::from_str::<Value>(&text.replace('\'', "\"")).map_err(|_| e.to_string()))
}

/// Delete `%%` comment lines (`^\s*%%(?!{)[^\n]+\n?`, multi-line mode), then leading whitespace.
fn cleanup_comments<'a>(text: &'a str, map: &mut SourceMap) -> Cow<'a, str> {
    let b = text.as_bytes();
    let mut r = Rewriter::new(text);
    let mut line = 0;
    let mut any = false;
    // A comment line needs `%%`: most diagrams have none, and skip the line walk.
    let walk_to = if has(text, "%%") { b.len() } else { 0 };
    while line < walk_to {
        let w = line + space_len(&text[line..]);
        let is_comment =
            text[w..].starts_with("%%") && b.get(w + 2).is_some_and(|&c| c != b'{' && c != b'\n');
        if is_comment {
            let eol = find_byte(text, w, b'\n').map_or(b.len(), |n| n + 1);
            r.copy_to(line);
            r.replace_to(eol, "");
            any = true;
            line = eol;
        } else {
            line = find_byte(text, line, b'\n').map_or(b.len(), |n| n + 1);
        }
    }
    let cleaned = if any {
        Cow::Owned(r.finish(map))
    } else {
        Cow::Borrowed(text)
    };
    let lead = space_len(&cleaned);
    if lead == 0 {
        return cleaned;
    }
    let mut r = Rewriter::new(&cleaned);
    r.replace_to(lead, "");
    Cow::Owned(r.finish(map))
}

/// mermaid's diagram detection: after blank and `%%` lines the text must start with `graph` or `flowchart`.
fn check_flowchart(text: &str, map: &SourceMap, src: &str) -> Result<(), ParseError> {
    let mut i = 0;
    loop {
        i += space_len(&text[i..]);
        if text[i..].starts_with("%%") {
            match text[i..].find('\n') {
                Some(n) => {
                    i += n + 1;
                    continue;
                }
                None => break,
            }
        }
        break;
    }
    let rest = &text[i..];
    if rest.starts_with("graph") || rest.starts_with("flowchart") {
        return Ok(());
    }
    let at = map.resolve(i).min(src.len());
    let word: String = rest
        .chars()
        .take_while(|c| !is_js_space(*c))
        .take(40)
        .collect();
    if word.is_empty() {
        return Err(
            ParseError::new(ErrorKind::NotAFlowchart, at..at, "the diagram is empty")
                .with_label("expected `flowchart` or `graph` here")
                .with_help("a flowchart starts with a header such as `flowchart TD`"),
        );
    }
    if rest.starts_with("---") && at > 0 {
        // mermaid 12 reads front matter only at the very start of the text.
        return Err(ParseError::new(
            ErrorKind::NotAFlowchart,
            at..at + 3,
            "front matter must be the first thing in the diagram",
        )
        .with_label("front matter starts here, after other text")
        .with_help(
            "remove the blank lines, spaces, comments or directives before the opening `---` \
             (mermaid 12 rejects front matter that does not start on the first line)",
        ));
    }
    let other = [
        "sequenceDiagram",
        "classDiagram",
        "stateDiagram",
        "erDiagram",
        "gantt",
        "pie",
        "journey",
        "gitGraph",
        "mindmap",
        "timeline",
        "quadrantChart",
        "requirementDiagram",
        "C4Context",
        "sankey",
        "xychart",
        "block",
        "packet",
        "kanban",
        "architecture",
        "radar",
        "treemap",
    ]
    .iter()
    .find(|k| word.starts_with(*k));
    let e = ParseError::new(
        ErrorKind::NotAFlowchart,
        at..at + word.len(),
        match other {
            Some(k) => format!("this is a `{k}` diagram; mmdr draws flowcharts"),
            None => format!("expected `flowchart` or `graph` to start the diagram, found `{word}`"),
        },
    )
    .with_label("not a flowchart header");
    Err(e.with_help("start the diagram with `flowchart TD` (or `graph LR`, …)"))
}

/// mermaid's `encodeEntities`, then the newline mermaid appends.
///
/// 1. On a line where `style` (then `classDef`) is followed by `:`, a `#` colour and a `;`,
///    the line's last `;` is dropped, so colours are not taken for entity codes.
/// 2. `#name;` and `#123;` become placeholders (`ﬂ°name¶ß`, `ﬂ°°123¶ß`) the lexer reads as text.
fn encode_entities(text: &str, map: &mut SourceMap) -> String {
    let dropped;
    // Only a line with both a `#` and a `;` can lose a `;`.
    let text = if find_byte(text, 0, b'#').is_some() && find_byte(text, 0, b';').is_some() {
        dropped = drop_style_semicolons(text, map);
        &*dropped
    } else {
        text
    };
    let b = text.as_bytes();
    let mut r = Rewriter::new(text);
    let mut i = 0;
    while let Some(p) = find_byte(text, i, b'#') {
        let name_len = b[p + 1..]
            .iter()
            .take_while(|&&c| is_word(c as char))
            .count();
        if name_len > 0 && b.get(p + 1 + name_len) == Some(&b';') {
            let name = &text[p + 1..p + 1 + name_len];
            r.copy_to(p);
            let numeric = name.bytes().all(|c| c.is_ascii_digit());
            let open = if numeric {
                "\u{FB02}\u{B0}\u{B0}"
            } else {
                "\u{FB02}\u{B0}"
            };
            r.replace_to(p + 1, open);
            r.copy_to(p + 1 + name_len);
            r.replace_to(p + 2 + name_len, "\u{B6}\u{DF}");
            i = p + 2 + name_len;
        } else {
            i = p + 1;
        }
    }
    r.append("\n");
    r.finish(map)
}

/// Step 1 of [`encode_entities`]: `style.*:\S*#.*;` then `classDef.*:\S*#.*;`, each dropping its match's last `;`.
fn drop_style_semicolons<'a>(text: &'a str, map: &mut SourceMap) -> Cow<'a, str> {
    let mut r = Rewriter::new(text);
    let mut start = 0;
    for line in text.split('\n') {
        let first = style_match_end(line, "style", None);
        let second = style_match_end(line, "classDef", first);
        // The second rule runs on the first one's result; apply both deletions left to right.
        let mut drops: Vec<usize> = first.into_iter().chain(second).collect();
        drops.sort_unstable();
        for d in drops {
            r.copy_to(start + d);
            r.replace_to(start + d + 1, "");
        }
        start += line.len() + 1;
    }
    r.finish_cow(map)
}

/// Index of the `;` a `KEYWORD.*:\S*#.*;` match on `line` would drop, skipping an already dropped `;`.
fn style_match_end(line: &str, keyword: &str, dropped: Option<usize>) -> Option<usize> {
    // Most lines hold no `;` at all: answer those with one byte scan.
    if !line.as_bytes().contains(&b';') {
        return None;
    }
    // `.` stops at line terminators other than `\n` too.
    let line = &line[..line
        .find(['\r', '\u{2028}', '\u{2029}'])
        .unwrap_or(line.len())];
    let k = line.find(keyword)?;
    let semis: Vec<usize> = line
        .match_indices(';')
        .map(|(i, _)| i)
        .filter(|&i| Some(i) != dropped)
        .collect();
    let last = *semis.last()?;
    let after = &line[k + keyword.len()..];
    let base = k + keyword.len();
    for (c, _) in after.match_indices(':') {
        let run_start = base + c + 1;
        for (j, ch) in line[run_start..].char_indices() {
            if is_js_space(ch) {
                break;
            }
            if ch == '#' && run_start + j < last {
                return Some(last);
            }
        }
    }
    None
}

/// The flowchart parser's own rewrite: `}` followed by blanks up to a newline becomes `}\n`.
fn squeeze_after_braces(text: String, map: &mut SourceMap) -> String {
    let b = text.as_bytes();
    let mut r = Rewriter::new(&text);
    let mut i = 0;
    while let Some(p) = find_byte(&text, i, b'}') {
        let ws_end = p + 1 + space_len(&text[p + 1..]);
        match (p + 1..ws_end).rev().find(|&j| b[j] == b'\n') {
            Some(nl) if nl != p + 1 => {
                r.copy_to(p + 1);
                r.replace_to(nl, "");
                i = nl + 1;
            }
            Some(nl) => i = nl + 1,
            None => i = p + 1,
        }
    }
    let out = match r.finish_cow(map) {
        Cow::Owned(s) => Some(s),
        Cow::Borrowed(_) => None,
    };
    out.unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pre(s: &str) -> Preprocessed {
        preprocess(s).unwrap()
    }

    #[test]
    fn front_matter_is_cut_and_read() {
        let p = pre("---\ntitle: Hello\nconfig:\n  theme: dark\n---\nflowchart LR\nA");
        assert_eq!(p.text, "flowchart LR\nA\n");
        let fm = p.front_matter.unwrap();
        assert_eq!(fm.title.as_deref(), Some("Hello"));
        assert_eq!(fm.config.unwrap()["theme"], "dark");
        // "flowchart" starts at byte 43 of the original.
        assert_eq!(p.map.resolve(0), 43);
    }

    #[test]
    fn bad_front_matter_yaml_is_an_error() {
        let e = preprocess("---\ntitle: [unclosed\n---\nflowchart LR\nA").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Data);
    }

    #[test]
    fn comments_and_directives_go() {
        let p = pre(
            "%%{init: {'theme':'forest'}}%%\n%% a comment\nflowchart LR\n  %% another\nA-->B\n",
        );
        assert_eq!(p.text, "flowchart LR\nA-->B\n\n");
        assert_eq!(p.directives.len(), 1);
        assert_eq!(p.directives[0].name, "init");
        assert_eq!(p.directives[0].args.as_ref().unwrap()["theme"], "forest");
    }

    #[test]
    fn bare_percent_line_is_not_a_comment() {
        // mermaid keeps a lone `%%` (its comment rule needs a character after it).
        assert_eq!(pre("graph TD\n%%\nA").text, "graph TD\n%%\nA\n");
    }

    #[test]
    fn entities_become_placeholders_but_style_colours_do_not() {
        let p = pre("graph TD\nA[\"x #quot; #35;\"]\nstyle A fill:#f9f;");
        assert_eq!(p.text, "graph TD\nA[\"x \u{FB02}\u{B0}quot\u{B6}\u{DF} \u{FB02}\u{B0}\u{B0}35\u{B6}\u{DF}\"]\nstyle A fill:#f9f\n");
    }

    #[test]
    fn greedy_style_rule_eats_only_the_last_semicolon() {
        // mermaid's spec case: the first colour on the line becomes a placeholder.
        let p = pre("graph TD;style A background:#fff;style D border:1px solid red;");
        assert!(
            p.text
                .contains("background:\u{FB02}\u{B0}fff\u{B6}\u{DF}style D border:1px solid red\n"),
            "{}",
            p.text
        );
    }

    #[test]
    fn style_and_class_def_on_one_line_drop_two_semicolons() {
        let p = pre("graph\nclassDef a fill:#f00;x;style b fill:#0f0;");
        // mermaid: `classDef a fill:ﬂ°f00¶ßxstyle b fill:#0f0` (then the colour reads as an entity code).
        assert_eq!(
            p.text,
            "graph\nclassDef a fill:\u{FB02}\u{B0}f00\u{B6}\u{DF}xstyle b fill:#0f0\n"
        );
    }

    #[test]
    fn blanks_after_closing_brace_are_squeezed() {
        assert_eq!(
            pre("graph TD\nA{x}   \n\n  B").text,
            "graph TD\nA{x}\n  B\n"
        );
    }

    #[test]
    fn crlf_is_normalised_and_offsets_kept() {
        let p = pre("graph TD\r\nA-->B\r\n");
        assert_eq!(p.text, "graph TD\nA-->B\n\n");
        assert_eq!(p.map.resolve(9), 10);
    }

    #[test]
    fn not_a_flowchart() {
        let e = preprocess("sequenceDiagram\nA->>B: hi").unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotAFlowchart);
        assert!(e.message.contains("sequenceDiagram"));
        assert_eq!(
            preprocess("  \n").unwrap_err().kind,
            ErrorKind::NotAFlowchart
        );
    }

    #[test]
    fn attribute_quotes_swap() {
        assert_eq!(
            swap_attribute_quotes("<a href=\"x\">y</a> \"z\"".into()),
            "<a href='x'>y</a> \"z\""
        );
    }
}
