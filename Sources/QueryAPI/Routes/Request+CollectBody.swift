import Hummingbird
import NIOCore

extension Request {
    /// The body's bytes, refused with 413 when it declares or turns out to be over `limit`
    /// (a declared length is refused before anything is read).
    func collectBody(limit: Int) async throws -> [UInt8] {
        if let declared = headers[.contentLength].flatMap(Int.init), declared > limit {
            throw Self.bodyTooLarge(limit: limit)
        }
        do {
            let buffer = try await body.collect(upTo: limit)
            return buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            throw Self.bodyTooLarge(limit: limit)
        }
    }

    private static func bodyTooLarge(limit: Int) -> Problem {
        Problem(
            status: .contentTooLarge,
            title: "Body too large",
            detail: "The body exceeds the limit of \(limit) bytes; nothing was stored.",
            errors: [Problem.FieldError(field: "", message: "the body must be at most \(limit) bytes")]
        )
    }
}
