import Foundation

/// An opaque keyset cursor: the sort key of the last row of a page, base64url-encoded, with
/// the order it was made for, so a cursor cannot be replayed against another order.
struct PageCursor: Equatable {
    let order: String
    let time: Int64
    let tieBreaker: String

    func encoded() -> String {
        let raw = "\(order)|\(time)|\(tieBreaker)"
        return Data(raw.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String, order: String) throws(ProjectionsError) -> PageCursor {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let raw = String(data: data, encoding: .utf8) else {
            throw invalid("is not a cursor this server issued")
        }
        let parts = raw.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let time = Int64(parts[1]) else { throw invalid("is not a cursor this server issued") }
        guard parts[0] == order else { throw invalid("was issued for order=\(parts[0]); repeat the request with that order") }
        return PageCursor(order: String(parts[0]), time: time, tieBreaker: String(parts[2]))
    }

    /// The log position a cursor made for `order` ends at (its tie-breaker).
    static func position(_ text: String, order: String) throws(ProjectionsError) -> (time: Int64, position: Int64) {
        let cursor = try decode(text, order: order)
        guard let position = Int64(cursor.tieBreaker) else { throw invalid("is not a cursor this server issued") }
        return (cursor.time, position)
    }

    private static func invalid(_ message: String) -> ProjectionsError {
        ProjectionsError(code: .invalidArgument, message: "the cursor \(message)", field: "cursor")
    }
}
