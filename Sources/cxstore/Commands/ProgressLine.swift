#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// A status line on standard error, redrawn in place on a terminal and printed at most
/// every few seconds otherwise (so that logs of CI runs stay readable).
final class ProgressLine {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastDraw = ContinuousClock.now - .seconds(60)
    private var lastText = ""

    func update(_ text: String, force: Bool = false) {
        let now = ContinuousClock.now
        let interval: Duration = isTerminal ? .milliseconds(200) : .seconds(5)
        guard force || now - lastDraw >= interval else {
            lastText = text
            return
        }
        lastDraw = now
        lastText = ""
        write(isTerminal ? "\r\u{1B}[K" + text : text + "\n")
    }

    func finish() {
        if !lastText.isEmpty { update(lastText, force: true) }
        if isTerminal { write("\n") }
    }

    private func write(_ text: String) {
        StandardError.write(text)
    }
}

extension BinaryInteger {
    /// The number with thousands separators: 1,234,567.
    var formatted: String {
        let digits = String(self)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0, character != "-" { result.append(",") }
            result.append(character)
        }
        return result
    }
}

/// Unbuffered writes to standard error.
enum StandardError {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
