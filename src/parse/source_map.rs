//! Byte offsets of rewritten text, traced back to the text the user wrote.
//!
//! mermaid rewrites a diagram several times before its lexer sees it (front
//! matter and directives cut out, comments dropped, entity codes hidden behind
//! placeholders, ...). We do the same rewrites, and record each one here so a
//! diagnostic about the rewritten text points at the original line and column.

/// One rewrite: segments of the output, each copied from (or replacing) a run of the input.
#[derive(Clone, Debug, Default)]
struct Layer {
    /// `(output offset, input offset, input length)`, sorted by output offset.
    segs: Vec<(u32, u32, u32)>,
}

impl Layer {
    fn resolve(&self, out: usize) -> usize {
        let i = self.segs.partition_point(|s| s.0 as usize <= out);
        if i == 0 {
            return out;
        }
        let (o, s, len) = self.segs[i - 1];
        s as usize + (out - o as usize).min(len as usize)
    }
}

/// A stack of rewrites; `resolve` maps an offset in the last output to the first input.
#[derive(Clone, Debug)]
pub struct SourceMap {
    layers: Vec<Layer>,
    /// The original source's length: text appended at the end (see [`Rewriter::append`])
    /// resolves to the source's end.
    source_len: usize,
}

impl SourceMap {
    /// No rewrites yet of a source of `source_len` bytes.
    pub fn new(source_len: usize) -> SourceMap {
        SourceMap {
            layers: Vec::new(),
            source_len,
        }
    }

    /// The offset in the original source of byte `offset` of the rewritten text.
    pub fn resolve(&self, offset: usize) -> usize {
        let o = self.layers.iter().rev().fold(offset, |o, l| l.resolve(o));
        o.min(self.source_len)
    }

    fn push(&mut self, layer: Layer) {
        self.layers.push(layer);
    }
}

/// Builds one rewrite of `input`: copy runs through, replace others, and remember where each came from.
pub(crate) struct Rewriter<'a> {
    input: &'a str,
    out: String,
    layer: Layer,
    /// Input consumed so far.
    pos: usize,
    changed: bool,
}

impl<'a> Rewriter<'a> {
    pub fn new(input: &'a str) -> Self {
        Rewriter {
            input,
            out: String::with_capacity(input.len() + 16),
            layer: Layer::default(),
            pos: 0,
            changed: false,
        }
    }

    /// Copy input up to `end` unchanged.
    pub fn copy_to(&mut self, end: usize) {
        if end <= self.pos {
            return;
        }
        let seg = (
            self.out.len() as u32,
            self.pos as u32,
            (end - self.pos) as u32,
        );
        match self.layer.segs.last_mut() {
            // Extend a copy segment that ends exactly where this one starts.
            Some(last) if last.1 + last.2 == seg.1 && last.0 + last.2 == seg.0 => last.2 += seg.2,
            _ => self.layer.segs.push(seg),
        }
        self.out.push_str(&self.input[self.pos..end]);
        self.pos = end;
    }

    /// Replace input from the current position up to `end` with `with`.
    pub fn replace_to(&mut self, end: usize, with: &str) {
        self.layer.segs.push((
            self.out.len() as u32,
            self.pos as u32,
            (end - self.pos) as u32,
        ));
        self.out.push_str(with);
        self.pos = end;
        self.changed = true;
        // Text after the replacement starts a fresh copy segment.
        self.layer.segs.push((self.out.len() as u32, end as u32, 0));
    }

    /// Append `with` after the whole input: no offset of the input moves, so this alone
    /// is not a change (offsets inside `with` resolve to the end of the input).
    pub fn append(&mut self, with: &str) {
        self.copy_to(self.input.len());
        self.out.push_str(with);
    }

    /// Finish without copying when nothing changed: the input itself, or the rewritten text.
    pub fn finish_cow(self, map: &mut SourceMap) -> std::borrow::Cow<'a, str> {
        if self.changed {
            std::borrow::Cow::Owned(self.finish(map))
        } else {
            std::borrow::Cow::Borrowed(self.input)
        }
    }

    /// Finish: copy the rest, and push the layer on `map` if anything changed.
    pub fn finish(mut self, map: &mut SourceMap) -> String {
        self.copy_to(self.input.len());
        if self.changed {
            map.push(self.layer);
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_survive_two_rewrites() {
        let src = "ab#quot;cd";
        let mut map = SourceMap::new(100);
        let mut r = Rewriter::new(src);
        r.copy_to(2);
        r.replace_to(8, "&q;");
        let once = r.finish(&mut map);
        assert_eq!(once, "ab&q;cd");
        let mut r = Rewriter::new(&once);
        r.replace_to(1, "");
        let twice = r.finish(&mut map);
        assert_eq!(twice, "b&q;cd");
        // 'c' is byte 4 of the final text and byte 8 of the original.
        assert_eq!(map.resolve(4), 8);
        // 'b' is byte 0 of the final text and byte 1 of the original.
        assert_eq!(map.resolve(0), 1);
    }

    #[test]
    fn unchanged_rewrite_adds_no_layer() {
        let mut map = SourceMap::new(100);
        let r = Rewriter::new("abc");
        assert_eq!(r.finish(&mut map), "abc");
        assert_eq!(map.resolve(2), 2);
        assert!(map.layers.is_empty());
    }

    #[test]
    fn appended_text_resolves_to_the_end() {
        let mut map = SourceMap::new(3);
        let mut r = Rewriter::new("abc");
        r.append("\n");
        assert_eq!(r.finish(&mut map), "abc\n");
        assert!(map.layers.is_empty());
        assert_eq!(map.resolve(2), 2);
        assert_eq!(map.resolve(4), 3);
    }
}
