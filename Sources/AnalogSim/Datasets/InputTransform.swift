/// Changes made to every training and test image before it reaches the network: a central crop,
/// then binarisation. NeuroSim's MNIST benchmark crops 28×28 images to their central 20×20 pixels
/// and binarises them at 0.5, so that the network has 400 inputs of 0 or 1.
public struct InputTransform: Codable, Equatable, Sendable {
    /// Side length in pixels of the central square kept from each image; nil keeps the whole image.
    public var cropSize: Int?
    /// Threshold on the pixel value scaled to [0, 1]: a pixel at or above it becomes 1, one below
    /// it becomes 0; nil keeps the grey levels.
    public var binarizeThreshold: Double?

    public init(cropSize: Int? = nil, binarizeThreshold: Double? = nil) {
        self.cropSize = cropSize
        self.binarizeThreshold = binarizeThreshold
    }

    /// Whether the transform leaves images unchanged.
    public var isIdentity: Bool { cropSize == nil && binarizeThreshold == nil }

    /// Returns `images` cropped and binarised. A crop keeps rows and columns
    /// `(side − cropSize) / 2 ..< (side − cropSize) / 2 + cropSize`, rounding the offset down.
    /// The crop size must not exceed either side of the images.
    public func apply(to images: LabeledImages) -> LabeledImages {
        guard !isIdentity else { return images }
        let rowCount = min(cropSize ?? images.rowCount, images.rowCount)
        let columnCount = min(cropSize ?? images.columnCount, images.columnCount)
        let rowOffset = (images.rowCount - rowCount) / 2
        let columnOffset = (images.columnCount - columnCount) / 2
        var pixels: [UInt8] = []
        pixels.reserveCapacity(images.count * rowCount * columnCount)

        for image in 0..<images.count {
            let imageStart = image * images.pixelsPerImage
            for row in rowOffset..<(rowOffset + rowCount) {
                let rowStart = imageStart + row * images.columnCount
                for column in columnOffset..<(columnOffset + columnCount) {
                    pixels.append(binarized(images.pixels[rowStart + column]))
                }
            }
        }
        return LabeledImages(rowCount: rowCount, columnCount: columnCount, pixels: pixels, labels: images.labels)
    }

    /// Returns the pixel as 0 or 255 by the threshold, or unchanged without a threshold.
    private func binarized(_ pixel: UInt8) -> UInt8 {
        guard let binarizeThreshold else { return pixel }
        return Double(pixel) / 255 >= binarizeThreshold ? 255 : 0
    }
}

extension InputTransform {
    private enum CodingKeys: String, CodingKey {
        case cropSize, binarizeThreshold
    }

    /// Writes both fields, with `null` for a step that is off, so that a result file lists them.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cropSize, forKey: .cropSize)
        try container.encode(binarizeThreshold, forKey: .binarizeThreshold)
    }
}
