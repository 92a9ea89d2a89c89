import Foundation
import Logging
import NIOCore
import QueryAPI

/// A swift-log handler writing one JSON object per line to standard error:
/// `{"time","level","label","message",…metadata}`, for log shippers. Request logs carry
/// `hb.request.id`, the id also sent back as `X-Request-ID`.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let time = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        var line = JSONWriter(capacity: 256)
        line.beginObject()
        line.field("time", time)
        line.field("level", event.level.rawValue)
        line.field("label", label)
        line.field("message", event.message.description)
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { line.field(key, value.description) }
        line.endObject()
        var bytes = line.buffer
        bytes.writeInteger(UInt8(ascii: "\n"))
        FileHandle.standardError.write(Data(bytes.readableBytesView))
    }
}
