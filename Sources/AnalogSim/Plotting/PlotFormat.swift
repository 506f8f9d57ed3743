import Foundation

/// The file format of a plot, chosen by the extension of its path.
public enum PlotFormat: String, CaseIterable, Sendable {
    /// Scalable vector graphics, drawn by PLplot's `svgcairo` device.
    case svg
    /// A raster image, drawn by PLplot's `pngcairo` device.
    case png

    /// The format that `path`'s extension names, in any letter case; nil for any other
    /// extension or none. A hidden file such as `.svg` has no extension.
    public init?(path: String) {
        self.init(rawValue: (path as NSString).pathExtension.lowercased())
    }

    /// The extensions, as messages list them: `.svg or .png`.
    public static var extensionList: String {
        allCases.map { "." + $0.rawValue }.joined(separator: " or ")
    }
}
