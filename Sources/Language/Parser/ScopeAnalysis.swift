/// Decides which names a function binds locally (Python's compile-time scoping rule:
/// a name assigned anywhere in the body is local unless declared global or nonlocal).
enum ScopeAnalysis {
    static func analyse(_ def: FunctionDef) {
        var assigned = Set(def.parameters.map(\.name))
        if let v = def.varArgs { assigned.insert(v) }
        if let k = def.kwArgs { assigned.insert(k) }
        var globals = Set<String>(), nonlocals = Set<String>()
        for s in def.body { visit(s, &assigned, &globals, &nonlocals) }
        // Kept as names (hashed once): every lookup that misses a call's scope asks.
        def.globals = Set(globals.map { Name($0) })
        def.nonlocals = Set(nonlocals.map { Name($0) })
        def.locals = Set(assigned.subtracting(globals).subtracting(nonlocals).map { Name($0) })
    }

    private static func visit(_ s: Stmt, _ a: inout Set<String>, _ g: inout Set<String>, _ n: inout Set<String>) {
        switch s {
        case .assign(let targets, _, _): for t in targets { bind(t, &a) }
        case .augAssign(let t, _, _, _): bind(t, &a)
        case .annAssign(let t, let v, _): if v != nil { bind(t, &a) }
        case .delete(let ts, _): for t in ts { bind(t, &a) }
        case .forLoop(let t, _, let body, let orElse, _):
            bind(t, &a)
            for x in body + (orElse ?? []) { visit(x, &a, &g, &n) }
        case .whileLoop(_, let body, let orElse, _): for x in body + (orElse ?? []) { visit(x, &a, &g, &n) }
        case .ifStmt(let branches, let orElse, _):
            for (_, body) in branches { for x in body { visit(x, &a, &g, &n) } }
            for x in orElse ?? [] { visit(x, &a, &g, &n) }
        case .functionDef(let d, _, _): a.insert(d.name)
        case .classDef(let name, _, _, _): a.insert(name)
        case .importModules(let names, _):
            for (name, alias) in names { a.insert(alias ?? String(name.split(separator: ".")[0])) }
        case .importFrom(_, let names, _): for (name, alias) in names where name != "*" { a.insert(alias ?? name) }
        case .global(let names, _): g.formUnion(names)
        case .nonlocal(let names, _): n.formUnion(names)
        case .tryStmt(let body, let handlers, let orElse, let finally, _):
            for x in body + (orElse ?? []) + (finally ?? []) { visit(x, &a, &g, &n) }
            for h in handlers {
                if let name = h.name { a.insert(name) }
                for x in h.body { visit(x, &a, &g, &n) }
            }
        case .with(let items, let body, _):
            for (_, t) in items { if let t { bind(t, &a) } }
            for x in body { visit(x, &a, &g, &n) }
        default: break
        }
    }

    private static func bind(_ target: Expr, _ a: inout Set<String>) {
        switch target {
        case .name(let name, _): a.insert(name.text)
        case .tuple(let items, _), .list(let items, _): for i in items { bind(i, &a) }
        case .starred(let inner, _): bind(inner, &a)
        default: break
        }
    }
}
