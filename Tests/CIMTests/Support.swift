import CIM
import Foundation
import Testing

/// The bytes of a fixture in `Fixtures/`.
func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/\(name)")
    return try [UInt8](Data(contentsOf: url))
}

/// A message assembled from JSON fragments; `header` and `body` are the members of those objects.
func message(id: String = "\"m-1\"", header: String, body: String) -> [UInt8] {
    Array("{\"id\": \(id), \"header\": {\(header)}, \"body\": {\(body)}}".utf8)
}

/// A header fragment from a connector, attributed by channel identity.
let connectorHeader = """
    "sender": {"id": "s-1", "type": "CONNECTOR", "senderName": "WEB"}, "channelData": {"channelCustomerIdentifier": "+4179", "serviceIdentifier": "1122"}
    """

/// The violations `decode` reports for `bytes`, as `field: message` pairs; empty when valid.
func violations(_ bytes: [UInt8], origin: MessageOrigin = .cimMessage) -> [FieldViolation] {
    do {
        _ = try MessageDecoder().decode(bytes, origin: origin)
        return []
    } catch {
        return error.violations
    }
}

/// The fields named by the violations of `bytes`.
func violatedFields(_ bytes: [UInt8], origin: MessageOrigin = .cimMessage) -> [String] {
    violations(bytes, origin: origin).map(\.field)
}
