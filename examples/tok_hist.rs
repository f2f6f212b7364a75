fn main() {
    let src = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let pre = mmdr::parse::preprocess::preprocess(&src).unwrap();
    let toks = mmdr::parse::lexer::tokenize(&pre.text).unwrap();
    let mut h = std::collections::BTreeMap::new();
    for t in &toks {
        *h.entry(format!("{:?}", t.kind)).or_insert(0usize) += 1;
    }
    let mut v: Vec<_> = h.into_iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    println!("{:?}", v);
}
