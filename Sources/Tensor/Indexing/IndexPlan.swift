/// A subscript resolved against one array: the view the basic items select (axes touched by
/// index arrays are left whole) plus the advanced components that pick along those axes.
struct IndexPlan {
    /// The basic view; for advanced indexing, the axes in `advancedAxes` are still whole.
    var view: NDArray
    /// True when every axis got an integer and nothing else: the result is one element.
    var isScalar: Bool
    /// The advanced components; empty for basic indexing.
    var components: [IndexComponent] = []
    /// Broadcast shape of all components (NumPy's "indexing result" block).
    var blockShape: [Int] = []
    /// Storage offset (relative to the view's axes) for each position of `blockShape`, C order.
    var blockOffsets: [Int] = []
    /// View axes not consumed by components, split at where the block goes in the result.
    var preAxes: [Int] = []
    var postAxes: [Int] = []
    /// True when the subscript was exactly one boolean array covering every axis:
    /// NumPy assigns through it with its own checks and message.
    var isSingleFullMask = false

    var isAdvanced: Bool { !components.isEmpty }

    /// Shape of what the subscript selects, as a result array would have it.
    var resultShape: [Int] {
        preAxes.map { view.shape[$0] } + blockShape + postAxes.map { view.shape[$0] }
    }
}

/// One index array applied to one axis of the view (or to none: a 0-d boolean).
struct IndexComponent {
    /// Index values in C order of `shape`; non-negative and in bounds once `needsCheck` is false.
    var indices: [Int]
    var shape: [Int]
    /// The view axis it indexes; nil for a 0-d boolean, which only adds a length-0/1 axis.
    var viewAxis: Int?
    /// Where it sits among the view's axes, for placing the block in the result.
    var viewPosition: Int
    /// Position in the subscript, to tell whether the advanced items are adjacent.
    var itemPosition: Int
    /// Shown in broadcast errors; integers mixed with arrays are not shown.
    var isArray: Bool
    /// The indexed array's axis, for bounds messages.
    var sourceAxis: Int = 0
    /// True until `indices` are bounds-checked and made non-negative (NumPy checks them only
    /// after the index arrays broadcast together).
    var needsCheck = false
}

extension NDArray {
    /// Resolves `items` against this array with NumPy's rules and messages.
    func indexPlan(_ rawItems: [IndexItem]) throws -> IndexPlan {
        // 0-d integer arrays behave as integers; anything else must be an int or bool array.
        var items = [IndexItem]()
        items.reserveCapacity(rawItems.count)
        for item in rawItems {
            if case .array(let a) = item {
                if a.dtype.isFloatingPoint {
                    throw TensorError.index("arrays used as indices must be of integer (or boolean) type")
                }
                if a.ndim == 0 && a.dtype != .bool {
                    items.append(.int(Int(a.scalar(atStorageOffset: a.offset).int64Value)))
                    continue
                }
            }
            items.append(item)
        }
        var consumed = 0, ellipses = 0, hasArrays = false
        for item in items {
            switch item {
            case .int, .slice: consumed += 1
            case .ellipsis: ellipses += 1
            case .newAxis: break
            case .array(let a): consumed += a.dtype == .bool ? a.ndim : 1; hasArrays = true
            }
        }
        if ellipses > 1 { throw TensorError.index("an index can only have a single ellipsis ('...')") }
        if consumed > ndim {
            throw TensorError.index("too many indices for array: array is \(ndim)-dimensional, but \(consumed) were indexed")
        }
        var isScalar = !hasArrays && ellipses == 0 && consumed == ndim
        var vShape = [Int](), vStrides = [Int](), vOffset = offset
        var components = [IndexComponent]()
        var src = 0
        func fullAxis() { vShape.append(shape[src]); vStrides.append(strides[src]); src += 1 }

        for (pos, item) in items.enumerated() {
            switch item {
            case .int(let i):
                if hasArrays {
                    components.append(IndexComponent(indices: [i], shape: [], viewAxis: vShape.count,
                                                      viewPosition: vShape.count, itemPosition: pos, isArray: false,
                                                      sourceAxis: src, needsCheck: true))
                    fullAxis()
                } else {
                    let n = shape[src]
                    let j = i < 0 ? i &+ n : i
                    guard j >= 0, j < n else { throw TensorError.index("index \(i) is out of bounds for axis \(src) with size \(n)") }
                    vOffset &+= j &* strides[src]
                    src += 1
                }
            case .slice(let a, let b, let c):
                isScalar = false
                let r = try resolveSlice(a, b, c, length: shape[src])
                vOffset &+= r.start &* strides[src]
                vShape.append(r.count)
                vStrides.append(strides[src] &* r.step)
                src += 1
            case .ellipsis:
                let fill = ndim - consumed
                for _ in 0..<fill { fullAxis() }
            case .newAxis:
                isScalar = false
                vShape.append(1); vStrides.append(0)
            case .array(let a):
                if a.dtype == .bool {
                    components += try booleanComponents(a, firstAxis: src, viewAxis: vShape.count, itemPosition: pos)
                    for _ in 0..<a.ndim { fullAxis() }
                } else {
                    components.append(try integerComponent(a, axis: src, viewAxis: vShape.count, itemPosition: pos))
                    fullAxis()
                }
            }
        }
        while src < ndim { fullAxis() }
        let view = NDArray(storage: storage, dtype: dtype, shape: vShape, strides: vStrides, offset: vOffset)
        var plan = IndexPlan(view: view, isScalar: isScalar)
        guard !components.isEmpty else {
            plan.preAxes = Array(0..<vShape.count)
            return plan
        }
        plan.components = components
        if items.count == 1, case .array(let m) = items[0], m.dtype == .bool, m.ndim == ndim, ndim > 0 {
            plan.isSingleFullMask = true
        }
        try plan.resolveBlock()
        return plan
    }

    /// An integer index array for one axis; its values are checked after broadcasting.
    private func integerComponent(_ a: NDArray, axis: Int, viewAxis: Int, itemPosition: Int) throws -> IndexComponent {
        var idx = [Int]()
        idx.reserveCapacity(a.count)
        if a.dtype == .int64 {
            let base = a.storage.base.assumingMemoryBound(to: Int64.self)
            a.forEachOffset { idx.append(Int(base[$0])) }
        } else {
            for s in a.toScalars() { idx.append(Int(s.int64Value)) }
        }
        return IndexComponent(indices: idx, shape: a.shape, viewAxis: viewAxis, viewPosition: viewAxis,
                              itemPosition: itemPosition, isArray: true, sourceAxis: axis, needsCheck: true)
    }

    /// A boolean mask over `mask.ndim` axes becomes one integer component per axis (its
    /// nonzero positions); a 0-d boolean adds an axis of length 1 (True) or 0 (False).
    private func booleanComponents(_ mask: NDArray, firstAxis: Int, viewAxis: Int, itemPosition: Int) throws -> [IndexComponent] {
        if mask.ndim == 0 {
            let on = mask.scalar(atStorageOffset: mask.offset).boolValue
            return [IndexComponent(indices: on ? [0] : [], shape: [on ? 1 : 0], viewAxis: nil,
                                   viewPosition: viewAxis, itemPosition: itemPosition, isArray: true)]
        }
        for d in 0..<mask.ndim where mask.shape[d] != shape[firstAxis + d] {
            throw TensorError.index("boolean index did not match indexed array along axis \(firstAxis + d); size of axis is \(shape[firstAxis + d]) but size of corresponding boolean axis is \(mask.shape[d])")
        }
        let k = mask.ndim
        var columns = [[Int]](repeating: [], count: k)
        var counter = [Int](repeating: 0, count: k)
        let base = mask.storage.base.assumingMemoryBound(to: UInt8.self)
        mask.forEachOffset { o in
            if base[o] != 0 { for d in 0..<k { columns[d].append(counter[d]) } }
            var d = k - 1
            while d >= 0 {
                counter[d] += 1
                if counter[d] < mask.shape[d] { break }
                counter[d] = 0
                d -= 1
            }
        }
        let n = columns[0].count
        return (0..<k).map { d in
            IndexComponent(indices: columns[d], shape: [n], viewAxis: viewAxis + d, viewPosition: viewAxis + d,
                           itemPosition: itemPosition, isArray: true)
        }
    }
}

extension IndexPlan {
    /// Broadcasts the components together, places the block and computes its offsets.
    mutating func resolveBlock() throws {
        // NumPy's order: integer scalars are checked first, then the arrays must broadcast,
        // then the array values are checked.
        try checkBounds(arrays: false)
        var shape = [Int]()
        var ok = true
        for c in components {
            if let s = broadcastIndexShapes(shape, c.shape) { shape = s } else { ok = false }
        }
        guard ok else {
            let shown = components.filter { $0.isArray }.map { NDArray.reshapeDescription($0.shape) + " " }.joined()
            throw TensorError.index("shape mismatch: indexing arrays could not be broadcast together with shapes \(shown)")
        }
        blockShape = shape
        let blockCount = shape.reduce(1, &*)
        // An empty block reads nothing, and NumPy then checks none of the array values.
        if blockCount > 0 { try checkBounds(arrays: true) }
        var offsets = [Int](repeating: 0, count: blockCount)
        for c in components {
            guard let axis = c.viewAxis, blockCount > 0 else { continue }
            let axisStride = view.strides[axis]
            // Strides of the component's values inside the block (0 along broadcast axes).
            var cs = [Int](repeating: 0, count: shape.count)
            var acc = 1
            for d in stride(from: c.shape.count - 1, through: 0, by: -1) {
                let bd = d + shape.count - c.shape.count
                cs[bd] = c.shape[d] == 1 ? 0 : acc
                acc &*= c.shape[d]
            }
            var j = 0
            c.indices.withUnsafeBufferPointer { idx in
                offsets.withUnsafeMutableBufferPointer { out in
                    NDArray.forEachOffset(shape: shape, strides: cs, offset: 0) { k in
                        out[j] &+= idx[k] &* axisStride
                        j += 1
                    }
                }
            }
        }
        blockOffsets = offsets
        // Adjacent advanced items keep their place; separated ones move the block to the front.
        let positions = components.map { $0.itemPosition }
        let adjacent = (positions.max()! - positions.min()!) + 1 == Set(positions).count
        let first = components.map { $0.viewPosition }.min()!
        let used = Set(components.compactMap { $0.viewAxis })
        let rest = (0..<view.ndim).filter { !used.contains($0) }
        let split = adjacent ? rest.filter { $0 < first }.count : 0
        preAxes = Array(rest[..<split])
        postAxes = Array(rest[split...])
    }
}

extension IndexPlan {
    /// Bounds-checks and normalises the pending integer (or array) components.
    mutating func checkBounds(arrays: Bool) throws {
        for k in components.indices where components[k].needsCheck && components[k].isArray == arrays {
            guard let axis = components[k].viewAxis else { continue }
            let n = view.shape[axis]
            let sourceAxis = components[k].sourceAxis
            try components[k].indices.withUnsafeMutableBufferPointer { idx in
                for t in 0..<idx.count {
                    let i = idx[t]
                    let j = i < 0 ? i &+ n : i
                    guard j >= 0, j < n else {
                        throw TensorError.index("index \(i) is out of bounds for axis \(sourceAxis) with size \(n)")
                    }
                    idx[t] = j
                }
            }
            components[k].needsCheck = false
        }
    }
}

/// NumPy broadcasting of two shapes, or nil when they are incompatible.
func broadcastIndexShapes(_ a: [Int], _ b: [Int]) -> [Int]? {
    let n = max(a.count, b.count)
    var out = [Int](repeating: 1, count: n)
    for i in 0..<n {
        let x = i < n - a.count ? 1 : a[i - (n - a.count)]
        let y = i < n - b.count ? 1 : b[i - (n - b.count)]
        if x == y || y == 1 { out[i] = x } else if x == 1 { out[i] = y } else { return nil }
    }
    return out
}
