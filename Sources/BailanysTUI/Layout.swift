import TerminalKit

/// Where things go on screen; update and render both use it so clicks and paging match the drawing.
struct ScreenLayout {
    static let minimum = Size(width: 40, height: 12)
    /// From this width the directory shows a preview of the selected entry.
    static let previewMinWidth = 110
    static let previewWidth = 44

    let size: Size

    var isTooSmall: Bool { size.width < Self.minimum.width || size.height < Self.minimum.height }
    var topBar: Rect { Rect(x: 0, y: 0, width: size.width, height: 1) }
    var statusBar: Rect { Rect(x: 0, y: size.height - 1, width: size.width, height: 1) }
    var body: Rect { Rect(x: 0, y: 1, width: size.width, height: size.height - 2) }

    // MARK: Directory

    var hasPreview: Bool { size.width >= Self.previewMinWidth }
    var directoryHeader: Rect { Rect(x: 0, y: body.minY, width: size.width, height: 1) }
    private var directoryMain: Rect { body.inset(top: 1) }

    var table: Rect {
        hasPreview ? directoryMain.splitColumns([.fill, .fixed(Self.previewWidth)])[0] : directoryMain
    }

    var preview: Rect? {
        hasPreview ? directoryMain.splitColumns([.fill, .fixed(Self.previewWidth)])[1] : nil
    }

    /// Data rows the table shows (its first row is the header).
    var tableRows: Int { max(1, table.height - 1) }
    var firstTableRowY: Int { table.minY + 1 }
}
