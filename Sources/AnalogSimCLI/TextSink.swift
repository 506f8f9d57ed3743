import Foundation

/// Where a command writes text: standard output or error, or a buffer in tests.
public protocol TextSink: AnyObject, Sendable {
    func write(_ text: String)
    /// Whether the sink is an interactive terminal (for live progress indicators).
    var isTerminal: Bool { get }
}

/// Standard output or standard error of the process.
public final class FileDescriptorSink: TextSink, @unchecked Sendable {
    private let handle: FileHandle
    public let isTerminal: Bool
    private let lock = NSLock()

    public init(descriptor: Int32) {
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        isTerminal = isatty(descriptor) == 1
    }

    public func write(_ text: String) {
        lock.lock()
        handle.write(Data(text.utf8))
        lock.unlock()
    }

    public static let standardOutput = FileDescriptorSink(descriptor: STDOUT_FILENO)
    public static let standardError = FileDescriptorSink(descriptor: STDERR_FILENO)
}

/// A sink that keeps the text, for tests.
public final class BufferSink: TextSink, @unchecked Sendable {
    private var buffer = ""
    private let lock = NSLock()
    public let isTerminal: Bool

    public init(isTerminal: Bool = false) {
        self.isTerminal = isTerminal
    }

    public func write(_ text: String) {
        lock.lock()
        buffer += text
        lock.unlock()
    }

    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return buffer
    }
}
