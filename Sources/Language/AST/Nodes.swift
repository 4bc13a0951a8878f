/// The syntax tree. Each node keeps the span of source it came from, so an error can
/// print the line with a caret under the failing part.
public struct Span: Equatable, Sendable {
    public var line: Int
    public var start: Int
    public var end: Int
}

public indirect enum Expr {
    case name(Name, Span)
    case constant(Value, Span)
    case fstring([FStringPart], Span)
    case list([Expr], Span)
    case tuple([Expr], Span)
    case dict([(Expr?, Expr)], Span)          // nil key = **mapping
    case set([Expr], Span)
    case binary(BinaryOperator, Expr, Expr, Span)
    case unary(UnaryOperator, Expr, Span)
    case compare(Expr, [(CompareOperator, Expr)], Span)
    case and(Expr, Expr, Span)
    case or(Expr, Expr, Span)
    case ifElse(test: Expr, body: Expr, orElse: Expr, Span)
    case lambda(FunctionDef, Span)
    case call(Expr, [Argument], Span)
    case attribute(Expr, Name, Span)
    case `subscript`(Expr, Expr, Span)
    case slice(Expr?, Expr?, Expr?, Span)
    case starred(Expr, Span)
    case comprehension(kind: ComprehensionKind, element: Expr, value: Expr?, clauses: [ComprehensionClause], Span)

    public var span: Span {
        switch self {
        case .name(_, let s), .constant(_, let s), .fstring(_, let s), .list(_, let s), .tuple(_, let s),
             .dict(_, let s), .set(_, let s), .binary(_, _, _, let s), .unary(_, _, let s), .compare(_, _, let s),
             .and(_, _, let s), .or(_, _, let s), .ifElse(_, _, _, let s), .lambda(_, let s), .call(_, _, let s),
             .attribute(_, _, let s), .subscript(_, _, let s), .slice(_, _, _, let s), .starred(_, let s),
             .comprehension(_, _, _, _, let s):
            return s
        }
    }
}

public enum ComprehensionKind { case list, set, dict, generator }

public struct ComprehensionClause {
    public var target: Expr
    public var iterable: Expr
    public var conditions: [Expr]
}

public enum FStringPart {
    case text(String)
    case value(Expr, conversion: Character?, format: [FStringPart])
}

public struct Argument {
    public enum Kind { case positional, keyword(String), star, doubleStar }
    public var kind: Kind
    public var value: Expr
}

public enum BinaryOperator: String {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**", matmul = "@"
    case bitAnd = "&", bitOr = "|", bitXor = "^", lshift = "<<", rshift = ">>"
}

public enum UnaryOperator: String { case neg = "-", pos = "+", not = "not", invert = "~" }

public enum CompareOperator: String {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case `in` = "in", notIn = "not in", `is` = "is", isNot = "is not"
}

/// A parameter list and body shared by `def` and `lambda`.
public final class FunctionDef {
    public struct Parameter {
        public var name: String
        public var defaultValue: Expr?
    }
    public var name: String
    public let parameters: [Parameter]
    /// The parameters' names as variable keys, hashed once (calls bind them every time).
    public let parameterKeys: [Name]
    /// Parameters that take positional arguments: those before `*` or `*args` (the rest are
    /// keyword-only).
    public let positionalCount: Int
    public var varArgs: String?
    public var kwArgs: String?
    public var body: [Stmt]
    public var docstring: String?
    /// Names assigned in the body (locals), computed by the parser's scope pass.
    public var locals: Set<Name> = [] { didSet { localCount = locals.count } }
    public var globals: Set<Name> = [] { didSet { declaresGlobals = !globals.isEmpty } }
    public var nonlocals: Set<Name> = [] { didSet { declaresNonlocals = !nonlocals.isEmpty } }
    /// The sets' sizes, read on every call without loading the sets themselves.
    public private(set) var localCount = 0, declaresGlobals = false, declaresNonlocals = false

    init(name: String, parameters: [Parameter], varArgs: String?, kwArgs: String?, body: [Stmt], positionalCount: Int? = nil) {
        self.name = name
        self.parameters = parameters
        self.parameterKeys = parameters.map { Name($0.name) }
        self.positionalCount = positionalCount ?? parameters.count
        self.varArgs = varArgs
        self.kwArgs = kwArgs
        self.body = body
        if case .expr(.constant(.str(let doc), _), _)? = body.first { docstring = doc }
    }
}

public indirect enum Stmt {
    case expr(Expr, Span)
    case assign([Expr], Expr, Span)                 // a = b = value
    case augAssign(Expr, BinaryOperator, Expr, Span)
    case annAssign(Expr, Expr?, Span)
    case delete([Expr], Span)
    case pass(Span)
    case breakLoop(Span)
    case continueLoop(Span)
    case returnValue(Expr?, Span)
    case ifStmt([(Expr, [Stmt])], orElse: [Stmt]?, Span)
    case whileLoop(Expr, [Stmt], orElse: [Stmt]?, Span)
    case forLoop(Expr, Expr, [Stmt], orElse: [Stmt]?, Span)
    case functionDef(FunctionDef, decorators: [Expr], Span)
    case classDef(name: String, bases: [Expr], body: [Stmt], Span)
    case importModules([(name: String, alias: String?)], Span)
    case importFrom(module: String, names: [(name: String, alias: String?)], Span)   // name "*" = all
    case global([String], Span)
    case nonlocal([String], Span)
    case assert(Expr, Expr?, Span)
    case raise(Expr?, Span)
    case tryStmt(body: [Stmt], handlers: [ExceptHandler], orElse: [Stmt]?, finally: [Stmt]?, Span)
    case with([(Expr, Expr?)], [Stmt], Span)

    public var span: Span {
        switch self {
        case .expr(_, let s), .assign(_, _, let s), .augAssign(_, _, _, let s), .annAssign(_, _, let s), .delete(_, let s),
             .pass(let s), .breakLoop(let s), .continueLoop(let s), .returnValue(_, let s), .ifStmt(_, _, let s),
             .whileLoop(_, _, _, let s), .forLoop(_, _, _, _, let s), .functionDef(_, _, let s), .classDef(_, _, _, let s),
             .importModules(_, let s), .importFrom(_, _, let s), .global(_, let s), .nonlocal(_, let s),
             .assert(_, _, let s), .raise(_, let s), .tryStmt(_, _, _, _, let s), .with(_, _, let s):
            return s
        }
    }
}

public struct ExceptHandler {
    public var type: Expr?
    public var name: String?
    public var body: [Stmt]
}
