import Foundation
import Testing

/// The webhook examples in `Fixtures/webhooks/`: those of the reference guides made into
/// valid JSON (`*-reference-*`), and the rest of an 8x8 session around the reference's VCA
/// example, in the shapes 8x8's documentation gives.
enum WebhookFixtures {
    /// The 8x8 session in the order 8x8 sends it: call initiated, connected, the reference
    /// DTMF `3`, a `2` under `eventData` without an event id, disconnected, and the summary
    /// (leg A spelled `CallA`, leg B answered: a transfer).
    static let eightByEightSession = [
        "8x8-call-status-initiated", "8x8-call-status-connected", "8x8-reference-vca-dtmf", "8x8-vca-eventdata-dtmf-no-event-id",
        "8x8-call-status-disconnected", "8x8-session-summary-transferred",
    ]
    /// The reference VCA example's leg, session and customer.
    static let referenceCallID = "d6333b3f-9a40-11ee-b57c-09a88813d857"
    static let referenceSessionID = "d62f91ba-9a40-11ee-945e-5f476b4334a1"
    static let referenceCustomerNumber = "+6599999999"

    /// Every call object of the CCAI reference, each once, by the reference line it starts at.
    static let ccaiReferenceCalls = [
        "ccai-reference-line54-call0-scheduled", "ccai-reference-line290-call397-assigned", "ccai-reference-line389-call398-assigned",
        "ccai-reference-line808-call397-assigned", "ccai-reference-line996-call398-assigned", "ccai-reference-line1384-call515-queued",
        "ccai-reference-line1537-call519-queued", "ccai-reference-line1912-call515-queued",
    ]

    /// The bytes of `Fixtures/webhooks/<name>.json`.
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/webhooks/\(name).json")
        return try [UInt8](Data(contentsOf: url))
    }

    /// The fixture as a JSON object, to derive variants from.
    static func object(_ name: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes(name))) as? [String: Any])
    }

    /// `object` as JSON bytes.
    static func json(_ object: Any) throws -> [UInt8] {
        [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}
