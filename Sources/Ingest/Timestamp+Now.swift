public import CIM
import Foundation

extension Timestamp {
    /// The current wall-clock time.
    public static var now: Timestamp {
        Timestamp(millisecondsSince1970: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
