/// The requests of a deterministic update that passed the pulse-count screen, held until they are
/// written, so that the kernel can prefetch the devices of a request a few requests before it
/// writes them.
///
/// Screening every row first and writing afterwards sends the same pulses in the same order as
/// writing each request as soon as it passes: an update contains at most one request per synapse,
/// and a write (refresh included) changes only its own synapse's pair, so no write changes the
/// screen of a later request. The buffer holds `capacity` requests; the kernel writes them out
/// when it is full and goes on screening.
final class ScreenedRequests {
    /// Synapse (`row`, `column`) requests a potentiation of `magnitude` (S) of G⁺ when
    /// `potentiatesPositive`, else of G⁻.
    struct Request {
        var row: Int32
        var column: Int32
        var magnitude: Float
        var potentiatesPositive: Bool
    }

    let capacity: Int
    private(set) var count = 0
    private let storage: UnsafeMutablePointer<Request>

    init(capacity: Int) {
        precondition(capacity > 0, "a request buffer needs room for one request")
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
    }

    var isFull: Bool { count == capacity }

    @inline(__always)
    func append(row: Int, column: Int, magnitude: Float, potentiatesPositive: Bool) {
        storage[count] = Request(row: Int32(truncatingIfNeeded: row), column: Int32(truncatingIfNeeded: column),
                                 magnitude: magnitude, potentiatesPositive: potentiatesPositive)
        count += 1
    }

    @inline(__always)
    subscript(index: Int) -> Request {
        storage[index]
    }

    func removeAll() {
        count = 0
    }
}
