/// Sizing and resampling of images for the half-block pixel canvas.
extension TerminalAxesRenderer {

    /// Output size of an image in columns and pixel rows (two per cell row).
    static func imageSize(columns w: Int, rows h: Int, maxColumns: Int, maxPixelRows: Int) -> (columns: Int, pixelRows: Int) {
        guard w > 0, h > 0, maxColumns > 0, maxPixelRows > 0 else { return (0, 0) }
        if w <= maxColumns && h <= maxPixelRows {
            let up = max(1, min(maxColumns / w, maxPixelRows / h, max(1, 28 / max(w, h))))
            return (w * up, h * up)
        }
        let shrink = max(Double(w) / Double(maxColumns), Double(h) / Double(maxPixelRows))
        return (max(1, min(maxColumns, Int(Double(w) / shrink))), max(1, min(maxPixelRows, Int(Double(h) / shrink))))
    }

    /// Fills the pixel canvas from the image, averaging the source pixels each output pixel covers.
    static func rasterize(_ image: ImageArtist, into canvas: inout PixelCanvas) {
        let outW = canvas.columns, outH = canvas.pixelRows
        guard outW > 0, outH > 0 else { return }
        let span = image.vmax - image.vmin
        for y in 0..<outH {
            let r0 = y * image.rows / outH, r1 = max(r0 + 1, (y + 1) * image.rows / outH)
            for x in 0..<outW {
                let c0 = x * image.columns / outW, c1 = max(c0 + 1, (x + 1) * image.columns / outW)
                var sum = 0.0, count = 0
                for r in r0..<min(r1, image.rows) {
                    for c in c0..<min(c1, image.columns) {
                        let v = image.values[r * image.columns + c]
                        if !v.isNaN { sum += v; count += 1 }
                    }
                }
                guard count > 0 else { continue }
                let t = span > 0 ? (sum / Double(count) - image.vmin) / span : 0.5
                if let color = image.colormap.color(at: t) { canvas.set(x, y, color) }
            }
        }
    }
}
