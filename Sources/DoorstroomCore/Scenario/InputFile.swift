import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one scenario input file (scenario, base, included YAML, CSV table)
/// within the stated limits: a regular file (a symbolic link to one is
/// followed) of at most ``maximumBytes``, in UTF-8.
///
/// The file is opened without blocking and checked on the open descriptor,
/// so a FIFO nobody writes to, a device such as `/dev/zero` or a folder is
/// refused at once instead of hanging or filling memory.
enum InputFile {
    /// The largest file read: 8 MiB, far above any real scenario or table.
    static let maximumBytes = 8 << 20
    /// The most bytes one scenario may read in all its files together.
    static let maximumTotalBytes = 64 << 20

    /// The bytes of the file at `path`, or why it cannot be read (a message
    /// that completes "file `x` …" or stands alone after the file name).
    static func read(_ path: String) -> Result<Data, Failure> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            return .failure(code == ENOENT || code == ENOTDIR ? .notFound : .unreadable(String(cString: strerror(code))))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else { return .failure(.notRegular(kindName(kind))) }
        guard Int(info.st_size) <= maximumBytes else { return .failure(.tooLarge(Int(info.st_size))) }
        // Read at most one byte past the limit: a file that grows after fstat is still refused.
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while data.count <= maximumBytes {
            let n = buffer.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        guard data.count <= maximumBytes else { return .failure(.tooLarge(data.count)) }
        return .success(data)
    }

    /// Why a file was not read.
    enum Failure: Error, Equatable {
        case notFound
        case notRegular(String)
        case tooLarge(Int)
        case unreadable(String)

        /// What went wrong, to follow the file's name.
        var reason: String {
            switch self {
            case .notFound: return "was not found"
            case let .notRegular(kind): return "is \(kind), not a regular file"
            case let .tooLarge(bytes):
                return "is too large (\(bytes) bytes; the limit is \(InputFile.maximumBytes) bytes, 8 MiB, per file)"
            case let .unreadable(why): return "cannot be read (\(why))"
            }
        }
    }

    private static func kindName(_ kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a file"
        }
    }

    /// The text of `data`, or the line and column (in characters) of its
    /// first byte that is not UTF-8.
    static func decode(_ data: Data) -> Result<String, TextPosition> {
        if let text = String(validating: data, as: UTF8.self) { return .success(text) }
        var position = TextPosition(line: 1, column: 1)
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded):
                if encoded.count == 1 && encoded.first == 0x0A {
                    position = TextPosition(line: position.line + 1, column: 1)
                } else {
                    position.column += 1
                }
            case .error, .emptyInput:
                return .failure(position)
            }
        }
    }
}

/// A 1-based line and column (in Unicode scalars) of a text.
struct TextPosition: Equatable, Error {
    var line: Int
    var column: Int

    /// The position of the UTF-8 byte at `offset` of `text`.
    init(byteOffset offset: Int, in text: String) {
        let prefix = text.utf8.prefix(max(0, offset))
        let lineStart = prefix.lastIndex(of: 0x0A).map { prefix.index(after: $0) } ?? prefix.startIndex
        line = prefix.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        column = String(decoding: prefix[lineStart...], as: UTF8.self).unicodeScalars.count + 1
    }

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The nearest position that exists in `text` (lines split at `\n`; a
    /// column one past the line's last character is the line's end).
    func clamped(to text: String) -> TextPosition {
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        let l = min(max(line, 1), lines.count)
        let length = String(decoding: lines[l - 1], as: UTF8.self).unicodeScalars.count
        return TextPosition(line: l, column: min(max(column, 1), length + 1))
    }
}

// `read` inside ``InputFile`` names its own static method; this is the system call.
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
