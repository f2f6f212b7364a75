fn main() {
    use mmdr::parse::ast::*;
    println!(
        "Stmt {} VertexStmt {} NodeGroup {} StyledVertex {} Link {} Spanned {} Text {}",
        std::mem::size_of::<Stmt>(),
        std::mem::size_of::<VertexStmt>(),
        std::mem::size_of::<NodeGroup>(),
        std::mem::size_of::<StyledVertex>(),
        std::mem::size_of::<Link>(),
        std::mem::size_of::<Spanned>(),
        std::mem::size_of::<Text>()
    );
}
